import DeZero
import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// Profiles: their bookkeeping (the steps add up to the run) and `DEZERO_LOG=kernels`.
@Suite struct ProfileTests {
    /// The steps' times add up to the measured wall time: every moment of a run between its
    /// first and last step belongs to a step. (A check of the bookkeeping, not of speed; the
    /// run's setup and result assembly belong to no step, a few percent in debug builds. A
    /// loaded machine can preempt a run there, so it takes the best of up to five tries.)
    @Test(arguments: ["cpu", "interpreter"])
    func stepTimesAddUpToTheWallTime(executor: String) throws {
        let (program, _) = try PassManager().run(try BuiltinPrograms.named("spiral-step")!.trace())
        let executable = try (executor == "cpu" ? CPUExecutor() as any Executor : Interpreter()).prepare(program)
        Random.seed(0)
        let arguments = program.randomArguments(), bindings = program.randomBindings()
        _ = executable.run(arguments: arguments, bindings: bindings)
        var ratios: [Double] = []
        for _ in 0..<5 {
            let profile = Profile()
            for _ in 0..<200 { _ = executable.run(arguments: arguments, bindings: bindings, profile: profile) }
            #expect(profile.runs == 200)
            #expect(profile.entries.allSatisfy { $0.calls == 200 })
            #expect(profile.wallSeconds > 0)
            ratios.append(profile.stepSeconds / profile.wallSeconds)
            if (0.9...1.1).contains(ratios.last!) { break }
        }
        #expect((0.9...1.1).contains(ratios.last!), "step time / wall time over 200 runs, by try: \(ratios)")
    }

    /// With the topic on when a program is compiled, its calls are profiled and the table goes
    /// to the log after the 100th run and when asked (as at exit); with it off, nothing is.
    @Test func theKernelsLogPrintsEachProgramsTable() throws {
        let lines = LogLines()
        CompileOptions.logHandler = { lines.append($0) }
        CompileOptions.setLog("kernels", true)
        defer {
            CompileOptions.logHandler = nil
            CompileOptions.setLog("kernels", false)
            KernelProfiles.removeAll()
        }
        let f = compile("wave") { x in sin(x) * 2.0 + x * x }
        let x = Variable(NDArray([0.5, 1.0, 1.5] as [Float]))
        // Eager, traced, then 100 runs of the program: the table comes after the 100th.
        for _ in 0..<101 { _ = try f(x) }
        #expect(lines.all.isEmpty)
        _ = try f(x)
        #expect(lines.all.count == 1)
        let table = lines.all.first ?? ""
        #expect(table.hasPrefix("compile: kernels of 'wave' (trace 1; inputs f32[3]) on cpu, 100 runs:\nstep "))
        let kernels = f.function.programs[0].fusedKernels.map(\.kernel.name)
        #expect(!kernels.isEmpty)
        for name in kernels {
            #expect(table.split(separator: "\n").contains { $0.hasPrefix(name + " ") && $0.contains(" 100 ") }, "\(name) in\n\(table)")
        }
        #expect(table.contains("runs: 100,"))

        // A second program (another input shape), and what the exit report writes: every
        // program that ran since its last table.
        let y = Variable(NDArray([0.5, 1.0] as [Float]))
        for _ in 0..<5 { _ = try f(y) }
        for _ in 0..<3 { _ = try f(x) }
        CompileOptions.logKernelProfiles()
        #expect(lines.all.count == 3)
        #expect(lines.all.dropFirst().contains { $0.hasPrefix("compile: kernels of 'wave' (trace 1; inputs f32[3]) on cpu, 103 runs:") })
        #expect(lines.all.dropFirst().contains { $0.hasPrefix("compile: kernels of 'wave' (trace 2; inputs f32[2]) on cpu, 4 runs:") })
        CompileOptions.logKernelProfiles()
        #expect(lines.all.count == 3)

        // Compiled with the topic off: not profiled.
        CompileOptions.setLog("kernels", false)
        let g = compile("quiet") { x in sin(x) * 2.0 }
        for _ in 0..<105 { _ = try g(x) }
        CompileOptions.logKernelProfiles()
        #expect(lines.all.count == 3)
    }

    @Test func tablesAreWrittenAfterPowersOfTenFrom100() {
        #expect((1...100_000).filter(KernelProfiles.reportsAfter) == [100, 1000, 10_000, 100_000])
    }
}
}
