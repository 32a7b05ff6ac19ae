import ArgumentParser
import DeZero

/// DeZero's `examples/gan.py`: a DCGAN on MNIST. A generator (linear layers and transposed
/// convolutions with batch normalization) turns `--hidden-size` random numbers into a 28 x 28
/// image; a discriminator (convolutions, leaky ReLU) tells them from real digits. Every
/// `--interval` iterations it prints the running average losses.
///
/// At each print the script shows 25 images generated from fixed random inputs; `--output DIR`
/// writes them instead, as `DIR/gan_<epoch>.npy` (shape (25, 28, 28), values in 0...1; `<epoch>`
/// counts from 0 as the script's loop, and each print overwrites the epoch's file, so the
/// epoch's last one stays). Without `--output` nothing is generated, which changes no number:
/// generating draws nothing and runs in test mode. The script's GPU path is left out (its
/// interval there is 100).
struct GAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gan",
        abstract: "DeZero's examples/gan.py: a DCGAN on MNIST.")
    @Option(help: "Epochs.") var epochs = 5
    @Option(help: "Examples per minibatch (a last, smaller minibatch is skipped, as in the script).")
    var batchSize = 128
    @Option(help: "Size of the generator's random input.") var hiddenSize = 62
    @Option(help: "Learning rate of both Adam optimizers (alpha; beta1 is 0.5).") var lr = 0.0002
    @Option(help: "Iterations between printed losses.") var interval = 5
    @Option(help: "Seed of the global generator (default: unseeded, as the script).") var seed: Int?
    @Option(help: "Write the 25 generated test images as DIR/gan_<epoch>.npy.") var output: String?
    @OptionGroup var data: MNISTDataOptions
    @OptionGroup var compile: CompileFlag

    func validate() throws {
        guard interval > 0 else { throw ValidationError("--interval must be positive") }
    }

    func run() throws {
        if let seed { Random.seed(seed) }
        let (fcChannel, fcHeight, fcWidth) = (128, 7, 7)

        let gen = Sequential(
            L.Linear(1024),
            L.BatchNorm(),
            L.Lambda(relu),
            L.Linear(fcChannel * fcHeight * fcWidth),
            L.BatchNorm(),
            L.Lambda(relu),
            L.Lambda { reshape($0, [-1, fcChannel, fcHeight, fcWidth]) },
            L.Deconv2d(fcChannel / 2, kernelSize: 4, stride: 2, pad: 1),
            L.BatchNorm(),
            L.Lambda(relu),
            L.Deconv2d(1, kernelSize: 4, stride: 2, pad: 1),
            L.Lambda(sigmoid)
        )

        let dis = Sequential(
            L.Conv2d(64, kernelSize: 4, stride: 2, pad: 1),
            L.Lambda { leakyRelu($0) },
            L.Conv2d(128, kernelSize: 4, stride: 2, pad: 1),
            L.BatchNorm(),
            L.Lambda { leakyRelu($0) },
            L.Lambda(flatten),
            L.Linear(1024),
            L.BatchNorm(),
            L.Lambda { leakyRelu($0) },
            L.Linear(1),
            L.Lambda(sigmoid)
        )

        initWeight(dis: dis, gen: gen)

        let optG = Adam(alpha: lr, beta1: 0.5).setup(gen)
        let optD = Adam(alpha: lr, beta1: 0.5).setup(dis)

        let trainSet = try data.load(train: true, transform: AnyTransform { ($0 / 255.0).astype(.float32) })
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)

        let labelReal = Variable(NDArray.ones([batchSize], dtype: .int64))
        let labelFake = Variable(NDArray.zeros([batchSize], dtype: .int64))
        let testZ = Random.randn(25, hiddenSize).astype(.float32)

        // One iteration's two updates, in one step (compiled once with --compiled): the
        // generator's loss backpropagates through `fake`, made in the discriminator's half.
        let step = StepFunction(compiled: compile.compiled, "gan-step") { inputs in
            let x = inputs[0]
            // (1) Update discriminator
            let z = Random.randn(batchSize, hiddenSize).astype(.float32)
            let fake = gen(z)
            let yReal = dis(x)
            var yFake = dis(fake.data)
            let lossD = binaryCrossEntropy(yReal, labelReal) + binaryCrossEntropy(yFake, labelFake)
            gen.cleargrads()
            dis.cleargrads()
            lossD.backward()
            optD.update()

            // (2) Update generator
            yFake = dis(fake)
            let lossG = binaryCrossEntropy(yFake, labelReal)
            gen.cleargrads()
            dis.cleargrads()
            lossG.backward()
            optG.update()
            return [lossD, lossG]
        }

        for epoch in 0..<epochs {
            var avgLossD = 0.0
            var avgLossG = 0.0
            var cnt = 0
            let bar = ProgressBar(total: trainLoader.maxIter, label: "epoch \(epoch + 1)/\(epochs)")

            for (x, t) in trainLoader {
                cnt += 1
                bar.advance()
                if t.shape[0] != batchSize { continue }
                let losses = try step([Variable(x)])
                let (lossD, lossG) = (losses[0], losses[1])

                // Print loss & visualize generator
                avgLossG += lossG.data.item()
                avgLossD += lossD.data.item()
                if cnt % interval == 0 {
                    let epochDetail = Double(epoch) + Double(cnt) / Double(trainLoader.maxIter)
                    printLine(
                        "epoch: \(pyFixed(epochDetail, 2)), loss_g: \(pyFixed(avgLossG / Double(cnt), 4)), "
                            + "loss_d: \(pyFixed(avgLossD / Double(cnt), 4))",
                        clearing: bar)
                    if let output { try generateImage(gen, testZ, directory: output, epoch: epoch) }
                }
            }
            bar.finish()
        }
    }

    /// The script's `init_weight`: one forward pass of a single random input sizes every layer,
    /// then the weights of the linear and (transposed) convolution layers are redrawn from
    /// `0.02 * randn` (float64, as the script's NumPy assignment leaves them).
    private func initWeight(dis: Sequential, gen: Sequential) {
        let z = Random.rand(1, hiddenSize)
        let fakeImages = gen(z)
        _ = dis(fakeImages)

        for layer in dis.layers + gen.layers {
            let weight: Parameter? = switch layer {
            case let l as L.Conv2d: l.W
            case let l as L.Linear: l.W
            case let l as L.Deconv2d: l.W
            default: nil
            }
            if let weight { weight.data = 0.02 * Random.randn(shape: weight.shape) }
        }
    }

    /// The script's `generate_image`, saved instead of shown: the generator's test-mode output
    /// for the fixed inputs `testZ`, as `(25, 28, 28)`.
    private func generateImage(_ gen: Sequential, _ testZ: NDArray, directory: String, epoch: Int) throws {
        let fakeImages = withTestMode { gen(testZ) }
        let img = fakeImages.data
        try makeDirectory(directory)
        let path = pathIn(directory, "gan_\(epoch).npy")
        try img.reshape([img.shape[0], img.shape[2], img.shape[3]]).save(npy: path)
    }
}
