import DeZero
import DeZeroCompiler

/// The DCGAN of DeZero's examples/gan.py (28x28 images): its generator, discriminator and Adam
/// optimizers. As in the script, `init_weight` leaves the weights float64, so the step runs in
/// float64.
struct DCGAN {
    static let hiddenSize = 62
    let gen: Sequential
    let dis: Sequential
    let optG: Adam
    let optD: Adam

    /// The script's networks with its weight initialization (seed 0).
    init() {
        Random.seed(0)
        gen = Sequential(
            L.Linear(1024), L.BatchNorm(), L.Lambda(relu),
            L.Linear(128 * 7 * 7), L.BatchNorm(), L.Lambda(relu),
            L.Lambda { reshape($0, [-1, 128, 7, 7]) },
            L.Deconv2d(64, kernelSize: 4, stride: 2, pad: 1), L.BatchNorm(), L.Lambda(relu),
            L.Deconv2d(1, kernelSize: 4, stride: 2, pad: 1), L.Lambda(sigmoid))
        dis = Sequential(
            L.Conv2d(64, kernelSize: 4, stride: 2, pad: 1), L.Lambda { leakyRelu($0) },
            L.Conv2d(128, kernelSize: 4, stride: 2, pad: 1), L.BatchNorm(), L.Lambda { leakyRelu($0) },
            L.Lambda(flatten),
            L.Linear(1024), L.BatchNorm(), L.Lambda { leakyRelu($0) },
            L.Linear(1), L.Lambda(sigmoid))
        _ = dis(gen(Random.rand(1, Self.hiddenSize)))
        for layer in dis.layers + gen.layers {
            let weight: Parameter? = switch layer {
            case let l as L.Conv2d: l.W
            case let l as L.Linear: l.W
            case let l as L.Deconv2d: l.W
            default: nil
            }
            if let weight { weight.data = 0.02 * Random.randn(shape: weight.shape) }
        }
        optG = Adam(alpha: 0.0002, beta1: 0.5).setup(gen)
        optD = Adam(alpha: 0.0002, beta1: 0.5).setup(dis)
    }

    /// One training step on real images `x` and noise `z`: the discriminator's update, then
    /// the generator's. Returns both losses.
    func step(_ x: Variable, _ z: Variable) -> [Variable] {
        let labelReal = Variable(NDArray.ones([x.shape[0]], dtype: .int64))
        let labelFake = Variable(NDArray.zeros([x.shape[0]], dtype: .int64))
        let fake = gen(z)
        let lossD = binaryCrossEntropy(dis(x), labelReal) + binaryCrossEntropy(dis(fake.data), labelFake)
        gen.cleargrads()
        dis.cleargrads()
        lossD.backward()
        optD.update()
        let lossG = binaryCrossEntropy(dis(fake), labelReal)
        gen.cleargrads()
        dis.cleargrads()
        lossG.backward()
        optG.update()
        return [lossD, lossG]
    }
}

/// One DCGAN training step, batch 128, eager and compiled (fresh noise each step, drawn
/// outside the step). The eager case also runs in Benchmarks/python/bench_dezero.py.
func ganBenchmark(_ harness: Harness) {
    let name = "DCGAN train step, batch 128 (examples/gan.py)"
    guard harness.wants(name, name + Case.compiled) else { return }
    let x = Variable(Random.rand(128, 1, 28, 28).astype(.float32))
    let noise = { Variable(Random.randn(128, DCGAN.hiddenSize).astype(.float32)) }

    let eager = DCGAN()
    harness.measure(name, runs: 5) { blackHole(eager.step(x, noise())) }

    let gan = DCGAN()
    let compiled = compile("dcgan_step") { gan.step($0[0], $0[1]) }
    _ = try! compiled([x, noise()])  // the eager first call; the harness's warm-up traces
    harness.measure(name + Case.compiled, runs: 5) { blackHole(try! compiled([x, noise()])) }
}
