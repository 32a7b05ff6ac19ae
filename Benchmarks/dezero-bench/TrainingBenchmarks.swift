import DeZero

/// Issue 12's case names, shared with Benchmarks/python (the peers report under the same names;
/// a compiled case adds ", compiled").
enum Case {
    static let w1 = "W1 spiral MLP training, 300 epochs x 10 steps (step 48)"
    static let w2 = "W2 MLP 784-1000-1000-10 train step, batch 100 f32"
    static let w3 = "W3 sum(exp(-y*y)*sin(x) + x/3), y = tanh(2x+1), 4M f32, forward+backward"
    static let w4 = "W4 deep MLP 784-8x1000-10 train step, batch 512 f32: peak bytes beyond params, grads, optimizer state"
    static let w5 = "W5 trace + compile of W1's step"
    static let compiled = ", compiled"
}

/// Book step 48's training loop around `step`: the spiral, 300 epochs of 10 batches of 30 in
/// the book's order, each batch's loss read on the host. Returns the last epoch's mean loss.
func trainSpiral(epochs: Int = 300, _ step: (Variable, Variable) throws -> Variable) -> Double {
    let (x, t) = getSpiral(train: true)
    let dataSize = x.shape[0], batchSize = 30
    let maxIter = (dataSize + batchSize - 1) / batchSize
    var lastLoss = 0.0
    for _ in 0..<epochs {
        let index = Random.permutation(dataSize)
        var sumLoss = 0.0
        for i in 0..<maxIter {
            let batch = index[(i * batchSize)..<Swift.min((i + 1) * batchSize, dataSize)]
            let loss = try! step(Variable(x[batch]), Variable(t[batch]))
            sumLoss += loss.data.item() * Double(batch.shape[0])
        }
        lastLoss = sumLoss / Double(dataSize)
    }
    return lastLoss
}

/// Book step 48's model and optimizer, MLP((10, 3)) with sigmoid and SGD(lr 1.0), as a step.
func spiralStep() -> (Variable, Variable) -> Variable {
    let model = MLP([10, 3])
    return classifierStep(model, SGD(lr: 1.0).setup(model))
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

/// W2's model: MLP 784-1000-1000-10 (relu), SGD(lr 0.01), with a batch of 100 float32 inputs.
func mnistMLPStep() -> (step: (Variable, Variable) -> Variable, x: Variable, t: Variable) {
    Random.seed(0)
    let x = Variable(Random.rand(100, 784).astype(.float32))
    let t = Variable(Random.randint(low: 0, high: 10, shape: [100]))
    let model = MLP([1000, 1000, 10], activation: relu)
    return (classifierStep(model, SGD(lr: 0.01).setup(model)), x, t)
}

/// Training benchmarks, eager (W1, W2); the same cases run in Benchmarks/python.
func trainingBenchmarks(_ harness: Harness) {
    // A fresh model each run: every run is the book's training from its first step.
    harness.measure(Case.w1, runs: 3) { blackHole(trainSpiral(spiralStep())) }

    let (step, x, t) = mnistMLPStep()
    harness.measure(Case.w2, inner: 5) { blackHole(step(x, t)) }

    // The nine matrix products W2's step performs (3 forward; 2 per layer backward), same BLAS.
    Random.seed(0)
    let weights = [Random.rand(784, 1000), Random.rand(1000, 1000), Random.rand(1000, 10)].map { $0.astype(.float32) }
    let activations = [x.data, NDArray.ones([100, 1000], dtype: .float32), NDArray.ones([100, 1000], dtype: .float32)]
    let gys = [NDArray.ones([100, 1000], dtype: .float32), NDArray.ones([100, 1000], dtype: .float32), NDArray.ones([100, 10], dtype: .float32)]
    harness.measure("MLP 784-1000-1000-10 step's 9 matmuls only", inner: 5) {
        for layer in 0..<3 {
            blackHole(matmul(activations[layer], weights[layer]))
            blackHole(matmul(gys[layer], weights[layer].T))
            blackHole(matmul(activations[layer].T, gys[layer]))
        }
    }
}
