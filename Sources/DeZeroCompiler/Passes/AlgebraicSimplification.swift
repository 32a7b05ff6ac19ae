import DeZeroArray

/// Algebraic simplification ("simplify"): rewrites that give the same bits on every input,
/// mostly of the identities DeZero's backward creates.
///
/// | instruction | becomes |
/// |---|---|
/// | `reshape`, `broadcast_to`, `squeeze`, `expand_dims`, `transpose` giving `x`'s own shape and order | `x` |
/// | a chain of `reshape` / `squeeze` / `expand_dims` | one `reshape` of the first operand (or it) |
/// | `broadcast_to` of `broadcast_to` | one `broadcast_to` |
/// | `transpose` of `transpose` | one `transpose` with the composed axes (or the operand) |
/// | `max`/`min` over axes of length 1 (or none); integer `sum` likewise | `x`, or a `reshape` without `keepdims` |
/// | `multiply` by a constant one, `divide` by one | `x` |
/// | `add` of a constant `-0.0` (integer `0`), `subtract` of `+0.0` (or `0`) | `x` |
/// | `astype` to `x`'s dtype | `x` |
/// | `negative` of `negative` | the inner operand |
///
/// A rewrite that leaves the value `x` applies only when `x` has the declared type of the result,
/// dtype and shape: NumPy's value-based promotion is in the declared types, and a constant one
/// that broadcasts `x` to a larger shape is not an identity. A floating-point `sum` over a
/// length-1 axis is *not* an identity (the sum starts from `+0.0`, so `-0.0` sums to `+0.0`), nor
/// is `x + 0.0` (`-0.0 + 0.0` is `+0.0`) or `x - (-0.0)`; those stay. Nothing is reassociated.
///
/// "Constant" means a `const` instruction or a `full`. Fused kernels are left as they are.
public struct AlgebraicSimplification: Pass {
    /// The pass.
    public init() {}

    /// "simplify".
    public var name: String { "simplify" }

    /// What one instruction simplifies to.
    enum Rewrite {
        /// An earlier value: the instruction goes, its readers read this.
        case value(Value)
        /// Another primitive on other operands, defining the same result.
        case instruction(ArrayOp, [Value])
    }

    public func run(_ program: Program) throws -> Program {
        var substitution = Substitution()
        var context = Context(definitions: [:], types: program.valueTypes, constants: program.constants)
        var result = program
        result.instructions = []
        for original in program.instructions {
            var instruction = substitution.apply(original)
            // A rewritten instruction may simplify again (a reshape of a reshape that gives the
            // first operand's shape); each rewrite shortens a chain, so this ends.
            rewriting: while case .array(let op) = instruction.operation, let value = instruction.result, let type = instruction.type {
                switch context.simplify(op, instruction.operands, type) {
                case .value(let earlier):
                    substitution.replace(value, with: earlier)
                    break rewriting
                case .instruction(let newOp, let operands):
                    instruction.operation = .array(newOp)
                    instruction.operands = operands
                case nil:
                    break rewriting
                }
            }
            if let value = instruction.result, substitution[value] != value { continue }
            for (value, type) in zip(instruction.results, instruction.types) {
                context.definitions[value] = instruction
                context.types[value] = type
            }
            result.instructions.append(instruction)
        }
        result.results = program.results.map { substitution[$0] }
        return result
    }

    /// What is known about the values defined so far.
    struct Context {
        var definitions: [Value: Instruction]
        var types: [Value: TensorType]
        let constants: [NDArray]

        /// The primitive that defines `v` (nil for arguments, loads, constants and fused kernels).
        func producer(_ v: Value) -> ArrayOp? {
            if case .array(let op) = definitions[v]?.operation { return op }
            return nil
        }

        /// The elements of `v`, when it is a constant.
        func known(_ v: Value) -> KnownElements? {
            definitions[v].flatMap { KnownElements($0, constants: constants) }
        }

        /// The simplified form of `op` on `operands`, declared `type`; nil when none applies.
        func simplify(_ op: ArrayOp, _ operands: [Value], _ type: TensorType) -> Rewrite? {
            // Every rewrite to an operand needs the operand to have the declared type exactly.
            func identity(_ v: Value) -> Rewrite? { types[v] == type ? .value(v) : nil }
            switch op {
            case .reshape, .squeeze, .expandDims:
                let x = operands[0]
                if let rewrite = identity(x) { return rewrite }
                guard let inner = producer(x), inner.isReshape, let source = definitions[x]?.operands.first else { return nil }
                return identity(source) ?? .instruction(.reshape(type.shape), [source])
            case .broadcast:
                let x = operands[0]
                if let rewrite = identity(x) { return rewrite }
                guard case .broadcast = producer(x), let source = definitions[x]?.operands.first else { return nil }
                return identity(source) ?? .instruction(.broadcast(type.shape), [source])
            case .transpose(let axes):
                let x = operands[0]
                guard let rank = types[x]?.shape.count, let p = Self.permutation(axes, rank) else { return nil }
                if p == Array(0..<rank) { return identity(x) }
                guard case .transpose(let innerAxes) = producer(x), let source = definitions[x]?.operands.first,
                    let q = Self.permutation(innerAxes, rank)
                else { return nil }
                // Result axis i is x's axis p[i], which is the source's axis q[p[i]].
                let composed = p.map { q[$0] }
                return composed == Array(0..<rank) ? identity(source) : .instruction(.transpose(composed), [source])
            case .reduce(let kind, let axes, let keepdims):
                let x = operands[0]
                guard let xType = types[x], kind != .sum || xType.dtype == .int64 else { return nil }
                let rank = xType.shape.count
                let reduced = axes.map { $0.map { $0 < 0 ? $0 + rank : $0 } } ?? Array(0..<rank)
                guard reduced.allSatisfy({ (0..<rank).contains($0) && xType.shape[$0] == 1 }), xType.dtype == type.dtype else { return nil }
                if let rewrite = identity(x) { return rewrite }
                return keepdims ? nil : .instruction(.reshape(type.shape), [x])
            case .binary(.multiply):
                if known(operands[1])?.allOne == true, let rewrite = identity(operands[0]) { return rewrite }
                if known(operands[0])?.allOne == true, let rewrite = identity(operands[1]) { return rewrite }
                return nil
            case .binary(.divide):
                return known(operands[1])?.allOne == true ? identity(operands[0]) : nil
            case .binary(.add):
                if known(operands[1])?.allAdditiveIdentity(in: type.dtype) == true, let rewrite = identity(operands[0]) {
                    return rewrite
                }
                if known(operands[0])?.allAdditiveIdentity(in: type.dtype) == true, let rewrite = identity(operands[1]) {
                    return rewrite
                }
                return nil
            case .binary(.subtract):
                return known(operands[1])?.allSubtractiveIdentity == true ? identity(operands[0]) : nil
            case .cast:
                return identity(operands[0])
            case .negative:
                guard case .negative = producer(operands[0]), let source = definitions[operands[0]]?.operands.first else { return nil }
                return identity(source)
            default:
                return nil
            }
        }

        /// `axes` normalized for `rank` axes, when they are a permutation.
        static func permutation(_ axes: [Int], _ rank: Int) -> [Int]? {
            let p = axes.map { $0 < 0 ? $0 + rank : $0 }
            guard p.count == rank, Set(p) == Set(0..<rank) else { return nil }
            return p
        }
    }
}

extension ArrayOp {
    /// Whether the primitive only gives its operand a new shape in C order (`reshape`,
    /// `squeeze`, `expand_dims`).
    var isReshape: Bool {
        switch self {
        case .reshape, .squeeze, .expandDims: true
        default: false
        }
    }
}
