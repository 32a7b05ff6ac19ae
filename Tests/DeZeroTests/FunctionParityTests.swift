import DeZeroArray
import Testing

@testable import DeZero

/// Our functions against the Python DeZero's forward values and gradients
/// (scripts/fixtures/dezero_functions_fixtures.py).
@Suite struct FunctionParityTests {
    static let cases = fixtures.decode([FunctionCase].self, from: "functions.json")

    /// Builds the call a case describes on our side.
    static func call(_ c: FunctionCase, _ x: [Variable]) -> Variable {
        let p = c.params
        switch c.name {
        case "sin": return sin(x[0])
        case "cos": return cos(x[0])
        case "tanh": return tanh(x[0])
        case "exp": return exp(x[0])
        case "log": return log(x[0])
        case "sigmoid": return sigmoid(x[0])
        case "relu": return relu(x[0])
        case "leaky_relu": return leakyRelu(x[0], slope: p["slope"]!.number)
        case "add": return x[0] + x[1]
        case "sub": return x[0] - x[1]
        case "mul": return x[0] * x[1]
        case "div": return x[0] / x[1]
        case "neg": return -x[0]
        case "pow": return x[0] ** p["c"]!.number
        case "reshape": return reshape(x[0], p["shape"]!.list)
        case "transpose": return transpose(x[0], p["axes"]?.list)
        case "sum": return sum(x[0], axes: p["axes"]?.list, keepdims: p["keepdims"]!.flag)
        case "max": return max(x[0], axes: p["axes"]?.list, keepdims: p["keepdims"]!.flag)
        case "min": return min(x[0], axes: p["axes"]?.list, keepdims: p["keepdims"]!.flag)
        case "sum_to": return sumTo(x[0], p["shape"]!.list)
        case "broadcast_to": return broadcastTo(x[0], p["shape"]!.list)
        case "matmul": return matmul(x[0], x[1])
        case "linear": return linear(x[0], x[1], x.count > 2 ? x[2] : nil)
        case "clip": return clip(x[0], p["low"]!.number, p["high"]!.number)
        case "softmax": return softmax(x[0], axis: Int(p["axis"]!.number))
        case "log_softmax": return logSoftmax(x[0], axis: Int(p["axis"]!.number))
        case "mean_squared_error": return meanSquaredError(x[0], x[1])
        case "softmax_cross_entropy": return softmaxCrossEntropy(x[0], x[1])
        case "sigmoid_cross_entropy": return sigmoidCrossEntropy(x[0], x[1])
        case "binary_cross_entropy": return binaryCrossEntropy(x[0], x[1])
        case "get_item": return getItem(x[0], GetItemIndex.parse(p["index"]!.text, rows: x[0].shape[0]))
        default: preconditionFailure("no Swift call for fixture case \(c.name)")
        }
    }

    @Test(arguments: cases.filter { !$0.name.hasPrefix("batch_norm") })
    func forwardAndGradientsMatchDeZero(_ c: FunctionCase) {
        let x = c.inputs.map { Variable($0.array) }
        let y = Self.call(c, x)
        expectClose(y.data, c.output.array, "forward")
        sum(y).backward()
        for (key, expected) in c.grads {
            let i = Int(key)!
            guard let grad = x[i].grad else {
                Issue.record("input \(i) got no gradient")
                continue
            }
            expectClose(grad.data, expected.array, "grad \(i)")
        }
    }

    @Test(arguments: cases.filter { $0.name == "batch_norm" })
    func batchNormTrainingMatchesDeZero(_ c: FunctionCase) {
        let x = c.inputs.map { Variable($0.array) }
        let channels = c.inputs[1].shape[0]
        let mean = Variable(NDArray.zeros([channels])), variance = Variable(NDArray.ones([channels]))
        let y = batchNorm(x[0], gamma: x[1], beta: x[2], mean: mean, variance: variance)
        expectClose(y.data, c.output.array, "forward")
        sum(y).backward()
        for (key, expected) in c.grads { expectClose(x[Int(key)!].grad!.data, expected.array, "grad \(key)") }
        expectClose(mean.data, c.extra!["running_mean"]!.array, "running mean")
        expectClose(variance.data, c.extra!["running_var"]!.array, "running var")
    }

    @Test func batchNormTestModeUsesRunningStatistics() {
        let c = Self.cases.first { $0.name == "batch_norm_test" }!
        let a = c.inputs.map(\.array)
        let y = withTestMode {
            batchNorm(Variable(a[0]), gamma: Variable(a[1]), beta: Variable(a[2]), mean: Variable(a[3]), variance: Variable(a[4]))
        }
        expectClose(y.data, c.output.array, "forward")
    }
}

/// Expects equal shapes and dtypes and values within 1e-12 relative (float64 fixtures).
func expectClose(_ a: NDArray, _ b: NDArray, _ what: String, rtol: Double = 1e-10, atol: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, "\(what): shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
    #expect(a.dtype == b.dtype, "\(what): dtype \(a.dtype) vs \(b.dtype)", sourceLocation: sourceLocation)
    if a.shape == b.shape {
        #expect(allclose(a, b, rtol: rtol, atol: atol), "\(what): \(a.scalars(as: Double.self)) vs \(b.scalars(as: Double.self))", sourceLocation: sourceLocation)
    }
}
