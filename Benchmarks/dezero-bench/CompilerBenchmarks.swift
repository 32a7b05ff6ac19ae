import DeZero
import DeZeroCompiler
import Foundation

/// Book step 48 as `trainSpiral`, with the step compiled (the loss read outside the step).
func trainSpiralCompiled(epochs: Int = 300) -> Double {
    Random.seed(0)
    let (x, t) = getSpiral(train: true)
    let model = MLP([10, 3])
    let optimizer = SGD(lr: 1.0).setup(model)
    let step = compile("spiral_step") { (x: Variable, t: Variable) -> Variable in
        let loss = softmaxCrossEntropy(model(x), t)
        model.cleargrads()
        loss.backward()
        optimizer.update()
        return loss
    }
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

/// The compiler beside eager: the spiral training of step 48, the cost of tracing and
/// compiling its step, and the MLP 784-1000-1000-10 step.
func compilerBenchmarks(_ harness: Harness) {
    harness.measure("spiral MLP training, 300 epochs (step 48), compiled", runs: 3) { blackHole(trainSpiralCompiled()) }

    // Trace + compile of the spiral step: the traced call minus a later call of the program.
    if harness.filter.map({ "spiral step trace and compile".contains($0) }) ?? true {
        var samples: [Double] = []
        let clock = ContinuousClock()
        let (x, t) = getSpiral(train: true)
        let (xb, tb) = (Variable(x[0..<30]), Variable(t[0..<30]))
        for _ in 0..<Swift.max(harness.runs, 3) {
            let model = MLP([10, 3])
            let optimizer = SGD(lr: 1.0).setup(model)
            let step = compile("spiral_step") { (x: Variable, t: Variable) -> Variable in
                let loss = softmaxCrossEntropy(model(x), t)
                model.cleargrads()
                loss.backward()
                optimizer.update()
                return loss
            }
            _ = try! step(xb, tb)
            let traced = clock.measure { _ = try! step(xb, tb) }
            let replay = clock.measure { _ = try! step(xb, tb) }
            samples.append(seconds(traced) - seconds(replay))
        }
        harness.report("spiral step trace and compile (first traced call minus a replay)", samples)
    }

    Random.seed(0)
    let x = Variable(Random.rand(100, 784).astype(.float32))
    let t = Variable(Random.randint(low: 0, high: 10, shape: [100]))
    let model = MLP([1000, 1000, 10], activation: relu)
    let optimizer = SGD(lr: 0.01).setup(model)
    let step = compile("mlp_step") { (x: Variable, t: Variable) -> Variable in
        let loss = softmaxCrossEntropy(model(x), t)
        model.cleargrads()
        loss.backward()
        optimizer.update()
        return loss
    }
    harness.measure("MLP 784-1000-1000-10 train step, batch 100 f32, compiled", inner: 5) { blackHole(try! step(x, t)) }
}

/// A duration in seconds.
private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
