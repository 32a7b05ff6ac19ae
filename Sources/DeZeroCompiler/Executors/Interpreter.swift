import DeZeroArray

/// The reference CPU executor: runs each instruction with the eager kernels
/// (``ArrayOp/evaluate(_:)``), in order, releasing every value after its last use. Its results
/// are the eager results bit for bit, which is what the optimizing executors are tested against.
public struct Interpreter: Executor {
    /// The interpreter.
    public init() {}

    /// "interpreter".
    public var name: String { "interpreter" }

    /// Verifies `program` and prepares it (resolves each instruction to value slots and
    /// computes the last use of each value); a program that does not verify throws ``IRError``.
    public func prepare(_ program: Program) throws -> any Executable {
        try Verifier.verify(program)
        return InterpretedProgram(program, kernels: [:])
    }
}

/// A program ready for the interpreter: each instruction as a step that reads value slots and
/// writes one (steps are objects, so running one copies no instruction). A fused instruction
/// runs its compiled kernel when there is one, and its body otherwise.
struct InterpretedProgram: Executable {
    let program: Program
    private let steps: [Step]
    private let valueCount: Int

    /// One instruction, resolved to value slots.
    final class Step: Sendable {
        enum Action: Sendable {
            case compute(ArrayOp)
            case constant(NDArray)
            case load(binding: Int)
            case store(binding: Int)
            /// A compiled kernel writing the values `outputs`.
            case kernel(CompiledKernel, outputs: [Int])
        }
        let action: Action
        let operands: [Int]
        let result: Int
        /// The values whose last use this step is.
        let releases: [Int]
        /// The instruction it runs (for profiles).
        let instruction: Instruction

        init(action: Action, operands: [Int], result: Int, releases: [Int], instruction: Instruction) {
            self.action = action
            self.operands = operands
            self.result = result
            self.releases = releases
            self.instruction = instruction
        }
    }

    init(_ program: Program, kernels: [String: CompiledKernel]) {
        self.program = program
        // A fused instruction without a compiled kernel runs as its body: the reference meaning of fusion.
        let instructions = program.instructions.flatMap { i -> [Instruction] in
            if case .fused(let kernel) = i.operation, kernels[kernel.name] == nil { return kernel.body }
            return [i]
        }
        let ids = program.arguments.map(\.value.id) + instructions.flatMap { $0.results.map(\.id) }
        valueCount = (ids.max() ?? -1) + 1
        var lastUse: [Int: Int] = [:]
        for (index, instruction) in instructions.enumerated() {
            for v in instruction.operands { lastUse[v.id] = index }
        }
        let kept = Set(program.results.map(\.id))
        var releases = [[Int]](repeating: [], count: instructions.count)
        for (id, index) in lastUse where !kept.contains(id) { releases[index].append(id) }
        let bindings = Dictionary(program.bindings.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        steps = instructions.enumerated().map { index, instruction in
            let action: Step.Action = switch instruction.operation {
            case .array(let op): .compute(op)
            case .constant(let i): .constant(program.constants[i])
            case .load(let name): .load(binding: bindings[name] ?? -1)
            case .store(let name): .store(binding: bindings[name] ?? -1)
            case .fused(let kernel): .kernel(kernels[kernel.name]!, outputs: instruction.results.map(\.id))
            }
            return Step(
                action: action, operands: instruction.operands.map(\.id), result: instruction.result?.id ?? -1,
                releases: releases[index], instruction: instruction)
        }
    }

    func run(arguments: [NDArray], bindings: [NDArray?]) -> ExecutionResult {
        run(arguments: arguments, bindings: bindings, profile: nil)
    }

    func run(arguments: [NDArray], bindings: [NDArray?], profile: Profile) -> ExecutionResult {
        if profile.entries.isEmpty {
            var types: [Value: TensorType] = [:]
            for (value, type) in program.arguments { types[value] = type }
            for step in steps { for (r, t) in zip(step.instruction.results, step.instruction.types) { types[r] = t } }
            profile.describe(steps.map { Profile.entry($0.instruction, operandTypes: $0.instruction.operands.compactMap { types[$0] }) })
        }
        let clock = ContinuousClock()
        let start = clock.now
        let result = run(arguments: arguments, bindings: bindings, profile: Optional(profile))
        profile.addRun(seconds(clock.now - start))
        return result
    }

    private func run(arguments: [NDArray], bindings: [NDArray?], profile: Profile?) -> ExecutionResult {
        let clock = ContinuousClock()
        var env = [NDArray?](repeating: nil, count: valueCount)
        for (argument, array) in zip(program.arguments, arguments) { env[argument.value.id] = array }
        var stores: [(binding: Int, array: NDArray)] = []
        var operands: [NDArray] = []  // reused: one allocation per run, not per instruction
        operands.reserveCapacity(8)
        // On a device (arguments there), constants and what is computed from them alone (a
        // creation, a cast of a constant) are moved there too: the IR does not place values.
        // (Plain loops: this runs on every call, and the lazy form cost microseconds in debug builds.)
        var device = Device.cpu
        for array in arguments where !array.device.isCPU {
            device = array.device
            break
        }
        if device.isCPU {
            for case let array? in bindings where !array.device.isCPU {
                device = array.device
                break
            }
        }
        // Profiled, each step's time runs from the end of the step before (the first: from
        // here), so the bookkeeping between steps is counted too and the steps add up to the run.
        var last = profile == nil ? nil : clock.now
        for (index, step) in steps.enumerated() {
            switch step.action {
            case .compute(let op):
                for id in step.operands { operands.append(env[id]!) }
                let result = op.evaluate(operands)
                env[step.result] = result.device == device ? result : result.to(device)
                operands.removeAll(keepingCapacity: true)
            case .constant(let array): env[step.result] = array.device == device ? array : array.to(device)
            case .load(let binding):
                guard let array = bindings[binding] else {
                    fatalError("Interpreter: @\(program.name) loads @\(program.bindings[binding].name), and no array was given for it")
                }
                env[step.result] = array
            case .store(let binding): stores.append((binding, env[step.operands[0]]!))
            case .kernel(let kernel, let outputs):
                for id in step.operands { operands.append(env[id]!) }
                for (id, array) in zip(outputs, kernel.run(operands)) { env[id] = array }
                operands.removeAll(keepingCapacity: true)
            }
            for id in step.releases { env[id] = nil }
            if let profile, let before = last {
                let now = clock.now
                profile.add(index, seconds(now - before))
                last = now
            }
        }
        return ExecutionResult(results: program.results.map { env[$0.id]! }, stores: stores)
    }
}

/// A duration in seconds.
package func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
