import ArgumentParser
import DeZero
import DeZeroGraphviz
import Foundation

/// `make demo`: book step 50 end to end. Trains the spiral classifier with a progress bar,
/// reports loss and accuracy as it goes, and draws the model's computational graph.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trains book step 50's spiral classifier and draws the model's graph.",
        discussion: """
            An MLP with one hidden layer of sigmoid units learns the three-armed spiral (300 \
            points, minibatches of 30, SGD). Every --every epochs it prints the training and test \
            loss and accuracy (the numbers `step50` prints), then it writes the graph of one \
            forward pass (Model.plot) to --output.
            """)

    @Option(help: "Epochs.") var epochs = 300
    @Option(help: "Examples per minibatch.") var batchSize = 30
    @Option(help: "Hidden units.") var hiddenSize = 10
    @Option(help: "Learning rate (SGD).") var lr = 1.0
    @Option(help: "Report every N epochs (1: every epoch, as step 50).") var every = 30
    @OptionGroup var graph: GraphOutput

    func validate() throws {
        try validateTraining(epochs: epochs, batchSize: batchSize, hiddenSize: hiddenSize)
        guard every > 0 else { throw ValidationError("--every must be positive") }
    }

    func run() throws {
        print("DeZero for Swift: book step 50, MLP([\(hiddenSize), 3]) learns the spiral dataset")
        print("(SGD lr \(lr), batches of \(batchSize), \(epochs) epochs)\n")
        let clock = ContinuousClock()
        let start = clock.now

        let trainSet = Spiral(train: true)
        let testSet = Spiral(train: false)
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let testLoader = DataLoader(testSet, batchSize: batchSize, shuffle: false)
        let model = MLP([hiddenSize, 3])
        let optimizer = SGD(lr: lr).setup(model)

        var standardError = StandardError()
        var test = (loss: Double.nan, accuracy: Double.nan)
        var first = 1
        while first <= epochs {
            let last = Swift.min(first + every - 1, epochs)
            let label = first == last ? "epoch \(first)" : "epochs \(first)-\(last)"
            let bar = ProgressBar(total: (last - first + 1) * trainLoader.maxIter, label: label)
            var train = (loss: Double.nan, accuracy: Double.nan)
            for _ in first...last {
                train = runEpoch(model, trainLoader, optimizer: optimizer, progress: bar)
                test = runEpoch(model, testLoader, optimizer: nil)
            }
            if bar.isEnabled { print("\r\u{1B}[K", terminator: "", to: &standardError) }
            print(
                "epoch \(pad(last, like: epochs))  train loss \(pyFixed(train.loss, 4)), accuracy \(pyFixed(train.accuracy, 4))"
                    + "  |  test loss \(pyFixed(test.loss, 4)), accuracy \(pyFixed(test.accuracy, 4))")
            first = last + 1
        }
        let elapsed = (clock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        print("\ntest accuracy \(pyFixed(test.accuracy * 100, 2))% after \(epochs) epochs (\(pyFixed(seconds, 2)) s)")

        try FileManager.default.createDirectory(atPath: graph.output, withIntermediateDirectories: true)
        let path = graph.path(stem: "spiral-mlp")
        let x = Variable(trainSet.data[0..<batchSize], name: "x")
        let y = try model.plot(x, toFile: path)
        print("wrote \(path): the graph of one forward pass, \(NDArray.shapeDescription(x.shape)) -> \(NDArray.shapeDescription(y.shape))")
    }

    /// `n` right-aligned to the width of `widest`.
    private func pad(_ n: Int, like widest: Int) -> String {
        let text = String(n)
        return String(repeating: " ", count: Swift.max(0, String(widest).count - text.count)) + text
    }
}
