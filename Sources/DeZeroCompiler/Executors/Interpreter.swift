import DeZeroArray

/// The reference CPU executor: runs each instruction with the eager kernels
/// (``ArrayOp/evaluate(_:)``), in order, releasing every value after its last use. Its results
/// are the eager results bit for bit, which is what the optimizing executors are tested against.
public struct Interpreter: Executor {
    /// The interpreter.
    public init() {}

    /// "interpreter".
    public var name: String { "interpreter" }

    /// Prepares `program` (computes the last use of each value).
    public func prepare(_ program: Program) throws -> any Executable {
        InterpretedProgram(program)
    }
}

/// A program ready for the interpreter.
struct InterpretedProgram: Executable {
    let program: Program
    /// Per instruction, the values whose last use it is.
    private let releases: [[Int]]
    /// The number of value slots.
    private let valueCount: Int
    /// The binding index of each instruction's load or store (-1 for the others).
    private let bindingIndex: [Int]

    init(_ program: Program) {
        self.program = program
        let ids = program.arguments.map(\.value.id) + program.instructions.compactMap { $0.result?.id }
        valueCount = (ids.max() ?? -1) + 1
        var lastUse: [Int: Int] = [:]
        for (index, instruction) in program.instructions.enumerated() {
            for v in instruction.operands { lastUse[v.id] = index }
        }
        let kept = Set(program.results.map(\.id))
        var releases = [[Int]](repeating: [], count: program.instructions.count)
        for (id, index) in lastUse where !kept.contains(id) { releases[index].append(id) }
        self.releases = releases
        let indices = Dictionary(program.bindings.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        bindingIndex = program.instructions.map { instruction in
            switch instruction.operation {
            case .load(let name), .store(let name): indices[name] ?? -1
            case .array, .constant: -1
            }
        }
    }

    func run(arguments: [NDArray], bindings: [NDArray?]) -> ExecutionResult {
        var env = [NDArray?](repeating: nil, count: valueCount)
        for (argument, array) in zip(program.arguments, arguments) { env[argument.value.id] = array }
        var stores: [(binding: Int, array: NDArray)] = []
        for (index, instruction) in program.instructions.enumerated() {
            let operands = instruction.operands.map { env[$0.id]! }
            let output: NDArray?
            switch instruction.operation {
            case .array(let op): output = op.evaluate(operands)
            case .constant(let i): output = program.constants[i]
            case .load: output = bindings[bindingIndex[index]]
            case .store:
                stores.append((bindingIndex[index], operands[0]))
                output = nil
            }
            if let r = instruction.result { env[r.id] = output }
            for id in releases[index] { env[id] = nil }
        }
        return ExecutionResult(results: program.results.map { env[$0.id]! }, stores: stores)
    }
}
