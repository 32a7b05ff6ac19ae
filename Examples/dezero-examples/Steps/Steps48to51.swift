import ArgumentParser
import DeZero
import DeZeroCUDA

/// Rejects training sizes that make no sense.
func validateTraining(epochs: Int, batchSize: Int, hiddenSize: Int) throws {
    guard epochs >= 0 else { throw ValidationError("--epochs must not be negative") }
    guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    guard hiddenSize > 0 else { throw ValidationError("--hidden-size must be positive") }
}

/// Step 48: the spiral classifier, minibatches cut by hand from `getSpiral`'s arrays.
struct Step48: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 48: multi-class classification of the spiral.")
    @Option(help: "Epochs.") var epochs = 300
    @Option(help: "Examples per minibatch.") var batchSize = 30
    @Option(help: "Hidden units.") var hiddenSize = 10
    @Option(help: "Learning rate (SGD).") var lr = 1.0
    @OptionGroup var compile: CompileFlag

    func validate() throws { try validateTraining(epochs: epochs, batchSize: batchSize, hiddenSize: hiddenSize) }

    func run() throws {
        let (x, t) = getSpiral(train: true)
        let model = MLP([hiddenSize, 3])
        let optimizer = SGD(lr: lr).setup(model)
        let dataSize = x.shape[0]
        let maxIter = (dataSize + batchSize - 1) / batchSize
        let step = classificationStep(model, optimizer, compiled: compile.compiled)

        for epoch in 0..<epochs {
            let index = Random.permutation(dataSize)
            var sumLoss = 0.0
            for i in 0..<maxIter {
                let batchIndex = index[i * batchSize..<Swift.min((i + 1) * batchSize, dataSize)]
                let batchX = x[batchIndex]
                let batchT = t[batchIndex]
                let loss = try step(Variable(batchX), Variable(batchT))
                sumLoss += loss.data.item() * Double(batchT.shape[0])
            }
            let avgLoss = sumLoss / Double(dataSize)
            print("epoch \(epoch + 1), loss \(pyFixed(avgLoss, 2))")
        }
    }
}

/// Step 49: the same training from the `Spiral` dataset, a batch built example by example.
struct Step49: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 49: the Dataset class.")
    @Option(help: "Epochs.") var epochs = 300
    @Option(help: "Examples per minibatch.") var batchSize = 30
    @Option(help: "Hidden units.") var hiddenSize = 10
    @Option(help: "Learning rate (SGD).") var lr = 1.0
    @OptionGroup var compile: CompileFlag

    func validate() throws { try validateTraining(epochs: epochs, batchSize: batchSize, hiddenSize: hiddenSize) }

    func run() throws {
        let trainSet = Spiral(train: true)
        let model = MLP([hiddenSize, 3])
        let optimizer = SGD(lr: lr).setup(model)
        let dataSize = trainSet.count
        let maxIter = (dataSize + batchSize - 1) / batchSize
        let step = classificationStep(model, optimizer, compiled: compile.compiled)

        for epoch in 0..<epochs {
            let index = Random.permutation(dataSize).scalars(as: Int64.self).map { Int($0) }
            var sumLoss = 0.0
            for i in 0..<maxIter {
                let batchIndex = index[i * batchSize..<Swift.min((i + 1) * batchSize, dataSize)]
                let batch = batchIndex.map { trainSet[$0] }
                let batchX = stack(batch.map(\.x))
                let batchT = stack(batch.map(\.t))
                let loss = try step(Variable(batchX), Variable(batchT))
                sumLoss += loss.data.item() * Double(batchT.shape[0])
            }
            let avgLoss = sumLoss / Double(dataSize)
            print("epoch \(epoch + 1), loss \(pyFixed(avgLoss, 2))")
        }
    }
}

/// The training step of steps 48 and 49 (and examples/spiral.py): the softmax cross entropy
/// loss of a minibatch `(x, t)`, after the update.
func classificationStep(_ model: Layer, _ optimizer: Optimizer, compiled: Bool) -> StepFunction {
    StepFunction(compiled: compiled, "classification-step") { x, t in
        let y = model(x)
        let loss = softmaxCrossEntropy(y, t)
        model.cleargrads()
        loss.backward()
        optimizer.update()
        return loss
    }
}

/// The loop body of steps 50 and 51 (and examples/mnist.py) for a classifier: a minibatch's
/// loss and accuracy, with the update when training; each step compiled once with `--compiled`.
struct ClassifierEpochs {
    /// Forward, loss, accuracy, `cleargrads`, `backward`, `update`: `[x, t] -> [loss, accuracy]`.
    let trainStep: StepFunction
    /// Forward, loss and accuracy, run without building graphs: `[x, t] -> [loss, accuracy]`.
    let testStep: StepFunction

    /// The steps of `model` trained by `optimizer`.
    init(_ model: Layer, _ optimizer: Optimizer, compiled: Bool) {
        func body(training: Bool) -> ([Variable]) -> [Variable] {
            { inputs in
                let (x, t) = (inputs[0], inputs[1])
                let y = model(x)
                let loss = softmaxCrossEntropy(y, t)
                let acc = accuracy(y, t)
                if training {
                    model.cleargrads()
                    loss.backward()
                    optimizer.update()
                }
                return [loss, acc]
            }
        }
        trainStep = StepFunction(compiled: compiled, "train-step", body(training: true))
        testStep = StepFunction(compiled: compiled, "test-step", body(training: false))
    }

    /// The mean loss and accuracy over one pass of `loader`, training, or evaluating without
    /// building graphs. `progress` advances once per batch.
    func run(_ loader: DataLoader, training: Bool, progress: ProgressBar? = nil) throws -> (loss: Double, accuracy: Double) {
        var sumLoss = 0.0, sumAcc = 0.0
        for (x, t) in loader {
            let batch = [Variable(x), Variable(t)]
            let result = training ? try trainStep(batch) : try withNoGrad { try testStep(batch) }
            let n = Double(t.shape[0])
            sumLoss += result[0].data.item() * n
            sumAcc += result[1].data.item() * n
            progress?.advance()
        }
        let count = Double(loader.dataSize)
        return (sumLoss / count, sumAcc / count)
    }
}

/// Prints one epoch's results as steps 50 and 51 do.
func printEpoch(_ epoch: Int, train: (loss: Double, accuracy: Double), test: (loss: Double, accuracy: Double)) {
    print("epoch: \(epoch)")
    print("train loss: \(pyFixed(train.loss, 4)), accuracy: \(pyFixed(train.accuracy, 4))")
    print("test loss: \(pyFixed(test.loss, 4)), accuracy: \(pyFixed(test.accuracy, 4))")
}

/// Step 50: `DataLoader`, and the accuracy on the test spiral after each epoch.
struct Step50: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 50: DataLoader and test accuracy.")
    @Option(help: "Epochs.") var epochs = 300
    @Option(help: "Examples per minibatch.") var batchSize = 30
    @Option(help: "Hidden units.") var hiddenSize = 10
    @Option(help: "Learning rate (SGD).") var lr = 1.0
    @OptionGroup var compile: CompileFlag

    func validate() throws { try validateTraining(epochs: epochs, batchSize: batchSize, hiddenSize: hiddenSize) }

    func run() throws {
        let trainSet = Spiral(train: true)
        let testSet = Spiral(train: false)
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let testLoader = DataLoader(testSet, batchSize: batchSize, shuffle: false)
        let model = MLP([hiddenSize, 3])
        let optimizer = SGD(lr: lr).setup(model)
        let steps = ClassifierEpochs(model, optimizer, compiled: compile.compiled)

        for epoch in 0..<epochs {
            let train = try steps.run(trainLoader, training: true)
            let test = try steps.run(testLoader, training: false)
            printEpoch(epoch + 1, train: train, test: test)
        }
    }
}

/// Step 51: the MLP on MNIST (`--synthetic`: on generated MNIST-shaped digits, offline).
struct Step51: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Step 51: MNIST training.",
        discussion: MNISTTraining.discussion)
    @OptionGroup var training: MNISTTraining

    func run() throws { try training.run(on: .cpu) }
}

/// Step 52: step 51 on the GPU (`--gpu`), as the book's CuPy version.
struct Step52: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Step 52: MNIST training on the GPU.",
        discussion: MNISTTraining.discussion + " --gpu trains on CUDA device 0 (an NVIDIA GPU and its driver).")
    @OptionGroup var training: MNISTTraining
    @Flag(help: "Train on CUDA device 0.") var gpu = false

    func run() throws { try training.run(on: gpu ? try CUDA.device(0) : .cpu) }
}

/// The options and the loop of steps 51 and 52.
struct MNISTTraining: ParsableArguments {
    static let discussion = """
        Reads the four MNIST files from --data-dir (default ~/.dezero, downloading them when \
        missing). --synthetic trains on MNIST.synthetic instead, which needs no files.
        """
    @Option(help: "Epochs.") var epochs = 5
    @Option(help: "Examples per minibatch.") var batchSize = 100
    @Option(help: "Hidden units.") var hiddenSize = 1000
    @Option(help: "Learning rate (SGD).") var lr = 0.01

    @Option(help: "Directory of the MNIST files (default: ~/.dezero or $DEZERO_DATA_DIR).") var dataDir: String?
    @Flag(help: "Use generated MNIST-shaped data instead of the real files.") var synthetic = false
    @Option(help: "Use only the first N images of each split (0: all).") var limit = 0
    @Flag(help: "Show a progress bar per epoch on standard error (when it is a terminal).") var progress = false
    @Option(help: "Seed the global generator first, as np.random.seed (the book's script does not).") var seed: Int?
    @OptionGroup var compile: CompileFlag

    func validate() throws {
        try validateTraining(epochs: epochs, batchSize: batchSize, hiddenSize: hiddenSize)
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
    }

    /// Trains and evaluates on `device`: the model and the batches move there.
    func run(on device: Device) throws {
        if let seed { Random.seed(seed) }
        let (trainSet, testSet) = try loadSets()
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let testLoader = DataLoader(testSet, batchSize: batchSize, shuffle: false)
        let model = MLP([hiddenSize, 10])
        let optimizer = SGD(lr: lr).setup(model)
        if device != .cpu {
            trainLoader.to(device)
            testLoader.to(device)
            model.to(device)
        }
        let steps = ClassifierEpochs(model, optimizer, compiled: compile.compiled)

        for epoch in 0..<epochs {
            let bar = progress ? ProgressBar(total: trainLoader.maxIter, label: "epoch \(epoch + 1)") : nil
            let train = try steps.run(trainLoader, training: true, progress: bar)
            bar?.finish()
            let test = try steps.run(testLoader, training: false)
            printEpoch(epoch + 1, train: train, test: test)
        }
    }

    /// The training and test splits, real or synthetic, cut to `--limit` images.
    private func loadSets() throws -> (MNIST, MNIST) {
        let count = limit > 0 ? limit : nil
        if synthetic {
            return (MNIST.synthetic(train: true, count: count), MNIST.synthetic(train: false, count: count))
        }
        func load(train: Bool) throws -> MNIST {
            let full = try MNIST(train: train, dataDirectory: dataDir)
            guard let count, count < full.count else { return full }
            return MNIST(train: train, data: full.data[0..<count], label: full.label[0..<count])
        }
        return (try load(train: true), try load(train: false))
    }
}
