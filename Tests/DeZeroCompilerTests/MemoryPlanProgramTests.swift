import DeZero
import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// Memory plans of traced programs: the built-in ones and the spiral steps of the training parity
/// suite, with every optimizer. Each plan verifies, is no smaller than its live peak, and running
/// the program from the arena gives the interpreter's results and stores, byte for byte.
@Suite struct MemoryPlanProgramTests {
    /// Plans `program`, checks the plan's figures and runs it from the arena against the
    /// interpreter on random arguments and state.
    static func check(_ program: Program, run: Bool = true) throws {
        let plan = MemoryPlan(program)
        try plan.verify(program)
        #expect(plan.arenaBytes == plan.buffers.map { $0.offset + $0.bytes }.max() ?? 0)
        #expect(plan.liveBytesPeak <= plan.arenaBytes, "\(program.name)")
        #expect(plan.liveBytesPeak <= plan.releasedBytesPeak && plan.releasedBytesPeak <= plan.unplannedBytes, "\(program.name)")
        guard run else { return }
        Random.seed(3)
        let arguments = program.randomArguments()
        let bindings = program.randomBindings()
        Random.seed(4)
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
        Random.seed(4)
        let (results, stores) = ArenaRun(program: program, plan: plan).run(arguments: arguments, bindings: bindings)
        #expect(zip(results, expected.results).allSatisfy { sameBytes($0, $1) }, "\(program.name): results")
        #expect(zip(stores, expected.stores).allSatisfy { sameBytes($0, $1.array) }, "\(program.name): stores")
        #expect(stores.count == expected.stores.count)
    }

    @Test(arguments: BuiltinPrograms.all.map(\.name))
    func builtinProgram(_ name: String) throws {
        let program = try BuiltinPrograms.named(name)!.trace()
        try Self.check(program)
    }

    @Test(arguments: TrainingParityTests.optimizerNames + ["hooks"])
    func spiralStepOfTheTrainingParitySuite(_ name: String) throws {
        let optimizer = name == "hooks" ? MomentumSGD(lr: 0.5) : TrainingParityTests.optimizer(name)
        if name == "hooks" {
            optimizer.addHook(WeightDecay(1e-3))
            optimizer.addHook(ClipGrad(1))
        }
        Random.seed(0)
        let (x, t) = getSpiral()
        let step = BuiltinPrograms.trainingStep("step", MLP([10, 3]), optimizer)
        try Self.check(try BuiltinPrograms.traced(step, [x[0..<30], t[0..<30]]))
    }
}
}
