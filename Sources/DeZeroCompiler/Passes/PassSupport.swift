import DeZeroArray

/// Values replaced by others: what a pass records when it finds that an instruction's result is
/// an earlier value, and applies to every later reader (operands, `fused` kernel bodies, stores
/// and the returned values).
struct Substitution {
    private var map: [Value: Value] = [:]

    /// From now on, `old` reads as `new` (or as what `new` reads as).
    mutating func replace(_ old: Value, with new: Value) {
        precondition(old != new, "a value replaced by itself")
        map[old] = self[new]
    }

    /// What `value` reads as.
    subscript(value: Value) -> Value {
        var v = value
        while let next = map[v] { v = next }
        return v
    }

    /// `instruction` with its operands replaced; a `fused` instruction's body reads the
    /// replacements too, and its operands become the body's inputs again (two operands that now
    /// read the same value become one).
    func apply(_ instruction: Instruction) -> Instruction {
        guard !map.isEmpty else { return instruction }
        var i = instruction
        i.operands = i.operands.map { self[$0] }
        if case .fused(var kernel) = i.operation {
            kernel.body = kernel.body.map(apply)
            i.operation = .fused(kernel)
            i.operands = kernel.inputs
        }
        return i
    }
}

extension Operation {
    /// Whether running it does something besides defining its results: a store, a random draw
    /// (it advances the global generator), or a fused kernel holding one. Such instructions are
    /// never removed, merged or moved.
    var hasSideEffects: Bool {
        switch self {
        case .store: true
        case .array(.random): true
        case .fused(let kernel): kernel.body.contains { $0.operation.hasSideEffects }
        case .array, .constant, .load: false
        }
    }
}

/// The elements a value is known to hold when the program is compiled: a `const` instruction's
/// array, or one element of a `full` (every element is that one). The questions stop at the
/// first element that answers no, so a large captured array costs little.
struct KnownElements {
    /// The array (a 0-d one for a `full`).
    let array: NDArray
    /// The elements' dtype.
    var dtype: DType { array.dtype }

    /// What `instruction` defines, when it is a `const` or a `full` of a number dtype.
    init?(_ instruction: Instruction, constants: [NDArray]) {
        switch instruction.operation {
        case .constant(let k): array = constants[k]
        case .array(.full(_, let value, let dtype)): array = NDArray.full([], value, dtype: dtype)
        default: return nil
        }
        if array.dtype == .bool { return nil }
    }

    /// Whether every element, converted to `Double` (`-0.0` and `+0.0` stay apart), satisfies
    /// `predicate`.
    func all(_ predicate: (Double) -> Bool) -> Bool {
        switch array.dtype {
        case .float32: array.withUnsafeBufferPointer(as: Float.self) { $0.allSatisfy { predicate(Double($0)) } }
        case .float64: array.withUnsafeBufferPointer(as: Double.self) { $0.allSatisfy(predicate) }
        case .int64: array.withUnsafeBufferPointer(as: Int64.self) { $0.allSatisfy { predicate(Double($0)) } }
        case .bool: false
        }
    }

    /// Every element is one.
    var allOne: Bool { all { $0 == 1 } }
    /// Every element is a zero that leaves `x + zero == x` bit for bit in a `result` sum:
    /// `-0.0` for floats (`+0.0 + -0.0` is `+0.0`, and an integer 0 converts to `+0.0`), `0`
    /// for integers.
    func allAdditiveIdentity(in result: DType) -> Bool {
        if result.isFloatingPoint {
            return dtype.isFloatingPoint && all { $0 == 0 && $0.sign == .minus }
        }
        return all { $0 == 0 }
    }
    /// Every element is a zero that leaves `x - zero == x` bit for bit: `+0.0` (or an integer 0,
    /// which converts to `+0.0`).
    var allSubtractiveIdentity: Bool { all { $0 == 0 && $0.sign == .plus } }
}

/// An exact key of an array's type and element bits: `-0.0` and `+0.0` differ, NaNs with the
/// same bits are equal (`arrayEqual` would say neither).
struct ArrayBits: Hashable {
    let type: TensorType
    let bits: [UInt64]

    init(_ array: NDArray) {
        type = TensorType(of: array)
        switch array.dtype {
        case .float32: bits = array.scalars(as: Float.self).map { UInt64($0.bitPattern) }
        case .float64: bits = array.scalars(as: Double.self).map(\.bitPattern)
        case .int64: bits = array.scalars(as: Int64.self).map { UInt64(bitPattern: $0) }
        case .bool: bits = array.scalars(as: Bool.self).map { $0 ? 1 : 0 }
        }
    }
}

extension Program {
    /// The type of every argument and of every value the top level defines (values inside fused
    /// kernels are not visible there).
    var valueTypes: [Value: TensorType] {
        var types: [Value: TensorType] = [:]
        for (value, type) in arguments { types[value] = type }
        for i in instructions { for (r, t) in zip(i.results, i.types) { types[r] = t } }
        return types
    }

    /// The number of instructions, counting each member of a fused kernel's body too.
    public var operationCount: Int {
        instructions.reduce(0) { count, i in
            if case .fused(let kernel) = i.operation { return count + kernel.body.count }
            return count + 1
        }
    }
}
