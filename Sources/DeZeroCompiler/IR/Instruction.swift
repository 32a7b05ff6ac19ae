import DeZeroArray

/// An SSA value of a program, printed `%7`.
public struct Value: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The value's number, unique in its program.
    public let id: Int
    /// The value numbered `id`.
    public init(_ id: Int) { self.id = id }
    /// `%id`.
    public var description: String { "%\(id)" }
    /// Values order by number.
    public static func < (a: Value, b: Value) -> Bool { a.id < b.id }
}

/// What an instruction does.
public enum Operation: Hashable, Sendable {
    /// An NDArray primitive on the operands.
    case array(ArrayOp)
    /// The program's constant number `index` (a captured array or a host literal).
    case constant(Int)
    /// Reads the binding named `name` (state or a runtime scalar).
    case load(String)
    /// Writes the operand to the state binding named `name`; no result.
    case store(String)
    /// A fused elementwise kernel: its body runs as one loop over its inputs (the operands).
    case fused(FusedKernel)
}

/// Where an instruction came from: the DeZero Function (and its phase), the layer, the update.
public struct Provenance: Hashable, Sendable, CustomStringConvertible {
    /// The DeZero Function or optimizer whose work produced the instruction ("MatMul", "SGD").
    public var function: String?
    /// forward, backward or update.
    public var phase: TraceScope.Kind?
    /// The layer's path in the model ("l0", "layers/1/conv"), when inside a layer.
    public var layer: String?

    /// A provenance with the given parts.
    public init(function: String? = nil, phase: TraceScope.Kind? = nil, layer: String? = nil) {
        self.function = function
        self.phase = phase
        self.layer = layer
    }

    /// Whether nothing is known.
    public var isEmpty: Bool { function == nil && layer == nil }

    /// `Linear l0: MatMul backward`, as the IR text's comments show it.
    public var description: String {
        var text = layer.map { "layer \($0)" } ?? ""
        if let function {
            if !text.isEmpty { text += ": " }
            text += function
            if let phase { text += " \(phase.rawValue)" }
        }
        return text
    }
}

/// One step of a program: `%4 = matmul %0, %2 : f32[30,10]  # layer l0: MatMul forward`.
///
/// Every instruction defines one value, except `store` (none) and `fused` (one per output of
/// its kernel).
public struct Instruction: Hashable, Sendable {
    /// The values defined, in order.
    public var results: [Value]
    /// What the instruction does.
    public var operation: Operation
    /// The values it reads, in order.
    public var operands: [Value]
    /// The results' types, in order.
    public var types: [TensorType]
    /// What produced it.
    public var provenance: Provenance

    /// An instruction with one result (or none, for `store`).
    public init(result: Value?, operation: Operation, operands: [Value], type: TensorType?, provenance: Provenance = Provenance()) {
        self.init(
            results: result.map { [$0] } ?? [], operation: operation, operands: operands, types: type.map { [$0] } ?? [],
            provenance: provenance)
    }

    /// An instruction defining `results` of `types`.
    public init(results: [Value], operation: Operation, operands: [Value], types: [TensorType], provenance: Provenance = Provenance()) {
        self.results = results
        self.operation = operation
        self.operands = operands
        self.types = types
        self.provenance = provenance
    }

    /// The first value defined (the only one but for `fused`); nil for `store`.
    public var result: Value? {
        get { results.first }
        set { results = newValue.map { [$0] } ?? [] }
    }

    /// The first result's type; nil for `store`.
    public var type: TensorType? {
        get { types.first }
        set { types = newValue.map { [$0] } ?? [] }
    }
}

/// A name a program refers to, resolved when it runs: state (parameters, gradients, optimizer
/// moments) it loads and stores, host scalars it reads on every call, host effects it repeats.
public struct Binding: Hashable, Sendable {
    /// What the binding is.
    public enum Kind: String, Hashable, Sendable {
        /// An array held between calls; loaded and stored.
        case state
        /// A host scalar (a learning rate) read on every call as a 0-d `f64`.
        case scalar
        /// A host side effect (a step counter) run on every call, in order with the scalars.
        case effect
    }
    /// The name, unique in its program (`l0.W`, `l0.W.grad`, `Adam.m[l0.W]`, `SGD.lr`).
    public var name: String
    /// State, scalar or effect.
    public var kind: Kind
    /// The array's type for state and scalars (nil for effects).
    public var type: TensorType?

    /// A binding.
    public init(name: String, kind: Kind, type: TensorType?) {
        self.name = name
        self.kind = kind
        self.type = type
    }
}
