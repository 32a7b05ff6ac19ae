import ArgumentParser
import DeZero

/// DeZero's `examples/mnist.py`: a three-layer ReLU MLP trained on MNIST with Adam and weight
/// decay, printing the training and test loss and accuracy after each epoch.
struct MNISTProgram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mnist",
        abstract: "DeZero's examples/mnist.py: an MLP with Adam and weight decay on MNIST.")
    @Option(help: "Epochs.") var epochs = 5
    @Option(help: "Examples per minibatch.") var batchSize = 100
    @Option(help: "Units of each of the two hidden layers.") var hiddenSize = 1000
    @Option(help: "Learning rate (Adam's alpha).") var lr = 0.001
    @Option(help: "Weight decay rate.") var weightDecay = 1e-4
    @Option(help: "Seed of the global generator (default: unseeded, as the script).") var seed: Int?
    @OptionGroup var data: MNISTDataOptions
    @OptionGroup var compile: CompileFlag

    func run() throws {
        if let seed { Random.seed(seed) }
        let trainSet = try data.load(train: true)
        let testSet = try data.load(train: false)
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let testLoader = DataLoader(testSet, batchSize: batchSize, shuffle: false)

        let model = MLP([hiddenSize, hiddenSize, 10], activation: relu)
        let optimizer = Adam(alpha: lr).setup(model)
        optimizer.addHook(WeightDecay(weightDecay))  // Weight decay
        // The script's loops, as steps 50 and 51 run them: per minibatch the loss and accuracy
        // (training: after cleargrads, backward, update; testing: without building graphs).
        let steps = ClassifierEpochs(model, optimizer, compiled: compile.compiled)

        for epoch in 0..<epochs {
            let bar = ProgressBar(total: trainLoader.maxIter, label: "epoch \(epoch + 1)/\(epochs)")
            let train = try steps.run(trainLoader, training: true, progress: bar)
            bar.finish()
            print("epoch: \(epoch + 1)")
            print("train loss: \(train.loss), accuracy: \(train.accuracy)")

            let test = try steps.run(testLoader, training: false)
            print("test loss: \(test.loss), accuracy: \(test.accuracy)")
        }
    }
}
