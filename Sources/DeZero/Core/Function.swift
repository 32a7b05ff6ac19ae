import DeZeroArray

/// An operation of the computational graph (DeZero's `Function`).
///
/// Subclasses override `forward`, which computes on arrays, and `backward`, which computes the
/// inputs' gradients from the outputs' gradients using Variables, so that the backward pass can
/// itself be recorded and differentiated again. Like ``Variable``'s, its graph properties skip
/// dynamic exclusivity checks.
open class Function {
    /// The input variables of the last recorded call.
    @exclusivity(unchecked) public private(set) var inputs: [Variable] = []
    /// Weak references to the outputs of the last recorded call, with their shapes and dtypes.
    @exclusivity(unchecked) private(set) var outputReferences: [OutputReference] = []
    /// The largest generation among the inputs.
    @exclusivity(unchecked) public private(set) var generation = 0

    /// Creates the function; parameters of the operation are set by subclass initializers.
    public init() {}

    /// The outputs still alive (nil where an output has been freed).
    public var outputs: [Variable?] { outputReferences.map { $0.value } }

    /// Computes the outputs from the input arrays.
    open func forward(_ xs: [NDArray]) -> [NDArray] {
        preconditionFailure("\(type(of: self)) must override forward(_:)")
    }

    /// Computes the gradients of the inputs from the gradients of the outputs. It may return
    /// fewer gradients than there are inputs: trailing inputs that are not differentiable (labels,
    /// indices) then get none, as in DeZero.
    open func backward(_ gys: [Variable]) -> [Variable] {
        preconditionFailure("\(type(of: self)) does not support backward")
    }

    /// Runs `forward` on the inputs' data and, when backprop is enabled, records this function
    /// as the outputs' creator.
    public final func apply(_ inputs: [Variable]) -> [Variable] {
        let ys = forward(inputs.map { $0.data })
        let outputs = ys.map { Variable($0) }
        if Config.enableBackprop {
            var generation = 0
            for x in inputs where x.generation > generation { generation = x.generation }
            self.generation = generation
            for output in outputs { output.setCreator(self) }
            self.inputs = inputs
            outputReferences = outputs.map { OutputReference(value: $0, shape: $0.shape, dtype: $0.dtype) }
        }
        return outputs
    }

    /// Applies a function of one output: `Sin()(x)`.
    public final func callAsFunction(_ inputs: Variable...) -> Variable {
        let outputs = apply(inputs)
        precondition(outputs.count == 1, "\(type(of: self)) has \(outputs.count) outputs; use apply(_:)")
        return outputs[0]
    }
}

/// A function's weak reference to one of its outputs, with the shape and dtype that give the
/// zero gradient of an output nobody kept.
struct OutputReference {
    weak var value: Variable?
    let shape: [Int]
    let dtype: DType
}

extension Function {
    /// Output `index` of the last call, which must still be alive (backward of functions whose
    /// gradient reuses their output, like `Exp` and `Tanh`).
    public func output(_ index: Int) -> Variable {
        guard let y = outputReferences[index].value else {
            preconditionFailure("\(type(of: self)).backward: output \(index) has been freed")
        }
        return y
    }
}
