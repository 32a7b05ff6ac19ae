import DeZero
import DeZeroCompiler
import Foundation

/// The compiled forms of W1 and W2.
func compilerBenchmarks(_ harness: Harness) {
    // One model and compiled step for all runs: the warm-up run traces and compiles (W5 times
    // that), the timed runs replay the program; each continues the training of the one before.
    if harness.wants(Case.w1 + Case.compiled) {
        let step = compile("spiral_step", spiralStep())
        harness.measure(Case.w1 + Case.compiled, runs: 3) { blackHole(trainSpiral { try step($0, $1) }) }
    }

    if harness.wants(Case.w2 + Case.compiled) {
        let (body, x, t) = mnistMLPStep()
        let step = compile("mlp_step", body)
        _ = try! step(x, t)  // the eager first call; the harness's warm-up traces
        harness.measure(Case.w2 + Case.compiled, inner: 5) { blackHole(try! step(x, t)) }
    }
}

/// W5: the cost of tracing and compiling W1's step, the traced call minus a later call of the
/// program, a fresh compiled function each run.
func compileTimeBenchmark(_ harness: Harness) {
    guard harness.wants(Case.w5) else { return }
    var samples: [Double] = []
    let clock = ContinuousClock()
    let (x, t) = getSpiral(train: true)
    let (xb, tb) = (Variable(x[0..<30]), Variable(t[0..<30]))
    for _ in 0..<Swift.max(harness.runs, 3) {
        let step = compile("spiral_step", spiralStep())
        _ = try! step(xb, tb)
        let traced = clock.measure { _ = try! step(xb, tb) }
        let replay = clock.measure { _ = try! step(xb, tb) }
        samples.append(seconds(traced) - seconds(replay))
    }
    harness.report(Case.w5, samples)
}

/// A duration in seconds.
private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
