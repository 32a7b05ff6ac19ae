import DeZeroArray

/// Common-subexpression elimination ("cse"): an instruction identical to an earlier one (the
/// same primitive and attributes, the same operands after earlier merges, the same types) is
/// removed and its readers read the earlier result. DeZero's backward recomputes forward values
/// (`tanh`'s derivative computes `y * y` again at every order); traces also hold the same
/// `load` more than once (every load of a binding in a run is the same value) and equal
/// constants (compared bit for bit: `-0.0` and `+0.0` stay apart).
///
/// Random draws are never merged (two draws are two different numbers), stores are not values,
/// and fused kernels are left as they are (their operands follow the merges).
public struct CommonSubexpressionElimination: Pass {
    /// The pass.
    public init() {}

    /// "cse".
    public var name: String { "cse" }

    /// What makes two instructions compute the same value.
    enum Key: Hashable {
        /// A primitive with its attributes as text (the text tells `-0.0` from `0.0`, which
        /// `Double`'s equality does not), operands and result types.
        case array(ArrayOp, String, [Value], [TensorType])
        /// A constant's type and element bits.
        case constant(ArrayBits)
        /// A load of a binding.
        case load(String)
    }

    public func run(_ program: Program) throws -> Program {
        var substitution = Substitution()
        var first: [Key: Value] = [:]
        var result = program
        result.instructions = []
        for original in program.instructions {
            let instruction = substitution.apply(original)
            if let key = Self.key(instruction, program.constants), let value = instruction.result {
                if let earlier = first[key] {
                    substitution.replace(value, with: earlier)
                    continue
                }
                first[key] = value
            }
            result.instructions.append(instruction)
        }
        result.results = program.results.map { substitution[$0] }
        return result
    }

    /// The key of an instruction that may be merged with an equal one; nil for the others.
    static func key(_ i: Instruction, _ constants: [NDArray]) -> Key? {
        guard i.results.count == 1 else { return nil }
        switch i.operation {
        case .array(.random): return nil
        case .array(let op):
            let attributes = op.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            return .array(op, attributes, i.operands, i.types)
        case .constant(let k): return .constant(ArrayBits(constants[k]))
        case .load(let name): return .load(name)
        case .store, .fused: return nil
        }
    }
}
