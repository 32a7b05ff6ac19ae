import DeZeroArray
import Testing

@testable import DeZero

/// A function of one variable to check, with the input shape to check it at.
struct GradCase: CustomTestStringConvertible, Sendable {
    let name: String
    let shape: [Int]
    /// Shift inputs into (0.5, 1.5) for functions defined on positives only.
    var positive = false
    let f: @Sendable (Variable) -> Variable
    var testDescription: String { "\(name) \(shape)" }
}

/// Numerical gradient checks (float64, central differences) for every differentiable function,
/// including broadcasting, and double-backward checks where DeZero supports them.
@Suite struct GradientCheckTests {
    static let constant23 = NDArray([0.3, -1.2, 0.7, 1.1, -0.4, 0.9], shape: [2, 3])
    static let constant3 = NDArray([0.5, -1.5, 2.0])

    static let cases: [GradCase] = [
        GradCase(name: "sin", shape: [2, 3]) { sin($0) },
        GradCase(name: "cos", shape: [2, 3]) { cos($0) },
        GradCase(name: "tanh", shape: [2, 3]) { tanh($0) },
        GradCase(name: "exp", shape: [2, 3]) { exp($0) },
        GradCase(name: "log", shape: [2, 3], positive: true) { log($0) },
        GradCase(name: "square", shape: [3]) { square($0) },
        GradCase(name: "pow", shape: [2, 3]) { $0 ** 3 },
        GradCase(name: "neg", shape: [2, 3]) { -$0 },
        GradCase(name: "add broadcast", shape: [3]) { $0 + Variable(constant23) },
        GradCase(name: "add broadcast rhs", shape: [2, 3]) { $0 + Variable(constant3) },
        GradCase(name: "sub broadcast", shape: [3]) { Variable(constant23) - $0 },
        GradCase(name: "mul broadcast", shape: [2, 1]) { $0 * Variable(constant23) },
        GradCase(name: "div broadcast", shape: [3], positive: true) { Variable(constant23) / $0 },
        GradCase(name: "div by broadcast", shape: [2, 3]) { $0 / Variable(constant3) },
        GradCase(name: "reshape", shape: [2, 3]) { reshape($0, [3, 2]) * Variable(NDArray.arange(6).reshape(3, 2)) },
        GradCase(name: "transpose", shape: [2, 3, 4]) { transpose($0, [2, 0, 1]) * Variable(NDArray.arange(24).reshape(4, 2, 3)) },
        GradCase(name: "transpose none", shape: [2, 3]) { $0.T * Variable(NDArray.arange(6).reshape(3, 2)) },
        GradCase(name: "sum axis", shape: [2, 3, 4]) { sum($0, axis: 1) ** 2 },
        GradCase(name: "sum axes tuple", shape: [2, 3, 4]) { sum($0, axes: [0, 2]) ** 2 },
        GradCase(name: "sum keepdims", shape: [2, 3]) { sum($0, axis: 0, keepdims: true) ** 2 },
        GradCase(name: "sum_to", shape: [4, 3]) { sumTo($0, [1, 3]) ** 2 },
        GradCase(name: "broadcast_to", shape: [3]) { broadcastTo($0, [2, 3]) * Variable(constant23) },
        GradCase(name: "matmul", shape: [3, 2]) { matmul(Variable(constant23), $0) ** 2 },
        GradCase(name: "matmul lhs", shape: [4, 2]) { matmul($0, Variable(constant23)) ** 2 },
        GradCase(name: "linear", shape: [4, 2]) { linear($0, Variable(constant23), Variable(constant3)) ** 2 },
        GradCase(name: "sigmoid", shape: [2, 3]) { sigmoid($0) },
        GradCase(name: "relu", shape: [2, 3]) { relu($0) },
        GradCase(name: "leaky_relu", shape: [2, 3]) { leakyRelu($0) },
        GradCase(name: "softmax", shape: [2, 3]) { softmax($0) * Variable(constant23) },
        GradCase(name: "log_softmax", shape: [2, 3]) { logSoftmax($0) * Variable(constant23) },
        GradCase(name: "mean_squared_error", shape: [2, 3]) { meanSquaredError($0, Variable(constant23)) },
        GradCase(name: "softmax_cross_entropy", shape: [2, 3]) { softmaxCrossEntropy($0, Variable(NDArray([2, 0] as [Int64]))) },
        GradCase(name: "sigmoid_cross_entropy", shape: [3, 1]) {
            sigmoidCrossEntropy($0, Variable(NDArray([1, 0, 1] as [Int64], shape: [3, 1])))
        },
        GradCase(name: "max", shape: [2, 3]) { max($0, axis: 1) * 2.0 },
        GradCase(name: "min", shape: [2, 3]) { min($0) * 2.0 },
        GradCase(name: "clip", shape: [2, 3]) { clip($0, -0.5, 0.5) },
        GradCase(name: "mean", shape: [2, 3]) { mean($0, axis: 0) ** 2 },
        GradCase(name: "get_item", shape: [3, 4]) { getItem($0, [NDArray([0, 0, 2] as [Int64])]) ** 2 },
        GradCase(name: "get_item slice", shape: [3, 4]) { $0[NDSlice.all, 1..<3] ** 2 },
        GradCase(name: "conv2d", shape: [1, 2, 4, 4]) {
            conv2d($0, Variable(NDArray.arange(36).reshape(2, 2, 3, 3).astype(.float64) * 0.1), stride: 1, pad: 1) ** 2
        },
        GradCase(name: "conv2d kernel", shape: [2, 2, 3, 3]) {
            conv2d(Variable(NDArray.arange(32).reshape(1, 2, 4, 4).astype(.float64) * 0.1), $0, stride: 2, pad: 1) ** 2
        },
        GradCase(name: "deconv2d", shape: [1, 2, 3, 3]) {
            deconv2d($0, Variable(NDArray.arange(24).reshape(2, 1, 3, 4).astype(.float64) * 0.1), stride: 2, pad: 1) ** 2
        },
        GradCase(name: "pooling", shape: [1, 2, 4, 4]) { pooling($0, kernelSize: 2, stride: 2) ** 2 },
        GradCase(name: "average_pooling", shape: [1, 2, 4, 4]) { averagePooling($0, kernelSize: 2, stride: 2) ** 2 },
        GradCase(name: "im2col", shape: [1, 2, 3, 3]) { im2col($0, kernelSize: (2, 2)) ** 2 },
    ]

    /// Deterministic inputs away from the kinks of relu, max and clip.
    static func input(_ c: GradCase) -> NDArray {
        let state = RandomState(seed: c.name.utf8.reduce(7) { ($0 * 31 + Int($1)) % 100_000 })
        let x = state.uniform(low: -1, high: 1, shape: c.shape)
        return c.positive ? x * 0.5 + 1.0 : x
    }

    @Test(arguments: cases)
    func backpropMatchesNumericalGradient(_ c: GradCase) {
        let result = gradientCheck(c.f, Self.input(c))
        #expect(result.passed, "numerical \(result.numerical) vs backprop \(result.backprop)")
    }

    /// Functions whose backward is made of differentiable functions: their gradient's own
    /// gradient (through `createGraph`) must match the numerical derivative of the gradient.
    static let doubleBackwardCases = cases.filter {
        !["relu", "max", "min", "clip", "leaky_relu", "pooling", "get_item"].contains($0.name)
    }

    @Test(arguments: doubleBackwardCases)
    func doubleBackpropMatchesNumericalGradient(_ c: GradCase) {
        // g(x) = sum(f'(x) * w): differentiating g checks the graph backward() recorded.
        let x0 = Self.input(c)
        let w = Variable(NDArray.linspace(-1, 1, num: x0.size).reshape(x0.shape))
        let g = { (x: Variable) -> Variable in
            let y = sum(c.f(x))
            x.cleargrad()
            y.backward(createGraph: true)
            let gx = x.grad!
            x.cleargrad()
            return sum(gx * w)
        }
        let result = gradientCheck(g, x0, rtol: 1e-3, atol: 1e-4)
        #expect(result.passed, "numerical \(result.numerical) vs backprop \(result.backprop)")
    }
}
