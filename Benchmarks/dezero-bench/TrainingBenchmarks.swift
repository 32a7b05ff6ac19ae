import DeZero
import DeZeroCompiler

/// Book step 48: the spiral classifier, MLP((10, 3)), SGD(lr 1.0), 300 epochs of batch 30;
/// with `compiled`, the step runs through `compile` (the loss read outside the step).
func trainSpiral(epochs: Int = 300, compiled: Bool = false) -> Double {
    Random.seed(0)
    let (x, t) = getSpiral(train: true)
    let model = MLP([10, 3])
    let optimizer = SGD(lr: 1.0).setup(model)
    let step = classifierStep(model, optimizer)
    let compiledStep = compile("spiral_step", step)
    let dataSize = x.shape[0], batchSize = 30
    let maxIter = (dataSize + batchSize - 1) / batchSize
    var lastLoss = 0.0
    for _ in 0..<epochs {
        let index = Random.permutation(dataSize)
        var sumLoss = 0.0
        for i in 0..<maxIter {
            let batch = index[(i * batchSize)..<Swift.min((i + 1) * batchSize, dataSize)]
            let (xb, tb) = (Variable(x[batch]), Variable(t[batch]))
            let loss = compiled ? try! compiledStep(xb, tb) : step(xb, tb)
            sumLoss += loss.data.item() * Double(batch.shape[0])
        }
        lastLoss = sumLoss / Double(dataSize)
    }
    return lastLoss
}

/// One training step of a classifier: loss, cleared gradients, backward, update.
func classifierStep(_ model: Layer, _ optimizer: Optimizer) -> (Variable, Variable) -> Variable {
    { x, t in
        let loss = softmaxCrossEntropy(model(x), t)
        model.cleargrads()
        loss.backward()
        optimizer.update()
        return loss
    }
}

/// Training benchmarks; the same cases run in Benchmarks/python/bench_dezero.py (and
/// bench_torch.py when PyTorch is installed).
func trainingBenchmarks(_ harness: Harness) {
    harness.measure("spiral MLP training, 300 epochs (step 48)", runs: 3) { blackHole(trainSpiral()) }

    // One SGD step of an MLP 784-1000-1000-10 (relu, float32, batch 100), beside the nine
    // matrix products that step performs (3 forward; 2 per layer backward) on the same BLAS.
    Random.seed(0)
    let x = Random.rand(100, 784).astype(.float32)
    let t = Variable(Random.randint(low: 0, high: 10, shape: [100]))
    let model = MLP([1000, 1000, 10], activation: relu)
    let optimizer = SGD(lr: 0.01).setup(model)
    harness.measure("MLP 784-1000-1000-10 train step, batch 100 f32", inner: 5) {
        let loss = softmaxCrossEntropy(model(x), t)
        model.cleargrads()
        loss.backward()
        optimizer.update()
    }
    let weights = model.layers.map { $0.W.data }
    let activations = [x, NDArray.ones([100, 1000], dtype: .float32), NDArray.ones([100, 1000], dtype: .float32)]
    let gys = [NDArray.ones([100, 1000], dtype: .float32), NDArray.ones([100, 1000], dtype: .float32), NDArray.ones([100, 10], dtype: .float32)]
    harness.measure("MLP 784-1000-1000-10 step's 9 matmuls only", inner: 5) {
        for layer in 0..<3 {
            blackHole(matmul(activations[layer], weights[layer]))
            blackHole(matmul(gys[layer], weights[layer].T))
            blackHole(matmul(activations[layer].T, gys[layer]))
        }
    }
}
