import DeZero

/// One training step of DeZero's examples/gan.py (a DCGAN for 28x28 images, batch 128): the
/// discriminator's update, then the generator's. As in the script, `init_weight` leaves the
/// weights float64, so the step runs in float64. The same case runs in
/// Benchmarks/python/bench_dezero.py.
func ganBenchmark(_ harness: Harness) {
    let (batchSize, hiddenSize) = (128, 62)
    Random.seed(0)
    let gen = Sequential(
        L.Linear(1024), L.BatchNorm(), L.Lambda(relu),
        L.Linear(128 * 7 * 7), L.BatchNorm(), L.Lambda(relu),
        L.Lambda { reshape($0, [-1, 128, 7, 7]) },
        L.Deconv2d(64, kernelSize: 4, stride: 2, pad: 1), L.BatchNorm(), L.Lambda(relu),
        L.Deconv2d(1, kernelSize: 4, stride: 2, pad: 1), L.Lambda(sigmoid))
    let dis = Sequential(
        L.Conv2d(64, kernelSize: 4, stride: 2, pad: 1), L.Lambda { leakyRelu($0) },
        L.Conv2d(128, kernelSize: 4, stride: 2, pad: 1), L.BatchNorm(), L.Lambda { leakyRelu($0) },
        L.Lambda(flatten),
        L.Linear(1024), L.BatchNorm(), L.Lambda { leakyRelu($0) },
        L.Linear(1), L.Lambda(sigmoid))
    _ = dis(gen(Random.rand(1, hiddenSize)))
    for layer in dis.layers + gen.layers {
        let weight: Parameter? = switch layer {
        case let l as L.Conv2d: l.W
        case let l as L.Linear: l.W
        case let l as L.Deconv2d: l.W
        default: nil
        }
        if let weight { weight.data = 0.02 * Random.randn(shape: weight.shape) }
    }
    let optG = Adam(alpha: 0.0002, beta1: 0.5).setup(gen)
    let optD = Adam(alpha: 0.0002, beta1: 0.5).setup(dis)
    let x = Random.rand(batchSize, 1, 28, 28).astype(.float32)
    let labelReal = Variable(NDArray.ones([batchSize], dtype: .int64))
    let labelFake = Variable(NDArray.zeros([batchSize], dtype: .int64))

    harness.measure("DCGAN train step, batch 128 (examples/gan.py)", runs: 5) {
        let z = Random.randn(batchSize, hiddenSize).astype(.float32)
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
    }
}
