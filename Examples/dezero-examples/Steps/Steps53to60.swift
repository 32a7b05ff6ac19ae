import ArgumentParser
import DeZero
import Foundation

// Steps 53-60 of the book. Step 52 (running on a GPU through CuPy) has no counterpart here.

/// Step 53: trains the MNIST MLP of step 51, starting from the weights saved by a previous run
/// when the file exists, and saves them at the end.
struct Step53: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 53: saving and loading the weights of the MNIST MLP.")
    @Option(help: "Epochs.") var epochs = 3
    @Option(help: "Examples per minibatch.") var batchSize = 100
    @Option(help: "Units of the hidden layer.") var hiddenSize = 1000
    @Option(help: "Learning rate of SGD.") var lr = 0.01
    @Option(help: "Seed of the global generator (default: unseeded, as the script).") var seed: Int?
    @Option(help: "The weight file, loaded first when it exists and written at the end.") var weights = "my_mlp.npz"
    @OptionGroup var data: MNISTDataOptions

    func run() throws {
        if let seed { Random.seed(seed) }
        let trainSet = try data.load(train: true)
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let model = MLP([hiddenSize, 10])
        let optimizer = SGD(lr: lr).setup(model)
        if FileManager.default.fileExists(atPath: weights) {
            try model.loadWeights(weights)
        }
        for epoch in 0..<epochs {
            var sumLoss = 0.0
            for (x, t) in trainLoader {
                let y = model(x)
                let loss = softmaxCrossEntropy(y, Variable(t))
                model.cleargrads()
                loss.backward()
                optimizer.update()
                sumLoss += loss.data.item() * Double(t.shape[0])
            }
            print("epoch: \(epoch + 1), loss: \(pyFixed(sumLoss / Double(trainSet.count), 4))")
        }
        try model.saveWeights(weights)
    }
}

/// Step 54: dropout in training and in test mode. The script draws the mask unseeded, so the
/// second line changes from run to run; `--seed 3` happens to give the mask of the reference
/// output (`[2. 2. 0. 2. 2.]`).
struct Step54: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 54: dropout and test mode.")
    @Option(help: "Seed of the global generator (default: unseeded, as the script: the mask changes from run to run).")
    var seed: Int?

    func run() {
        if let seed { Random.seed(seed) }
        let x = NDArray.ones([5])
        print(x)
        // When training
        var y = dropout(Variable(x))
        print(y)
        // When testing (predicting)
        withTestMode {
            y = dropout(Variable(x))
            print(y)
        }
    }
}

/// The output size of a convolution along one axis (the book's `get_conv_outsize`).
func convOutsize(_ inputSize: Int, _ kernelSize: Int, _ stride: Int, _ pad: Int) -> Int {
    (inputSize + pad * 2 - kernelSize) / stride + 1
}

/// Step 55: the output size of a convolution.
struct Step55: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 55: convolution output sizes.")
    func run() {
        let (H, W) = (4, 4)  // Input size
        let (KH, KW) = (3, 3)  // Kernel size
        let (SH, SW) = (1, 1)  // Kernel stride
        let (PH, PW) = (1, 1)  // Padding size
        let OH = convOutsize(H, KH, SH, PH)
        let OW = convOutsize(W, KW, SW, PW)
        print(OH, OW)
    }
}

/// Step 56: CNN mechanics, theory only.
struct Step56: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 56: CNN mechanics (2), theory only.")
    func run() {}
}

/// Step 57: im2col's shapes, and a convolution built on it with its gradient.
struct Step57: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 57: conv2d and pooling by im2col.")
    @Option(help: "Seed of the global generator (default: unseeded, as the script; the shapes do not depend on it).")
    var seed: Int?

    func run() {
        if let seed { Random.seed(seed) }
        // im2col
        let x1 = Random.rand(1, 3, 7, 7)
        let col1 = im2col(Variable(x1), kernelSize: (5, 5), stride: (1, 1), pad: (0, 0), toMatrix: true)
        print(NDArray.shapeDescription(col1.shape))  // (9, 75)

        let x2 = Random.rand(10, 3, 7, 7)  // 10 images
        let col2 = im2col(Variable(x2), kernelSize: (5, 5), stride: (1, 1), pad: (0, 0), toMatrix: true)
        print(NDArray.shapeDescription(col2.shape))  // (90, 75)

        // conv2d
        let (N, C, H, W) = (1, 5, 15, 15)
        let (OC, KH, KW) = (8, 3, 3)
        let x = Variable(Random.randn(N, C, H, W))
        let kernel = Random.randn(OC, C, KH, KW)
        let y = conv2dSimple(x, Variable(kernel), nil, stride: (1, 1), pad: (1, 1))
        y.backward()
        print(NDArray.shapeDescription(y.shape))  // (1, 8, 15, 15)
        print(NDArray.shapeDescription(x.grad!.shape))  // (1, 5, 15, 15)
    }
}

/// Step 58: classifies an image with a pretrained VGG16 and prints the ImageNet class name.
///
/// There is no network and no image decoder here, so the image and the weights are files given
/// by path: the image as a NumPy `.npy` array, either `(224, 224, 3)` RGB (`VGG16.preprocess` is
/// applied, as the script does after PIL has resized it) or already preprocessed,
/// `(3, 224, 224)` or `(1, 3, 224, 224)`; the weights as DeZero's `vgg16.npz`. The class names
/// are DeZero's `imagenet1000_clsidx_to_labels.txt` (`--labels`, or the data directory, or a
/// download); without them the class index is printed. The script's `model.plot` (a drawing of
/// the whole network) is left out.
struct Step58: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 58: VGG16 on an image (--image, --weights).")
    @Option(help: "The image as .npy: (224, 224, 3) RGB, or preprocessed (3, 224, 224) / (1, 3, 224, 224).")
    var image: String?
    @Option(help: "VGG16 weights: DeZero's vgg16.npz.") var weights: String?
    @Option(help: "ImageNet class names (imagenet1000_clsidx_to_labels.txt); default: the data directory, downloaded when missing.")
    var labels: String?

    func run() throws {
        guard let image, let weights else {
            print("""
                step58 classifies an image with a pretrained VGG16 and needs two files:
                  --image PATH    the image as a NumPy .npy array: (224, 224, 3) RGB pixels (0-255),
                                  or already preprocessed (3, 224, 224) or (1, 3, 224, 224) BGR minus the means
                                  (the book uses zebra.jpg from the book's repository, branch 'images')
                  --weights PATH  DeZero's pretrained weights vgg16.npz
                                  (\(VGG16.weightsURL))
                  --labels PATH   optional: the ImageNet class names, imagenet1000_clsidx_to_labels.txt
                                  (default: the data directory, downloaded when missing)
                """)
            return
        }
        var x = try NDArray.load(npy: image)
        switch x.shape {
        case [224, 224, 3]: x = VGG16.preprocess(x).expandDims(0)
        case [3, 224, 224]: x = x.astype(.float32).expandDims(0)
        case [1, 3, 224, 224]: x = x.astype(.float32)
        default:
            throw ExampleInputError(
                "--image: expected an array of shape (224, 224, 3), (3, 224, 224) or (1, 3, 224, 224), got \(NDArray.shapeDescription(x.shape))")
        }
        let model = try VGG16(weights: weights)
        let y = withTestMode { withNoGrad { model(x) } }
        let predictId = Int(y.data.argmax().item())
        let names: [Int: String]
        do {
            if let labels {
                guard let text = String(validating: try DataFiles.read(labels), as: UTF8.self) else {
                    throw DatasetError.corruptFile(path: labels, reason: "the text is not valid UTF-8")
                }
                names = try ImageNet.parseLabels(text, source: labels)
            } else {
                names = try ImageNet.labels()
            }
        } catch {
            var standardError = StandardError()
            print("no ImageNet class names (\(error)); printing the class index", to: &standardError)
            print(predictId)
            return
        }
        print(names[predictId] ?? "class \(predictId)")
    }
}

/// `--predictions PATH`: where steps 59 and 60 write the trained model's predictions on the
/// cosine curve the script plots.
struct CurvePredictionOutput: ParsableArguments {
    @Option(help: "Write the predictions on cos(linspace(0, 4π, 1000)) (the script's plot) to this .npy file.")
    var predictions: String?

    /// Runs `model` on the script's cosine, point by point from a fresh state without recording
    /// the graph, and saves the 1000 predictions when `--predictions` was given.
    func write(_ model: Model, resetState: () -> Void) throws {
        guard let predictions else { return }
        let xs = cos(NDArray.linspace(0, 4 * Double.pi, num: 1000))
        resetState()
        var predList: [Double] = []
        withNoGrad {
            for x in xs.scalars(as: Double.self) {
                let y = model(NDArray([x]).reshape([1, 1]))
                predList.append(y.data.item())
            }
        }
        try NDArray(predList, shape: [predList.count]).save(npy: predictions)
        noteWritten(predictions)
    }
}

/// The book's recurrent model of step 59: an RNN layer and a linear output.
final class SimpleRNN: Model {
    /// The recurrent layer.
    let rnn: L.RNN
    /// The output layer.
    let fc: L.Linear

    /// A model with `hiddenSize` recurrent units and `outSize` outputs, sized at the first call.
    init(hiddenSize: Int, outSize: Int) {
        rnn = L.RNN(hiddenSize)
        fc = L.Linear(outSize)
    }

    /// Forgets the hidden state.
    func resetState() { rnn.resetState() }

    /// The prediction for the next point after `x`, `(N, 1)`.
    override func forward(_ x: Variable) -> Variable {
        let h = rnn(x)
        return fc(h)
    }
}

/// Step 59: an RNN learns the noisy sine curve one point at a time, by truncated BPTT.
struct Step59: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 59: time series with an RNN.")
    @Option(help: "Epochs.") var epochs = 100
    @Option(help: "Units of the RNN.") var hiddenSize = 100
    @Option(help: "Steps between backpropagations (truncated BPTT).") var bpttLength = 30
    @Option(help: "Learning rate (Adam's alpha).") var lr = 0.001
    @Option(help: "Seed of the global generator, set first (the book's reference ran after np.random.seed(0)).")
    var seed = 0
    @OptionGroup var output: CurvePredictionOutput

    func run() throws {
        Random.seed(seed)
        let trainSet = SinCurve(train: true)
        let seqlen = trainSet.count
        let model = SimpleRNN(hiddenSize: hiddenSize, outSize: 1)
        let optimizer = Adam(alpha: lr).setup(model)

        for epoch in 0..<epochs {
            model.resetState()
            var loss: Variable?
            var count = 0
            for i in 0..<seqlen {
                let (x, t) = trainSet[i]
                let y = model(x.reshape([1, 1]))
                let step = meanSquaredError(y, Variable(t))
                loss = loss.map { $0 + step } ?? step
                count += 1
                if count % bpttLength == 0 || count == seqlen {
                    model.cleargrads()
                    loss!.backward()
                    loss!.unchainBackward()
                    optimizer.update()
                }
            }
            let avgLoss = loss!.data.item() / Double(count)
            print("| epoch \(epoch + 1) | loss \(pyFixed(avgLoss, 6))")
        }
        try output.write(model, resetState: model.resetState)
    }
}

/// The book's recurrent model of step 60: an LSTM layer and a linear output.
final class BetterRNN: Model {
    /// The recurrent layer.
    let rnn: L.LSTM
    /// The output layer.
    let fc: L.Linear

    /// A model with `hiddenSize` recurrent units and `outSize` outputs, sized at the first call.
    init(hiddenSize: Int, outSize: Int) {
        rnn = L.LSTM(hiddenSize)
        fc = L.Linear(outSize)
    }

    /// Forgets the hidden and cell states.
    func resetState() { rnn.resetState() }

    /// The prediction for the next point after `x`, `(N, 1)`.
    override func forward(_ x: Variable) -> Variable {
        let y = rnn(x)
        return fc(y)
    }
}

/// Step 60: an LSTM learns the noisy sine curve from minibatches of parallel stretches
/// (`SeqDataLoader`).
struct Step60: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 60: LSTM and SeqDataLoader.")
    @Option(help: "Epochs.") var epochs = 100
    @Option(help: "Parallel stretches of the sequence per minibatch.") var batchSize = 30
    @Option(help: "Units of the LSTM.") var hiddenSize = 100
    @Option(help: "Steps between backpropagations (truncated BPTT).") var bpttLength = 30
    @Option(help: "Learning rate (Adam's alpha).") var lr = 0.001
    @Option(help: "Seed of the global generator, set first (the book's reference ran after np.random.seed(0)).")
    var seed = 0
    @OptionGroup var output: CurvePredictionOutput

    func run() throws {
        Random.seed(seed)
        let trainSet = SinCurve(train: true)
        let dataloader = SeqDataLoader(trainSet, batchSize: batchSize)
        let seqlen = trainSet.count
        let model = BetterRNN(hiddenSize: hiddenSize, outSize: 1)
        let optimizer = Adam(alpha: lr).setup(model)

        for epoch in 0..<epochs {
            model.resetState()
            var loss: Variable?
            var count = 0
            for (x, t) in dataloader {
                let y = model(x)
                let step = meanSquaredError(y, Variable(t))
                loss = loss.map { $0 + step } ?? step
                count += 1
                if count % bpttLength == 0 || count == seqlen {
                    model.cleargrads()
                    loss!.backward()
                    loss!.unchainBackward()
                    optimizer.update()
                }
            }
            let avgLoss = loss!.data.item() / Double(count)
            print("| epoch \(epoch + 1) | loss \(pyFixed(avgLoss, 6))")
        }
        try output.write(model, resetState: model.resetState)
    }
}
