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

    func run() throws {
        if let seed { Random.seed(seed) }
        let trainSet = try data.load(train: true)
        let testSet = try data.load(train: false)
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let testLoader = DataLoader(testSet, batchSize: batchSize, shuffle: false)

        let model = MLP([hiddenSize, hiddenSize, 10], activation: relu)
        let optimizer = Adam(alpha: lr).setup(model)
        optimizer.addHook(WeightDecay(weightDecay))  // Weight decay

        for epoch in 0..<epochs {
            var sumLoss = 0.0, sumAcc = 0.0
            let bar = ProgressBar(total: trainLoader.maxIter, label: "epoch \(epoch + 1)/\(epochs)")
            for (x, t) in trainLoader {
                let y = model(x)
                let loss = softmaxCrossEntropy(y, Variable(t))
                let acc = accuracy(y, Variable(t))
                model.cleargrads()
                loss.backward()
                optimizer.update()

                sumLoss += loss.data.item() * Double(t.shape[0])
                sumAcc += acc.data.item() * Double(t.shape[0])
                bar.advance()
            }
            bar.finish()
            print("epoch: \(epoch + 1)")
            print("train loss: \(sumLoss / Double(trainSet.count)), accuracy: \(sumAcc / Double(trainSet.count))")

            sumLoss = 0
            sumAcc = 0
            withNoGrad {
                for (x, t) in testLoader {
                    let y = model(x)
                    let loss = softmaxCrossEntropy(y, Variable(t))
                    let acc = accuracy(y, Variable(t))
                    sumLoss += loss.data.item() * Double(t.shape[0])
                    sumAcc += acc.data.item() * Double(t.shape[0])
                }
            }
            print("test loss: \(sumLoss / Double(testSet.count)), accuracy: \(sumAcc / Double(testSet.count))")
        }
    }
}
