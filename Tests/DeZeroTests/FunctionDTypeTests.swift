import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZero

/// Every function of the library on 0-d, 1-d and broadcast float32 and float64 inputs (and mixed
/// pairs) against the Python DeZero on NumPy 1.23 (scripts/fixtures/dezero_dtype_fixtures.py):
/// the dtype and shape of each output and gradient exactly, values to 1e-6 relative in float32
/// and 1e-12 in float64 (1e-6 for float64 results of float32 inputs: see ``precision(_:)``;
/// NumPy's float32 kernels and ours round an ulp apart). NumPy 1.x's value-based casting (a 0-d
/// array is a weak scalar beside an array, but not beside another 0-d array) and its
/// `ndarray ** c` fast paths decide most dtypes.
@Suite struct FunctionDTypeTests {
    static let cases = fixtures.decode([FunctionCase].self, from: "function_dtypes.json")

    /// Differences from DeZero that docs/autograd.md lists as deliberate, by case name: the
    /// gradients these cases check against our documented dtype instead of DeZero's.
    static let deliberate: [String: String] = [
        // DeZero's int one-hot turns a float32 gradient into float64; ours keeps the scores' dtype
        "softmax_cross_entropy": "softmax cross entropy's gradient keeps the scores' dtype"
    ]

    @Test(arguments: cases.filter { $0.name != "batch_norm" && $0.name != "dropout" })
    func dtypesShapesAndValuesMatchDeZero(_ c: FunctionCase) { Self.check(c) }

    /// Runs a case and compares its output and gradients with DeZero's.
    static func check(_ c: FunctionCase) {
        let x = c.inputs.map { Variable($0.array) }
        let y = FunctionParityTests.call(c, x)
        let precision = precision(c)
        expectSame(y.data, c.output.array, "forward", precision: precision)
        // the Python DeZero's backward fails here (see the fixture's reason): forward only
        guard c.params["dezero_backward_fails"] == nil else { return }
        sum(y).backward()
        for (key, expected) in c.grads {
            guard let grad = x[Int(key)!].grad else {
                Issue.record("input \(key) got no gradient")
                continue
            }
            var expected = expected.array
            if deliberate[c.name] != nil { expected = expected.astype(x[Int(key)!].dtype) }
            expectSame(grad.data, expected, "grad \(key)", precision: precision)
        }
    }

    /// The dtype whose precision the values of a case can be held to: float32 when any input is
    /// float32, since float64 results computed from float32 intermediates carry their roundings
    /// (NumPy's float32 `exp` is not correctly rounded: exp(0.9772779) gives 2.657213, not
    /// 2.6572132, and a float64 `1 / (1 + that)` keeps the difference).
    static func precision(_ c: FunctionCase) -> DType {
        c.inputs.contains { $0.dtype == "float32" } ? .float32 : .float64
    }

    @Test(arguments: cases.filter { $0.name == "batch_norm" })
    func batchNormDTypesMatchDeZero(_ c: FunctionCase) {
        let x = c.inputs.map { Variable($0.array) }
        let channels = c.inputs[1].shape[0], dtype = x[0].dtype
        let mean = Variable(NDArray.zeros([channels], dtype: dtype)), variance = Variable(NDArray.ones([channels], dtype: dtype))
        let y = batchNorm(x[0], gamma: x[1], beta: x[2], mean: mean, variance: variance)
        let p = Self.precision(c)
        expectSame(y.data, c.output.array, "forward", precision: p)
        sum(y).backward()
        for (key, expected) in c.grads { expectSame(x[Int(key)!].grad!.data, expected.array, "grad \(key)", precision: p) }
        expectSame(mean.data, c.extra!["running_mean"]!.array, "running mean", precision: p)
        expectSame(variance.data, c.extra!["running_var"]!.array, "running var", precision: p)
    }
}

extension GlobalRandomTests {
    /// The training-mode dropout cases of FunctionDTypeTests: they seed and draw from the global
    /// generator, so they run with the other tests that do.
    @Suite struct FunctionDTypeDropoutTests {
        @Test(arguments: FunctionDTypeTests.cases.filter { $0.name == "dropout" })
        func dtypesShapesAndValuesMatchDeZero(_ c: FunctionCase) { FunctionDTypeTests.check(c) }
    }
}

/// Expects the dtype and shape of `expected` exactly and its values to 1e-6 relative in float32
/// and 1e-12 in float64 (integers and bools exactly), or to 1e-6 when `precision` is float32.
func expectSame(
    _ a: NDArray, _ expected: NDArray, _ what: String, precision: DType = .float64,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let (rtol, atol) = expected.dtype == .float32 || precision == .float32 ? (1e-6, 1e-7) : (1e-12, 1e-14)
    expectClose(a, expected, what, rtol: rtol, atol: atol, sourceLocation: sourceLocation)
}
