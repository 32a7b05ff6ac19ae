import DeZero
import DeZeroArray

/// One function of the library for the parity suites (compiled against eager, GPU against CPU):
/// how to make its inputs and call it.
public struct FunctionCase: CustomStringConvertible, Sendable {
    /// What an input is.
    public enum Input: Sendable {
        /// Normal samples of this shape (in the case's float dtype).
        case normal([Int])
        /// Positive samples (for log, division, pow).
        case positive([Int])
        /// Integer labels in 0..<classes.
        case labels([Int], classes: Int)
    }
    public let name: String
    public let inputs: [Input]
    /// Whether the second derivative is checked too (DeZero differentiates its backward).
    public var secondOrder = false
    public let body: @Sendable ([Variable]) -> Variable


    /// A case named `name` calling `body` on inputs made as `inputs` describe.
    public init(name: String, inputs: [Input], secondOrder: Bool = false, body: @escaping @Sendable ([Variable]) -> Variable) {
        self.name = name
        self.inputs = inputs
        self.secondOrder = secondOrder
        self.body = body
    }

    public var description: String { name }

    /// Fresh inputs of the case in `dtype`.
    public func arrays(_ dtype: DType) -> [NDArray] {
        inputs.map { input in
            switch input {
            case .normal(let shape): Random.randn(shape: shape).astype(dtype)
            case .positive(let shape): (Random.rand(shape: shape) + 0.5).astype(dtype)
            case .labels(let shape, let classes): Random.randint(low: 0, high: classes, shape: shape)
            }
        }
    }

    /// The outputs, the gradients of the float inputs and, with `secondOrder`, their second
    /// derivatives: what is compared, eager against compiled.
    public func differentiate(_ xs: [Variable]) -> [Variable] {
        let y = body(xs)
        let floats = xs.filter { $0.dtype.isFloatingPoint }
        guard y.dtype.isFloatingPoint else { return [y] }
        sum(y * y).backward(createGraph: secondOrder)
        let grads = floats.map { $0.grad ?? Variable(NDArray.zerosLike($0.data)) }
        guard secondOrder else { return [y] + grads }
        for x in floats { x.cleargrad() }
        sum(grads[0]).backward()
        return [y] + grads + [floats[0].grad ?? Variable(NDArray.zerosLike(floats[0].data))]
    }

    /// Every function of the library, with inputs that exercise its broadcasting and dtypes.
    public static let all: [FunctionCase] = [
        FunctionCase(name: "add", inputs: [.normal([3, 4]), .normal([4])]) { $0[0] + $0[1] },
        FunctionCase(name: "sub scalar", inputs: [.normal([3, 4])]) { 2.0 - $0[0] },
        FunctionCase(name: "mul", inputs: [.normal([3, 4]), .normal([3, 1])], secondOrder: true) { $0[0] * $0[1] },
        FunctionCase(name: "div", inputs: [.normal([3, 4]), .positive([4])], secondOrder: true) { $0[0] / $0[1] },
        FunctionCase(name: "neg", inputs: [.normal([5])]) { -$0[0] },
        FunctionCase(name: "pow", inputs: [.positive([2, 3])], secondOrder: true) { pow($0[0], 3) },
        FunctionCase(name: "pow 0-d, NumPy's special exponents", inputs: [.positive([])]) { x in
            pow(x[0], 2) + pow(x[0], 1) + pow(x[0], 0) + pow(x[0], -1) + pow(x[0], 0.5)
        },
        FunctionCase(name: "div 0-d", inputs: [.normal([]), .positive([])]) { $0[0] / $0[1] },
        FunctionCase(name: "sigmoid 0-d", inputs: [.normal([])]) { sigmoid($0[0]) },
        FunctionCase(name: "leakyRelu 0-d", inputs: [.normal([])]) { leakyRelu($0[0]) },
        FunctionCase(name: "sin", inputs: [.normal([4, 3])], secondOrder: true) { sin($0[0]) },
        FunctionCase(name: "cos", inputs: [.normal([4, 3])], secondOrder: true) { cos($0[0]) },
        FunctionCase(name: "tanh", inputs: [.normal([4, 3])], secondOrder: true) { tanh($0[0]) },
        FunctionCase(name: "exp", inputs: [.normal([4, 3])], secondOrder: true) { exp($0[0]) },
        FunctionCase(name: "log", inputs: [.positive([4, 3])], secondOrder: true) { log($0[0]) },
        FunctionCase(name: "square", inputs: [.normal([6])]) { square($0[0]) },
        FunctionCase(name: "reshape", inputs: [.normal([2, 6])]) { reshape($0[0], [3, 4]) },
        FunctionCase(name: "transpose", inputs: [.normal([2, 3, 4])]) { transpose($0[0], [2, 0, 1]) },
        FunctionCase(name: "transpose default", inputs: [.normal([2, 3])]) { transpose($0[0]) },
        FunctionCase(name: "expandDims", inputs: [.normal([2, 3])]) { expandDims($0[0], 1) },
        FunctionCase(name: "flatten", inputs: [.normal([2, 3, 2])]) { flatten($0[0]) },
        FunctionCase(name: "sum axis", inputs: [.normal([3, 4])]) { sum($0[0], axis: 1, keepdims: true) },
        FunctionCase(name: "sum axes", inputs: [.normal([2, 3, 4])]) { sum($0[0], axes: [0, 2]) },
        FunctionCase(name: "sumTo", inputs: [.normal([3, 4])]) { sumTo($0[0], [1, 4]) },
        FunctionCase(name: "broadcastTo", inputs: [.normal([1, 4])]) { broadcastTo($0[0], [3, 4]) },
        FunctionCase(name: "max", inputs: [.normal([3, 5])]) { max($0[0], axis: 1) },
        FunctionCase(name: "min", inputs: [.normal([3, 5])]) { min($0[0], axes: nil) },
        FunctionCase(name: "clip", inputs: [.normal([4, 4])]) { clip($0[0], -0.5, 0.5) },
        FunctionCase(name: "mean", inputs: [.normal([4, 3])]) { mean($0[0], axis: 0) },
        FunctionCase(name: "average", inputs: [.normal([4, 3])]) { average($0[0]) },
        FunctionCase(name: "matmul", inputs: [.normal([3, 4]), .normal([4, 2])]) { matmul($0[0], $0[1]) },
        FunctionCase(name: "linear", inputs: [.normal([5, 4]), .normal([4, 3]), .normal([3])]) { linear($0[0], $0[1], $0[2]) },
        FunctionCase(name: "linearSimple", inputs: [.normal([5, 4]), .normal([4, 3]), .normal([3])]) {
            linearSimple($0[0], $0[1], $0[2])
        },
        FunctionCase(name: "sigmoid", inputs: [.normal([4, 3])]) { sigmoid($0[0]) },
        FunctionCase(name: "sigmoidSimple", inputs: [.normal([4, 3])]) { sigmoidSimple($0[0]) },
        FunctionCase(name: "relu", inputs: [.normal([4, 3])]) { relu($0[0]) },
        FunctionCase(name: "leakyRelu", inputs: [.normal([4, 3])]) { leakyRelu($0[0]) },
        FunctionCase(name: "softmax", inputs: [.normal([4, 3])]) { softmax($0[0]) },
        FunctionCase(name: "softmax axis 0", inputs: [.normal([4, 3])]) { softmax($0[0], axis: 0) },
        FunctionCase(name: "softmaxSimple", inputs: [.normal([4, 3])]) { softmaxSimple($0[0]) },
        FunctionCase(name: "logSoftmax", inputs: [.normal([4, 3])]) { logSoftmax($0[0]) },
        FunctionCase(name: "meanSquaredError", inputs: [.normal([5, 1]), .normal([5, 1])]) { meanSquaredError($0[0], $0[1]) },
        FunctionCase(name: "meanSquaredErrorSimple", inputs: [.normal([5, 1]), .normal([5, 1])]) {
            meanSquaredErrorSimple($0[0], $0[1])
        },
        FunctionCase(name: "softmaxCrossEntropy", inputs: [.normal([6, 4]), .labels([6], classes: 4)]) {
            softmaxCrossEntropy($0[0], $0[1])
        },
        FunctionCase(name: "softmaxCrossEntropySimple", inputs: [.normal([6, 4]), .labels([6], classes: 4)]) {
            softmaxCrossEntropySimple($0[0], $0[1])
        },
        FunctionCase(name: "sigmoidCrossEntropy", inputs: [.normal([6, 1]), .labels([6, 1], classes: 2)]) {
            sigmoidCrossEntropy($0[0], $0[1])
        },
        FunctionCase(name: "getItem slice", inputs: [.normal([4, 5])]) { getItem($0[0], [1..<3, NDSlice(step: 2)]) },
        FunctionCase(name: "getItem labels", inputs: [.normal([6, 4]), .labels([6], classes: 4)]) {
            getItem($0[0], [NDArray.arange(6), $0[1].data])
        },
        FunctionCase(name: "embedID", inputs: [.labels([5], classes: 7), .normal([7, 3])]) { embedID($0[0].data, $0[1]) },
        FunctionCase(name: "conv2d", inputs: [.normal([2, 3, 5, 5]), .normal([4, 3, 3, 3]), .normal([4])]) {
            conv2d($0[0], $0[1], $0[2], stride: 1, pad: 1)
        },
        FunctionCase(name: "conv2dSimple", inputs: [.normal([2, 3, 5, 5]), .normal([4, 3, 3, 3])]) {
            conv2dSimple($0[0], $0[1], stride: (2, 2), pad: (1, 1))
        },
        FunctionCase(name: "deconv2d", inputs: [.normal([2, 3, 4, 4]), .normal([3, 2, 3, 3]), .normal([2])]) {
            deconv2d($0[0], $0[1], $0[2], stride: 2, pad: 1)
        },
        FunctionCase(name: "pooling", inputs: [.normal([2, 3, 6, 6])]) { pooling($0[0], kernelSize: 2, stride: 2) },
        FunctionCase(name: "averagePooling", inputs: [.normal([2, 3, 6, 6])]) { averagePooling($0[0], kernelSize: 2, stride: 2) },
        FunctionCase(name: "poolingSimple", inputs: [.normal([2, 3, 6, 6])]) { poolingSimple($0[0], kernelSize: (2, 2), stride: (2, 2)) },
        FunctionCase(name: "im2col", inputs: [.normal([1, 2, 4, 4])]) { im2col($0[0], kernelSize: (3, 3), pad: (1, 1)) },
        FunctionCase(name: "accuracy", inputs: [.normal([8, 3]), .labels([8], classes: 3)]) { accuracy($0[0], $0[1]) },
    ]
}
