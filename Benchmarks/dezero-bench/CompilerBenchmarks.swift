import DeZero
import DeZeroCompiler
import Foundation

/// The compiler beside eager: the spiral training of step 48, the cost of tracing and
/// compiling its step, and the MLP 784-1000-1000-10 step.
func compilerBenchmarks(_ harness: Harness) {
    harness.measure("spiral MLP training, 300 epochs (step 48), compiled", runs: 3) { blackHole(trainSpiral(compiled: true)) }

    // Trace + compile of the spiral step: the traced call minus a later call of the program.
    if harness.filter.map({ "spiral step trace and compile".contains($0) }) ?? true {
        var samples: [Double] = []
        let clock = ContinuousClock()
        let (x, t) = getSpiral(train: true)
        let (xb, tb) = (Variable(x[0..<30]), Variable(t[0..<30]))
        for _ in 0..<Swift.max(harness.runs, 3) {
            let model = MLP([10, 3])
            let step = compile("spiral_step", classifierStep(model, SGD(lr: 1.0).setup(model)))
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
    let step = compile("mlp_step", classifierStep(model, SGD(lr: 0.01).setup(model)))
    harness.measure("MLP 784-1000-1000-10 train step, batch 100 f32, compiled", inner: 5) { blackHole(try! step(x, t)) }
}

/// A duration in seconds.
private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
