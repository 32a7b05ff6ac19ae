import DeZeroArray

@testable import DeZeroCompiler

/// Runs a program the way an arena executor runs it from a memory plan, to test the plan by its
/// effect: the arena starts filled with NaN bytes, every arena value is written to its bytes and
/// every operand read back from there (a view reads its root's bytes with its own shape), and the
/// bytes of each value are poisoned again after its last use (unless a value took its buffer in
/// place there). A plan that lets two live values share bytes changes the results.
struct ArenaRun {
    let program: Program
    let plan: MemoryPlan

    /// The results and the stored arrays (in the order of the stores), read from the arena at
    /// the end of the run.
    func run(arguments: [NDArray], bindings: [NDArray?]) -> (results: [NDArray], stores: [NDArray]) {
        var arena = [UInt8](repeating: 0xFF, count: plan.arenaBytes)
        var external: [Value: NDArray] = [:]
        var types: [Value: TensorType] = [:]
        for ((value, type), array) in zip(program.arguments, arguments) {
            external[value] = array
            types[value] = type
        }
        func read(_ value: Value) -> NDArray {
            if let array = external[value] { return array }
            let type = types[value]!, offset = plan.offset(of: value)!
            return arena.withUnsafeBytes {
                NDArray(dtype: type.dtype, shape: type.shape, bytes: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + type.byteCount)]))
            }
        }
        func write(_ value: Value, _ array: NDArray) {
            let offset = plan.offset(of: value)!
            array.withUnsafeBytes { source in
                arena.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[offset...]).copyMemory(from: source) }
            }
        }
        let dying = poisonSchedule()
        var stored: [Value] = []
        for (index, instruction) in program.instructions.enumerated() {
            for (value, type) in zip(instruction.results, instruction.types) { types[value] = type }
            switch instruction.operation {
            case .load(let name):
                external[instruction.result!] = bindings[program.bindings.firstIndex { $0.name == name }!]!
            case .constant(let k):
                external[instruction.result!] = program.constants[k]
            case .store:
                stored.append(instruction.operands[0])
            case .array(let op):
                let result = op.evaluate(instruction.operands.map(read))
                if case .view = plan.location(of: instruction.result!) { continue }
                write(instruction.result!, result)
            case .fused(let kernel):
                var local: [Value: NDArray] = [:]
                for v in instruction.operands { local[v] = read(v) }
                for member in kernel.body {
                    local[member.result!] = switch member.operation {
                    case .array(let op): op.evaluate(member.operands.map { local[$0]! })
                    case .constant(let k): program.constants[k]
                    default: preconditionFailure("a kernel holds array primitives and constants")
                    }
                }
                for output in kernel.outputs { write(output, local[output]!) }
            }
            for (offset, count) in dying[index] {
                arena.withUnsafeMutableBytes {
                    UnsafeMutableRawBufferPointer(rebasing: $0[offset..<(offset + count)]).initializeMemory(as: UInt8.self, repeating: 0xFF)
                }
            }
        }
        return (program.results.map(read), stored.map(read))
    }

    /// The byte ranges to poison after each instruction: each materialized value's bytes after
    /// the last read of it or of its views, unless a value takes its buffer in place there.
    private func poisonSchedule() -> [[(offset: Int, count: Int)]] {
        let liveness = Liveness(program)
        var end: [Value: Int] = [:]  // materialized value → last read, its views' included
        var root: [Value: Value] = [:]
        var bytes: [Value: Int] = [:]
        for instruction in program.instructions {
            for (value, type) in zip(instruction.results, instruction.types) {
                switch plan.location(of: value) {
                case .buffer:
                    root[value] = value
                    bytes[value] = type.byteCount
                    end[value] = liveness.range(of: value)!.end
                case .view(let of, _):
                    root[value] = root[of]!
                    end[root[of]!] = max(end[root[of]!]!, liveness.range(of: value)!.end)
                default: break
                }
            }
        }
        let handedOver = Set(plan.inPlace.values.map { root[$0]! })
        var schedule = [[(offset: Int, count: Int)]](repeating: [], count: program.instructions.count)
        for (value, last) in end where last < program.instructions.count && !handedOver.contains(value) {
            schedule[max(last, liveness.range(of: value)!.start)].append((plan.offset(of: value)!, bytes[value]!))
        }
        return schedule
    }
}
