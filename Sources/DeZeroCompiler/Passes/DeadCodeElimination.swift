import DeZeroArray

/// Dead-code elimination ("dce"): removes the instructions whose results nothing reads (no later
/// instruction, store or returned value), such as the gradient of the input batch that DeZero's
/// backward computes and no one asks for, then the constants no instruction refers to (the
/// constant table is renumbered).
///
/// Stores and random draws always stay (a draw advances the global generator even when its
/// value is unused), and so does a fused kernel that holds one; a fused kernel is otherwise kept
/// whole when any of its outputs is read. Bindings stay as they are, even when nothing loads
/// one any more: the executor contract fills bindings by index, and the compiled function's
/// guards still check them (a conservative retrace, never a wrong result).
public struct DeadCodeElimination: Pass {
    /// The pass.
    public init() {}

    /// "dce".
    public var name: String { "dce" }

    public func run(_ program: Program) throws -> Program {
        var live = Set(program.results)
        var keep = [Bool](repeating: false, count: program.instructions.count)
        for (index, instruction) in program.instructions.enumerated().reversed()
        where instruction.operation.hasSideEffects || instruction.results.contains(where: live.contains) {
            keep[index] = true
            live.formUnion(instruction.operands)
        }
        var result = program
        result.instructions = zip(program.instructions, keep).compactMap { $1 ? $0 : nil }
        return Self.droppingUnusedConstants(result)
    }

    /// `program` without the constants no instruction refers to, the others renumbered in order.
    static func droppingUnusedConstants(_ program: Program) -> Program {
        var used = Set<Int>()
        func collect(_ i: Instruction) {
            switch i.operation {
            case .constant(let k): used.insert(k)
            case .fused(let kernel): kernel.body.forEach(collect)
            default: break
            }
        }
        program.instructions.forEach(collect)
        guard used.count < program.constants.count else { return program }
        var number: [Int: Int] = [:]
        var result = program
        result.constants = []
        for (k, array) in program.constants.enumerated() where used.contains(k) {
            number[k] = result.constants.count
            result.constants.append(array)
        }
        func renumber(_ i: Instruction) -> Instruction {
            var i = i
            switch i.operation {
            case .constant(let k): i.operation = .constant(number[k]!)
            case .fused(var kernel):
                kernel.body = kernel.body.map(renumber)
                i.operation = .fused(kernel)
            default: break
            }
            return i
        }
        result.instructions = result.instructions.map(renumber)
        return result
    }
}
