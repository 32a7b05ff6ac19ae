import ArgumentParser
import DeZero
import DeZeroCompiler
import DeZeroGraphviz
import Foundation

/// `make demo`: book step 50 end to end, eagerly and compiled. Trains the spiral classifier
/// twice from the same start, first as eager DeZero code and then with its training and test
/// steps compiled by DeZeroCompiler, prints both runs' losses and accuracies side by side with
/// their wall-clock times, and writes the model's graph and the compiled step's IR.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trains book step 50's spiral classifier eagerly and compiled, and draws the model's graph.",
        discussion: """
            An MLP with one hidden layer of sigmoid units learns the three-armed spiral (300 \
            points, minibatches of 30, SGD), twice from the same start: eagerly, then with the \
            training step (forward, loss, cleargrads, backward, update) and the test step compiled \
            by DeZeroCompiler. Every --every epochs it prints the training and test loss and \
            accuracy of both runs (the numbers `step50` prints), then their wall-clock times. It \
            writes the graph of one forward pass (Model.plot) and the IR of the compiled training \
            step (spiral-step.ir) to --output.
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

    /// One run's reports: the epoch and its training and test results.
    private typealias Report = (epoch: Int, train: (loss: Double, accuracy: Double), test: (loss: Double, accuracy: Double))

    /// What one run leaves: its reports, time, model and steps.
    private struct Run {
        let reports: [Report]
        let seconds: Double
        let model: MLP
        let steps: ClassifierEpochs
    }

    func run() throws {
        print("DeZero for Swift: book step 50, MLP([\(hiddenSize), 3]) learns the spiral dataset")
        print("(SGD lr \(lr), batches of \(batchSize), \(epochs) epochs), eagerly and then compiled from the same start\n")
        let eager = try train(compiled: false)
        let compiled = try train(compiled: true)

        print("           train loss          train accuracy       test loss            test accuracy")
        print("epoch     eager  compiled     eager  compiled     eager  compiled     eager  compiled")
        for (e, c) in zip(eager.reports, compiled.reports) {
            let numbers = [e.train.loss, c.train.loss, e.train.accuracy, c.train.accuracy,
                           e.test.loss, c.test.loss, e.test.accuracy, c.test.accuracy]
            print(pad(String(e.epoch), 5) + "  " + numbers.map { pad(pyFixed($0, 4), 8) }.joined(separator: "  "))
        }
        let same = zip(eager.model.params(), compiled.model.params()).allSatisfy { arrayEqual($0.data, $1.data) }
        print("\nwall-clock time of the whole run (the compiled one includes its eager first call and the trace):")
        print("eager \(pyFixed(eager.seconds, 2)) s, compiled \(pyFixed(compiled.seconds, 2)) s, "
            + "compiled / eager = \(pyFixed(compiled.seconds / eager.seconds, 2))")
        print("final weights of the two runs: " + (same ? "identical, bit for bit" : "DIFFERENT"))
        if let last = compiled.reports.last {
            print("test accuracy \(pyFixed(last.test.accuracy * 100, 2))% after \(epochs) epochs")
        }

        try FileManager.default.createDirectory(atPath: graph.output, withIntermediateDirectories: true)
        let path = graph.path(stem: "spiral-mlp")
        let x = Variable(Spiral(train: true).data[0..<batchSize], name: "x")
        let y = try compiled.model.plot(x, toFile: path)
        print("wrote \(path): the graph of one forward pass, \(NDArray.shapeDescription(x.shape)) -> \(NDArray.shapeDescription(y.shape))")
        // The full minibatch's program (a last, smaller minibatch would have its own, used later).
        if let program = compiled.steps.trainStep.compiled?.programs.first {
            let irPath = pathIn(graph.output, "spiral-step.ir")
            try program.text().write(toFile: irPath, atomically: true, encoding: .utf8)
            print("wrote \(irPath): the compiled training step, \(program.instructions.count) instructions")
        }
    }

    /// Trains a fresh model (`Spiral` reseeds the generator, so every run starts from the same
    /// weights and shuffles), reporting every `every` epochs, with a progress bar on stderr.
    private func train(compiled: Bool) throws -> Run {
        let clock = ContinuousClock()
        let start = clock.now
        let trainSet = Spiral(train: true)
        let testSet = Spiral(train: false)  // reseeds the generator: the loaders come after it, as step 50's
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let testLoader = DataLoader(testSet, batchSize: batchSize, shuffle: false)
        let model = MLP([hiddenSize, 3])
        let optimizer = SGD(lr: lr).setup(model)
        let steps = ClassifierEpochs(model, optimizer, compiled: compiled)

        let bar = ProgressBar(total: epochs * trainLoader.maxIter, label: compiled ? "compiled" : "eager")
        var reports: [Report] = []
        for epoch in 1..<(epochs + 1) {
            let train = try steps.run(trainLoader, training: true, progress: bar)
            let test = try steps.run(testLoader, training: false)
            if epoch % every == 0 || epoch == epochs { reports.append((epoch, train, test)) }
        }
        bar.finish()
        let elapsed = (clock.now - start).components
        return Run(
            reports: reports, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, model: model,
            steps: steps)
    }

    /// `text` right-aligned in `width` columns.
    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }
}
