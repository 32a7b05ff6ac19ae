#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import DeZero

/// The encoder of DeZero's `examples/vae.py`: four convolutions and a linear layer, then two
/// linear heads for the mean and the log variance of the latent code.
final class VAEEncoder: Model {
    /// The size of the latent code.
    let latentSize: Int
    /// 32 channels, 28 x 28.
    let conv1 = L.Conv2d(32, kernelSize: 3, stride: 1, pad: 1)
    /// 64 channels, stride 2: 14 x 14.
    let conv2 = L.Conv2d(64, kernelSize: 3, stride: 2, pad: 1)
    /// 64 channels.
    let conv3 = L.Conv2d(64, kernelSize: 3, stride: 1, pad: 1)
    /// 64 channels.
    let conv4 = L.Conv2d(64, kernelSize: 3, stride: 1, pad: 1)
    /// The hidden layer, 32 units.
    let linear1 = L.Linear(32)
    /// The mean of the code.
    let linear2: L.Linear
    /// The log variance of the code.
    let linear3: L.Linear

    /// An encoder to codes of `latentSize` numbers.
    init(latentSize: Int) {
        self.latentSize = latentSize
        linear2 = L.Linear(latentSize)
        linear3 = L.Linear(latentSize)
    }

    /// `[z_mean, z_log_var]` for a batch of images `(N, 1, 28, 28)`.
    override func forward(_ inputs: [Variable]) -> [Variable] {
        var x = inputs[0]
        x = relu(conv1(x))
        x = relu(conv2(x))
        x = relu(conv3(x))
        x = relu(conv4(x))
        x = flatten(x)
        x = relu(linear1(x))
        let zMean = linear2(x)
        let zLogVar = linear3(x)
        return [zMean, zLogVar]
    }

    /// A code drawn around `zMean` (the script's `sampling`, which scales the noise by
    /// `exp(z_log_var)`).
    func sampling(_ zMean: Variable, _ zLogVar: Variable) -> Variable {
        let batchSize = zMean.count
        let epsilon = Random.randn(batchSize, latentSize)
        return zMean + exp(zLogVar) * epsilon
    }
}

/// The decoder of DeZero's `examples/vae.py`: a linear layer to 64 x 14 x 14, a transposed
/// convolution to 28 x 28 and a convolution to one channel, through a sigmoid.
final class VAEDecoder: Model {
    /// The shape `(C, H, W)` the linear layer's output is reshaped to.
    let toShape = [64, 14, 14]
    /// The code to 64 x 14 x 14 features.
    let linear = L.Linear(64 * 14 * 14)
    /// Up to 32 channels of 28 x 28.
    let deconv = L.Deconv2d(32, kernelSize: 4, stride: 2, pad: 1)
    /// Down to one channel.
    let conv = L.Conv2d(1, kernelSize: 3, stride: 1, pad: 1)

    /// The decoded images `(N, 1, 28, 28)`, values in (0, 1), for codes `(N, latentSize)`.
    override func forward(_ x: Variable) -> Variable {
        var x = relu(linear(x))
        x = reshape(x, [-1] + toShape)  // reshape to (-1, C, H, W)
        x = relu(deconv(x))
        x = conv(x)
        return sigmoid(x)
    }
}

/// The variational autoencoder of DeZero's `examples/vae.py`; calling it gives the loss, the
/// evidence lower bound times -1.
final class VAEModel: Model {
    /// Images to codes.
    let encoder: VAEEncoder
    /// Codes to images.
    let decoder = VAEDecoder()
    /// The weight of the KL term (the script's `C`, usually 1).
    let c: Double
    /// Monte Carlo samples of the code per image (the script's `k`).
    let k: Int

    /// A VAE with codes of `latentSize` numbers.
    init(latentSize: Int, c: Double = 1.0, k: Int = 1) {
        encoder = VAEEncoder(latentSize: latentSize)
        self.c = c
        self.k = k
    }

    /// The loss for a batch of images `x`: reconstruction (binary cross entropy) plus KL divergence.
    override func forward(_ x: Variable) -> Variable {
        let z = encoder.apply([x])
        let (zMean, zLogVar) = (z[0], z[1])

        var recLoss: Variable?
        for _ in 0..<k {
            let z = encoder.sampling(zMean, zLogVar)
            let y = decoder(z)
            let term = binaryCrossEntropy(flatten(y), flatten(x)) / Double(k)
            recLoss = recLoss.map { $0 + term } ?? term
        }

        var klLoss = c * (zMean ** 2 + exp(zLogVar) - zLogVar - 1.0) * 0.5
        klLoss = sum(klLoss) / Double(x.count)
        return recLoss! + klLoss
    }
}

/// DeZero's `examples/vae.py`: a convolutional variational autoencoder on MNIST with a 2-D
/// latent code, printing the running average loss every `--interval` iterations.
///
/// After each epoch the script shows the decoded digits of a 15 x 15 grid of codes (normal
/// quantiles of 0.05...0.95); `--output DIR` writes that picture instead, as
/// `DIR/vae_<epoch>.npy` (420 x 420, values in 0...1; with `--latent-size 2` only, as the
/// script). The script's GPU path is left out (its interval there is 100).
struct VAE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vae",
        abstract: "DeZero's examples/vae.py: a variational autoencoder on MNIST.")
    @Option(help: "Epochs.") var epochs = 10
    @Option(help: "Examples per minibatch.") var batchSize = 16
    @Option(help: "Size of the latent code.") var latentSize = 2
    @Option(help: "Learning rate (Adam's alpha).") var lr = 0.001
    @Option(help: "Iterations between printed losses.") var interval = 10
    @Option(help: "Seed of the global generator (default: unseeded, as the script).") var seed: Int?
    @Option(help: "Write the decoded 15 x 15 grid of digits as DIR/vae_<epoch>.npy (needs --latent-size 2).")
    var output: String?
    @OptionGroup var data: MNISTDataOptions
    @OptionGroup var compile: CompileFlag

    func validate() throws {
        guard interval > 0 else { throw ValidationError("--interval must be positive") }
        guard output == nil || latentSize == 2 else {
            throw ValidationError("--output draws a 2-D grid of codes: it needs --latent-size 2")
        }
    }

    func run() throws {
        if let seed { Random.seed(seed) }
        let vae = VAEModel(latentSize: latentSize)
        let optimizer = Adam(alpha: lr).setup(vae)

        let trainSet = try data.load(train: true, transform: AnyTransform { ($0 / 255.0).astype(.float32) })
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)
        let step = StepFunction(compiled: compile.compiled, "vae-step") { x in
            let loss = vae(x)
            vae.cleargrads()
            loss.backward()
            optimizer.update()
            return loss
        }

        for epoch in 0..<epochs {
            var avgLoss = 0.0
            var cnt = 0
            let bar = ProgressBar(total: trainLoader.maxIter, label: "epoch \(epoch + 1)/\(epochs)")

            for (x, _) in trainLoader {
                cnt += 1

                let loss = try step(Variable(x))
                avgLoss += loss.data.item()
                bar.advance()
                if cnt % interval == 0 {
                    let epochDetail = Double(epoch) + Double(cnt) / Double(trainLoader.maxIter)
                    printLine(
                        "epoch: \(pyFixed(epochDetail, 2)), loss: \(pyFixed(avgLoss / Double(cnt), 4))", clearing: bar)
                }
            }
            bar.finish()
            if let output { try showDigits(vae, directory: output, epoch: epoch) }
        }
    }

    /// The script's `show_digits`, saved instead of shown: the decoder's output for a 15 x 15
    /// grid of codes at the normal quantiles of `linspace(0.05, 0.95, 15)`, tiled.
    private func showDigits(_ vae: VAEModel, directory: String, epoch: Int) throws {
        let n = 15  // 15x15 digits
        let digitSize = 28
        var figure = [Double](repeating: 0, count: digitSize * n * digitSize * n)
        let grid = NDArray.linspace(0.05, 0.95, num: n).scalars(as: Double.self).map(normalPPF)

        for (i, yi) in grid.enumerated() {
            for (j, xi) in grid.enumerated() {
                let zSample = NDArray([xi, yi], shape: [1, 2])
                let xDecoded = withNoGrad { vae.decoder(zSample) }
                let digit = xDecoded.data.astype(.float64).scalars(as: Double.self)
                for r in 0..<digitSize {
                    for col in 0..<digitSize {
                        figure[(i * digitSize + r) * digitSize * n + j * digitSize + col] = digit[r * digitSize + col]
                    }
                }
            }
        }
        try makeDirectory(directory)
        let path = pathIn(directory, "vae_\(epoch).npy")
        try NDArray(figure, shape: [digitSize * n, digitSize * n]).save(npy: path)
        noteWritten(path)
    }
}

/// The standard normal distribution's quantile function (SciPy's `norm.ppf`) for `p` in (0, 1):
/// Newton's method on `Φ(x) = erfc(-x / √2) / 2`, to full double precision.
func normalPPF(_ p: Double) -> Double {
    require(p > 0 && p < 1, "normalPPF: p \(p) must be in (0, 1)")
    var x = 0.0
    for _ in 0..<100 {
        let cdf = 0.5 * erfc(-x / 2.0.squareRoot())
        let pdf = exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
        let step = (cdf - p) / pdf
        x -= step
        if Swift.abs(step) < 1e-15 * Swift.max(1, Swift.abs(x)) { break }
    }
    return x
}
