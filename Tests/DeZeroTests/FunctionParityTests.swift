import DeZeroArray
import Testing

@testable import DeZero

/// Our functions against the Python DeZero's forward values and gradients
/// (scripts/fixtures/dezero_functions_fixtures.py).
@Suite struct FunctionParityTests {
    static let cases = fixtures.decode([FunctionCase].self, from: "functions.json")

    /// Builds the call a case describes on our side (functions.json and, for
    /// FunctionDTypeTests, function_dtypes.json).
    static func call(_ c: FunctionCase, _ x: [Variable]) -> Variable {
        let p = c.params
        func int(_ key: String) -> Int { Int(p[key]!.number) }
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
        case "sigmoid_simple": return sigmoidSimple(x[0])
        case "expand_dims": return expandDims(x[0], int("axis"))
        case "softmax_simple": return softmaxSimple(x[0], axis: int("axis"))
        case "flatten": return flatten(x[0])
        case "dropout_test": return withTestMode { dropout(x[0]) }
        case "dropout":
            Random.seed(int("seed"))
            return dropout(x[0], ratio: p["ratio"]!.number)
        case "mean_squared_error_simple": return meanSquaredErrorSimple(x[0], x[1])
        case "scalar_add": return x[0] + p["c"]!.number
        case "scalar_radd": return p["c"]!.number + x[0]
        case "scalar_sub": return x[0] - p["c"]!.number
        case "scalar_rsub": return p["c"]!.number - x[0]
        case "scalar_mul": return x[0] * p["c"]!.number
        case "scalar_rmul": return p["c"]!.number * x[0]
        case "scalar_div": return x[0] / p["c"]!.number
        case "scalar_rdiv": return p["c"]!.number / x[0]
        case "linear_simple": return linearSimple(x[0], x[1], x[2])
        case "softmax_cross_entropy_simple": return softmaxCrossEntropySimple(x[0], x[1])
        case "accuracy": return accuracy(x[0], x[1])
        case "embed_id": return embedID(x[0].data, x[1])
        case "conv2d": return conv2d(x[0], x[1], x[2], stride: int("stride"), pad: int("pad"))
        case "conv2d_simple": return conv2dSimple(x[0], x[1], x[2], stride: pair(int("stride")), pad: pair(int("pad")))
        case "deconv2d": return deconv2d(x[0], x[1], x[2], stride: int("stride"), pad: int("pad"))
        case "pooling": return pooling(x[0], kernelSize: int("kernel"), stride: int("stride"))
        case "pooling_simple": return poolingSimple(x[0], kernelSize: pair(int("kernel")), stride: pair(int("stride")))
        case "average_pooling": return averagePooling(x[0], kernelSize: int("kernel"), stride: int("stride"))
        case "im2col":
            return im2col(x[0], kernelSize: pair(int("kernel")), stride: pair(int("stride")), pad: pair(int("pad")))
        case "col2im":
            return col2im(
                x[0], imageShape: p["shape"]!.list, kernelSize: pair(int("kernel")), stride: pair(int("stride")),
                pad: pair(int("pad")), toMatrix: false)
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
