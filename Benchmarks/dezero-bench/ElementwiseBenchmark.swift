import DeZero
import DeZeroCompiler

/// W3's function of x: y = tanh(2x + 1), the sum of exp(-y*y) * sin(x) + x / 3.
func elementwiseChain(_ x: Variable) -> Variable {
    let y = tanh(2 * x + 1)
    return sum(exp(-y * y) * sin(x) + x / 3)
}

/// W3: `elementwiseChain` and its gradient on 4M float32 normal samples (seed 0, the same as
/// NumPy's), eager and compiled (the program returns the loss and the gradient).
func elementwiseBenchmark(_ harness: Harness) {
    guard harness.wants(Case.w3, Case.w3 + Case.compiled) else { return }
    Random.seed(0)
    let x = Random.randn(4_000_000).astype(.float32)
    harness.measure(Case.w3, runs: 11) {
        let v = Variable(x)
        elementwiseChain(v).backward()
        blackHole(v.grad)
    }
    let compiled = compile("w3") { xs in
        let loss = elementwiseChain(xs[0])
        loss.backward()
        return [loss, xs[0].grad!]
    }
    _ = try! compiled([Variable(x)])  // the eager first call; the harness's warm-up traces
    harness.measure(Case.w3 + Case.compiled, runs: 11) { blackHole(try! compiled([Variable(x)])) }
}
