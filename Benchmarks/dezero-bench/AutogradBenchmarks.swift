import DeZero

/// The Goldstein-Price function, as in book step 24.
func goldstein(_ x: Variable, _ y: Variable) -> Variable {
    let a = 1.0 + (x + y + 1.0) ** 2 * (19.0 - 14.0 * x + 3.0 * x ** 2 - 14.0 * y + 6.0 * x * y + 3.0 * y ** 2)
    let b = 30.0 + (2.0 * x - 3.0 * y) ** 2 * (18.0 - 32.0 * x + 12.0 * x ** 2 + 48.0 * y - 36.0 * x * y + 27.0 * y ** 2)
    return a * b
}

/// The autograd overhead cases; the same run in Benchmarks/python/bench_dezero.py.
func autogradBenchmarks(_ harness: Harness) {
    let x = Variable(NDArray(scalar: 2.0))
    harness.measure("x + x, 0-d, forward", inner: 10_000) { blackHole(x + x) }
    harness.measure("x + x, 0-d, forward+backward", inner: 10_000) {
        x.cleargrad()
        let y = x + x
        y.backward()
        blackHole(y)
    }
    harness.measure("Goldstein-Price gradient x10000") {
        for _ in 0..<10_000 {
            let a = Variable(NDArray(scalar: 1.0)), b = Variable(NDArray(scalar: 1.0))
            let z = goldstein(a, b)
            z.backward()
            blackHole(a.grad)
        }
    }
}
