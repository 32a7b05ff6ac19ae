import ArgumentParser
import DeZeroCompiler
import DeZeroCUDA

/// The devices whose generated kernels `--dump-kernels` prints.
enum KernelDevice: String, ExpressibleByArgument, CaseIterable {
    /// The CPU executor's C (`KernelSource`).
    case cpu
    /// The CUDA executor's CUDA C++ (`CUDAKernelSource`).
    case cuda
}

/// `--dump-kernels` and `--device`, on `trace` and `check`.
struct KernelDumpOptions: ParsableArguments {
    @Flag(help: "After the program, print the source of each fused kernel generated for --device (without the module's preamble).")
    var dumpKernels = false
    @Option(help: "The device whose kernels --dump-kernels prints: cpu (C) or cuda (CUDA C++).")
    var device: KernelDevice = .cpu

    /// Each fused kernel of `program` (after the passes) with its generated source, as printed.
    func text(_ program: Program) -> String {
        let names = program.fusedKernels.map(\.kernel.name)
        let sources: [String] = switch device {
        case .cpu: CPUExecutor.source(of: program)?.kernels.map(\.text) ?? []
        case .cuda: CUDAKernelSource.module(program).kernels.map(\.text)
        }
        if sources.isEmpty { return "// @\(program.name): no fused kernels\n" }
        return zip(names, sources).map { "// kernel @\($0) (\(device.rawValue))\n\($1)" }.joined(separator: "\n")
    }

    /// Prints the kernels when asked to.
    func dump(_ program: Program) {
        if dumpKernels { print(text(program), terminator: "") }
    }
}

extension KernelDevice {
    /// The executor that runs programs on this device: on the CPU the interpreter when
    /// `reference` (the eager numbers) and the CPU executor otherwise; on CUDA the CUDA executor of
    /// GPU 0, after checking that there is one (a `CUDAError` says what is missing).
    func executor(reference: Bool) throws -> any Executor {
        switch self {
        case .cpu: return reference ? Interpreter() : CPUExecutor()
        case .cuda:
            try CUDA.device(0)
            return CUDAExecutor()
        }
    }
}
