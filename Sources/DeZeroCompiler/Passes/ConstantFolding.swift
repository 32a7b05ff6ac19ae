import DeZeroArray

/// Constant folding ("fold"): a primitive whose operands are all known when compiling (`const`
/// instructions, `full` arrays, earlier folds) is evaluated once, with the eager code
/// (``ArrayOp/evaluate(_:)``, the same call the interpreter makes on every run), and becomes a
/// `const` of the result. DeZero's loss backward, for one, scales its seed `full 1.0` by
/// `1/N` and casts a one-hot table built from a captured identity matrix.
///
/// Only small results are folded (``maxElements``, and operands of at most 16 times that), so
/// that the program text and the constant table stay small and compiling stays cheap. A `full`
/// itself is not turned into a `const` (it is already as cheap to describe), random draws are
/// never evaluated, and a result whose type is not the declared one is left alone.
public struct ConstantFolding: Pass {
    /// The largest result folded, in elements.
    public var maxElements: Int

    /// The pass, folding results of up to `maxElements` elements.
    public init(maxElements: Int = 4096) {
        self.maxElements = maxElements
    }

    /// "fold".
    public var name: String { "fold" }

    public func run(_ program: Program) throws -> Program {
        var result = program
        var known: [Value: NDArray] = [:]
        let operandLimit = maxElements * 16
        for (index, instruction) in program.instructions.enumerated() {
            guard let value = instruction.result, let type = instruction.type else { continue }
            switch instruction.operation {
            case .constant(let k):
                known[value] = result.constants[k]
            case .array(.full(let shape, let value2, let dtype)):
                if type.count <= operandLimit { known[value] = NDArray.full(shape, value2, dtype: dtype) }
            case .array(.random):
                continue
            case .array(let op):
                guard !instruction.operands.isEmpty, type.count <= maxElements else { continue }
                let inputs = instruction.operands.compactMap { known[$0] }
                guard inputs.count == instruction.operands.count, inputs.reduce(0, { $0 + $1.size }) <= operandLimit else { continue }
                let folded = op.evaluate(inputs)
                guard TensorType(of: folded) == type else { continue }
                let array = folded.contiguous()
                result.constants.append(array)
                result.instructions[index].operation = .constant(result.constants.count - 1)
                result.instructions[index].operands = []
                known[value] = array
            case .load, .store, .fused:
                continue
            }
        }
        return result
    }
}
