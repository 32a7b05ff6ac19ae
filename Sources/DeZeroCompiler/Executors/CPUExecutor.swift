import DeZeroArray
import Foundation
import Synchronization

/// The optimizing CPU executor: runs each fused kernel as generated C (``KernelSource``),
/// compiled once with the toolchain's clang and cached on disk (``CCompiler``), and every other
/// instruction with the eager kernels, releasing each value after its last use. Its results are
/// the eager results bit for bit.
///
/// Without a C compiler (or with `DEZERO_CC=none`) fused kernels run as their bodies, as the
/// ``Interpreter`` runs them, and the executor says so once on standard error.
public struct CPUExecutor: Executor {
    /// Builds the generated code.
    public let compiler: CCompiler

    /// An executor building its kernels with `compiler`.
    public init(compiler: CCompiler = .shared) {
        self.compiler = compiler
    }

    /// "cpu".
    public var name: String { "cpu" }

    public func prepare(_ program: Program) throws -> any Executable {
        try Verifier.verify(program)
        do {
            return InterpretedProgram(program, kernels: try kernels(program))
        } catch {
            CPUExecutor.reportFallback(error)
            return InterpretedProgram(program, kernels: [:])
        }
    }

    /// The C module of `program`'s fused kernels (the preamble, then one function per kernel),
    /// with each kernel's source; nil when it has none.
    public static func source(of program: Program) -> (module: String, kernels: [(name: String, text: String)])? {
        let sources = kernelSources(program)
        guard !sources.isEmpty else { return nil }
        return (KernelSource.preamble + sources.map(\.source.text).joined(separator: "\n"), sources.map { ($0.kernel.name, $0.source.text) })
    }

    /// Each fused kernel of `program` with its source.
    static func kernelSources(_ program: Program) -> [(kernel: FusedKernel, source: KernelSource, types: [TensorType])] {
        program.fusedKernels.map { ($0.kernel, KernelSource($0.kernel, inputTypes: $0.inputTypes), $0.outputTypes) }
    }

    /// The compiled kernels of `program` by name.
    func kernels(_ program: Program) throws(CodegenError) -> [String: CompiledKernel] {
        guard let (module, _) = CPUExecutor.source(of: program) else { return [:] }
        let library = try compiler.library(module)
        var kernels: [String: CompiledKernel] = [:]
        for (kernel, source, types) in CPUExecutor.kernelSources(program) {
            kernels[kernel.name] = CompiledKernel(
                function: try library.kernel(source.symbol), outputTypes: types, count: source.count, name: kernel.name)
        }
        return kernels
    }

    private static let reported = Mutex(false)

    /// Says once per process why fused kernels run without generated code.
    static func reportFallback(_ error: any Error) {
        guard reported.withLock({ let first = !$0; $0 = true; return first }) else { return }
        FileHandle.standardError.write(Data("DeZero compiler: fused kernels run as their bodies, without generated code: \(error)\n".utf8))
    }
}
