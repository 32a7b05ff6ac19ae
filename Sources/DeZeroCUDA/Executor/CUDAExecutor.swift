@_spi(Device) import DeZeroArray
import DeZeroCompiler

/// Runs optimized programs on a CUDA GPU: each fused kernel as one generated CUDA kernel
/// (``CUDAKernelSource``, the code generator of the CPU's kernels), compiled by NVRTC for the
/// device and cached; every other instruction as the eager GPU runs it (cuBLAS, the generic
/// kernels, or the host for the few primitives without a device kernel). When a warm-up run used
/// no host step, the next run is captured as a CUDA graph and later runs replay it.
public struct CUDAExecutor: Executor {
    /// The device's ordinal.
    public let device: Int
    /// Whether runs are captured and replayed as a CUDA graph when they can be.
    public let graphs: Bool

    /// An executor for GPU `device`, capturing CUDA graphs unless `graphs` is false.
    public init(device: Int = 0, graphs: Bool = true) {
        self.device = device
        self.graphs = graphs
    }

    /// "cuda".
    public var name: String { "cuda" }

    /// Verifies `program`, sets up the GPU and compiles the program's fused kernels; throws
    /// ``IRError`` for a program that does not verify and ``CUDAError`` without a GPU.
    public func prepare(_ program: Program) throws -> any Executable {
        try Verifier.verify(program)
        let backend = try CUDA.backend(device)
        let (module, sources) = CUDAKernelSource.module(program)
        var kernels: [String: CUDAProgram.Kernel] = [:]
        for source in sources {
            let function = try backend.gpu.function(source.symbol, in: module)
            kernels[source.symbol] = CUDAProgram.Kernel(function: function, source: source)
        }
        return CUDAProgram(program, backend: backend, kernels: kernels, graphs: graphs)
    }
}
