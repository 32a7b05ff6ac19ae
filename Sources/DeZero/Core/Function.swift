import DeZeroArray

/// An operation of the computational graph (DeZero's `Function`).
///
/// Subclasses override `forward`, which computes on arrays, and `backward`, which computes the
/// inputs' gradients from the outputs' gradients using Variables, so that the backward pass can
/// itself be recorded and differentiated again. Functions of one or two inputs and one output
/// subclass ``UnaryFunction`` or ``BinaryFunction`` instead, whose forms take and return single
/// values and skip the arrays of the general form.
///
/// A function holds its inputs strongly and its outputs weakly: an output that dies tells its
/// creator, which keeps only the output's shape and dtype (for a zero gradient). Like
/// ``Variable``'s, its graph properties skip dynamic exclusivity checks.
open class Function {
    /// The first two inputs of the last recorded call, apart so that functions of one or two
    /// inputs need no array (read them with ``input(_:)``).
    @exclusivity(unchecked) private var firstInputs: (Variable?, Variable?)
    /// The inputs after the second (functions with three or more inputs).
    @exclusivity(unchecked) private var laterInputs: [Variable] = []
    /// The largest generation among the inputs.
    @exclusivity(unchecked) public private(set) var generation = 0
    /// The first output of the last recorded call, apart so that one output needs no array.
    @exclusivity(unchecked) private var firstOutput: OutputSlot?
    /// The other outputs of the last recorded call (functions with several outputs).
    @exclusivity(unchecked) private var laterOutputs: [OutputSlot] = []
    /// Whether the running backward pass has queued this function.
    @exclusivity(unchecked) var isQueued = false

    /// Creates the function; parameters of the operation are set by subclass initializers.
    public init() {}

    /// Computes the outputs from the input arrays.
    open func forward(_ xs: [NDArray]) -> [NDArray] {
        misuse("\(type(of: self)) must override forward(_:)")
    }

    /// Computes the gradients of the inputs from the gradients of the outputs. It may return
    /// fewer gradients than there are inputs: trailing inputs that are not differentiable (labels,
    /// indices) then get none, as in DeZero.
    open func backward(_ gys: [Variable]) -> [Variable] {
        misuse("\(type(of: self)) does not support backward")
    }

    /// Runs `forward` on the inputs' data and, when backprop is enabled, records this function
    /// as the outputs' creator.
    public final func apply(_ inputs: [Variable]) -> [Variable] {
        let tracer = Tracing.recorder
        if let tracer { enterTrace(tracer, inputs.first, inputs.dropFirst().first, Array(inputs.dropFirst(2))) }
        let outputs = forward(inputs.map { $0.data }).map { Variable($0) }
        tracer?.exit()
        if Config.enableBackprop {
            record(inputs.first, inputs.dropFirst().first, later: Array(inputs.dropFirst(2)))
            firstOutput = outputs.first.map { connect($0) }
            laterOutputs = outputs.dropFirst().map { connect($0) }
        }
        return outputs
    }

    /// Applies a function of one output: `Sin()(x)`.
    public final func callAsFunction(_ inputs: Variable...) -> Variable {
        let outputs = apply(inputs)
        require(outputs.count == 1, "\(type(of: self)) has \(outputs.count) outputs; use apply(_:)")
        return outputs[0]
    }

    /// The input variables of the last recorded call.
    public var inputs: [Variable] {
        switch firstInputs {
        case (nil, _): []
        case (let x0?, nil): [x0]
        case (let x0?, let x1?): [x0, x1] + laterInputs
        }
    }

    /// The number of inputs of the last recorded call.
    public var inputCount: Int {
        firstInputs.0 == nil ? 0 : firstInputs.1 == nil ? 1 : 2 + laterInputs.count
    }

    /// Input `index` of the last recorded call (DeZero's `self.inputs[index]`), read without
    /// building the ``inputs`` array.
    public final func input(_ index: Int) -> Variable {
        switch index {
        case 0: if let x0 = firstInputs.0 { return x0 }
        case 1: if let x1 = firstInputs.1 { return x1 }
        default: if index - 2 < laterInputs.count && index >= 2 { return laterInputs[index - 2] }
        }
        misuse("\(type(of: self)): no input \(index) (the call recorded \(inputCount))")
    }

    /// The outputs of the last recorded call still alive (nil where an output has been freed).
    public var outputs: [Variable?] {
        guard let firstOutput else { return [] }
        return ([firstOutput] + laterOutputs).map { $0.variable }
    }

    /// Output `index` of the last call, which must still be alive (backward of functions whose
    /// gradient reuses their output, like `Exp` and `Tanh`).
    public func output(_ index: Int) -> Variable {
        guard let y = outputSlot(index).variable else {
            misuse("\(type(of: self)).backward: output \(index) has been freed")
        }
        return y
    }

    // MARK: - Graph bookkeeping

    /// Records the call's inputs; the caller then connects the outputs.
    private func record(_ x0: Variable?, _ x1: Variable?, later: [Variable]) {
        var generation = Swift.max(x0?.generation ?? 0, x1?.generation ?? 0)
        for x in later where x.generation > generation { generation = x.generation }
        self.generation = generation
        firstInputs = (x0, x1)
        if !(later.isEmpty && laterInputs.isEmpty) { laterInputs = later }
    }

    /// Records the call of a function of one or two inputs and one output.
    final func record(_ x0: Variable, _ x1: Variable? = nil, output: Variable) {
        record(x0, x1, later: [])
        firstOutput = connect(output)
    }

    /// Makes this function the creator of `output` and returns its slot.
    private func connect(_ output: Variable) -> OutputSlot {
        output.setCreator(self)
        return .alive(Unmanaged.passUnretained(output))
    }

    /// Called by an output that dies or is unchained: the function keeps its shape and dtype.
    final func forget(_ output: Variable) {
        let dead = OutputSlot.freed(shape: output.shape, dtype: output.dtype, device: output.data.device)
        if firstOutput?.holds(output) == true {
            firstOutput = dead
        } else if let i = laterOutputs.firstIndex(where: { $0.holds(output) }) {
            laterOutputs[i] = dead
        }
    }

    /// The number of outputs of the last recorded call.
    final var outputCount: Int { firstOutput == nil ? 0 : 1 + laterOutputs.count }

    private func outputSlot(_ index: Int) -> OutputSlot {
        require(index >= 0 && index < outputCount, "\(type(of: self)): no output \(index)")
        return index == 0 ? firstOutput! : laterOutputs[index - 1]
    }

    /// The gradient of output `index`: zeros of its shape where it has none or has died.
    final func outputGradient(_ index: Int) -> Variable {
        switch outputSlot(index) {
        case .alive(let y):
            let y = y.takeUnretainedValue()
            return y.grad ?? Variable(NDArray.zerosLike(y.data))
        case .freed(let shape, let dtype, let device):
            return Variable(NDArray.zeros(shape, dtype: dtype, device: device))
        }
    }

    /// Clears the gradients of the outputs still alive (intermediate gradients not retained).
    final func clearOutputGradients() {
        firstOutput?.variable?.grad = nil
        for slot in laterOutputs { slot.variable?.grad = nil }
    }

    /// One step of the backward pass: hands each input, with its gradient, to `accumulate`.
    /// ``UnaryFunction`` and ``BinaryFunction`` do it without arrays.
    func backpropagate(_ accumulate: (_ x: Variable, _ gx: Variable) -> Void) {
        let gxs = backward((0..<outputCount).map { outputGradient($0) })
        require(
            gxs.count <= inputCount,
            "\(type(of: self)).backward returned \(gxs.count) gradients for \(inputCount) inputs")
        for (i, gx) in gxs.enumerated() { accumulate(input(i), gx) }
    }
}

/// A function's reference to one of its outputs: the output while it lives (not retained, so
/// outputs are weak), then its shape and dtype.
private enum OutputSlot {
    case alive(Unmanaged<Variable>)
    case freed(shape: [Int], dtype: DType, device: Device)

    /// The output, if alive.
    var variable: Variable? {
        if case .alive(let y) = self { y.takeUnretainedValue() } else { nil }
    }

    /// Whether this slot refers to `output` (compared by address: `output` may be in its deinit).
    func holds(_ output: Variable) -> Bool {
        if case .alive(let y) = self { y.toOpaque() == Unmanaged.passUnretained(output).toOpaque() } else { false }
    }
}
