import DeZero

/// The NDArray microbenchmarks; the same cases run in Benchmarks/python/bench_numpy.py.
func arrayBenchmarks(_ harness: Harness) {
    let n = 1_000_000
    let x = NDArray((0..<n).map { Float(($0 % 1000)) * 0.001 - 0.5 })
    let y = NDArray((0..<n).map { Float(($0 % 777)) * 0.002 + 0.1 })

    harness.measure("add 1M f32", inner: 10) { blackHole(x + y) }
    harness.measure("mul 1M f32", inner: 10) { blackHole(x * y) }
    harness.measure("exp 1M f32", inner: 10) { blackHole(exp(x)) }
    harness.measure("tanh 1M f32", inner: 10) { blackHole(tanh(x)) }
    harness.measure("sum 1M f32", inner: 10) { blackHole(x.sum()) }

    let a = NDArray((0..<(1024 * 1024)).map { Float($0 % 97) * 0.01 }, shape: [1024, 1024])
    let b = NDArray((0..<(1024 * 1024)).map { Float($0 % 89) * 0.01 }, shape: [1024, 1024])
    harness.measure("matmul 1024x1024 f32") { blackHole(matmul(a, b)) }

    let p = NDArray((0..<(100 * 784)).map { Float($0 % 97) * 0.01 }, shape: [100, 784])
    let q = NDArray((0..<(784 * 1000)).map { Float($0 % 89) * 0.01 }, shape: [784, 1000])
    harness.measure("matmul 100x784 @ 784x1000 f32", inner: 10) { blackHole(matmul(p, q)) }

    // Small arrays, as in book step 48 (batch 30, 10 hidden units): the cost of one call.
    let s = NDArray((0..<300).map { Float($0 % 17) * 0.1 - 0.8 }, shape: [30, 10])
    let t = NDArray((0..<300).map { Float($0 % 13) * 0.1 + 0.2 }, shape: [30, 10])
    let bias = NDArray((0..<10).map { Float($0) * 0.1 }, shape: [10])
    let w = NDArray((0..<30).map { Float($0 % 7) * 0.1 }, shape: [10, 3])
    harness.measure("add 30x10 f32", inner: 1000) { blackHole(s + t) }
    harness.measure("add 30x10 + 10 (bias) f32", inner: 1000) { blackHole(s + bias) }
    harness.measure("mul 30x10 by scalar f32", inner: 1000) { blackHole(s * 0.5) }
    harness.measure("exp 30x10 f32", inner: 1000) { blackHole(exp(s)) }
    harness.measure("sum axis 1 30x10 f32", inner: 1000) { blackHole(s.sum(axis: 1, keepdims: true)) }
    harness.measure("matmul 30x10 @ 10x3 f32", inner: 1000) { blackHole(matmul(s, w)) }
}
