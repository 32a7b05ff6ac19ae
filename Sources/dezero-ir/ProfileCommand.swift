import ArgumentParser
import DeZeroArray
import DeZeroCompiler
import Foundation

extension DezeroIR {
    /// `dezero-ir profile NAME|FILE`.
    struct ProfileCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "profile",
            abstract: "Runs a program many times and prints where the time goes, kernel by kernel.",
            discussion: """
                The program is a built-in one (see `dezero-ir trace --help`) or an IR file. It runs \
                after the passes (--disable PASS or all to profile less optimized forms) on random \
                arguments and state (as `run` makes them), once to warm up, then --runs times; the \
                table lists the steps by time with their bytes moved, bandwidth, FLOP/s and the \
                DeZero Functions inside.
                """)

        @Argument(help: "A built-in program's name or an IR file.") var program: String
        @Option(help: "How many profiled runs.") var runs = 100
        @Option(help: "The executor: cpu (generated kernels), interpreter, or cuda (GPU 0).") var executor = "cpu"
        @Option(help: "How many steps the table lists.") var limit = 25
        @OptionGroup var passes: PassFlags

        func run() throws {
            let loaded = try BuiltinPrograms.named(self.program).map { try $0.trace() } ?? loadProgram(self.program)
            let (program, _) = try passes.optimize(loaded)
            let chosen: any Executor
            switch executor {
            case "cpu": chosen = CPUExecutor()
            case "interpreter": chosen = Interpreter()
            case "cuda": chosen = try KernelDevice.cuda.executor(reference: false)
            default: throw ValidationError("unknown executor '\(executor)'; use cpu, interpreter or cuda")
            }
            let executable = try chosen.prepare(program)
            Random.seed(0)
            let arguments = program.randomArguments()
            let bindings = program.randomBindings()
            _ = executable.run(arguments: arguments, bindings: bindings)
            let profile = Profile()
            for _ in 0..<Swift.max(runs, 1) { _ = executable.run(arguments: arguments, bindings: bindings, profile: profile) }
            print("@\(program.name) on \(chosen.name), \(program.instructions.count) instructions")
            print(profile.table(limit: limit))
        }
    }
}
