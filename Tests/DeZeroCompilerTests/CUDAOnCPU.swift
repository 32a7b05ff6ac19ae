@_spi(Executor) import DeZeroArray
import DeZeroTestSupport
import Foundation

@testable import DeZeroCompiler

/// Whether a C compiler can build CUDA source for the CPU (the CUDA source tests skip without).
let cudaOnCPUAvailable = CCompiler.shared.path != nil

/// Generated CUDA source compiled as C by ``CCompiler`` and run on the CPU as a grid of
/// one-thread blocks, the blocks one after another; C drivers (`run_*`) set the grid's indices,
/// unpack layouts and call the kernels.
enum CUDAOnCPU {
    /// `run_<kernel>(inputs, outputs, n)`.
    typealias ElementwiseDriver = @convention(c) (
        UnsafePointer<UnsafeRawPointer?>?, UnsafePointer<UnsafeMutableRawPointer?>?, Int64
    ) -> Void
    /// `run_copy_<dtype>(in, layout words, out, n, blocks)`.
    typealias CopyDriver = @convention(c) (UnsafeRawPointer?, UnsafePointer<Int64>?, UnsafeMutableRawPointer?, Int64, Int32) -> Void
    /// `run_fill_<dtype>(out, value, n)`.
    typealias FillDriver = @convention(c) (UnsafeMutableRawPointer?, Double, Int64) -> Void
    /// `run_<reduction>(in, kept words, reduced words, out, outputs, reducedCount, splits, blocks)`.
    typealias ReduceDriver = @convention(c) (
        UnsafeRawPointer?, UnsafePointer<Int64>?, UnsafePointer<Int64>?, UnsafeMutableRawPointer?, Int64, Int64, Int32, Int32
    ) -> Void
    /// `dz_layout_bytes()`: `sizeof(dz_layout)`.
    typealias SizeFunction = @convention(c) () -> Int64

    static func c(_ dtype: DType) -> String { ElementwiseExpression.cType(dtype) }

    /// The driver of a generated elementwise kernel: pointers from two arrays.
    static func driver(_ kernel: CUDAKernelSource) -> String {
        var arguments = kernel.inputTypes.enumerated().map { "(const \(c($1.dtype)) *)in[\($0)]" }
        arguments += kernel.outputTypes.enumerated().map { "(\(c($1.dtype)) *)out[\($0)]" }
        arguments.append("n")
        return "void run_\(kernel.symbol)(const void *const *in, void *const *out, long long n) { \(kernel.symbol)(\(arguments.joined(separator: ", "))); }\n"
    }

    /// Builds `module` with the drivers of `kernels`.
    static func library(_ module: String, _ kernels: [CUDAKernelSource]) throws -> KernelLibrary {
        try CCompiler.shared.library(module + "\n" + kernels.map(driver).joined())
    }

    /// Runs `kernel` of `library` on `inputs` (any layout; made contiguous first).
    static func run(_ kernel: CUDAKernelSource, in library: KernelLibrary, _ inputs: [NDArray]) throws -> [NDArray] {
        let f = unsafeBitCast(try library.address(of: "run_\(kernel.symbol)"), to: ElementwiseDriver.self)
        let sources = inputs.map { $0.contiguous() }
        let outputs = kernel.outputTypes.map { NDArray.uninitialized($0.dtype, $0.shape) }
        let i = sources.map { UnsafeRawPointer($0.unsafeElements) as UnsafeRawPointer? }
        let o = outputs.map { $0.unsafeElements as UnsafeMutableRawPointer? }
        withExtendedLifetime(sources) { f(i, o, Int64(kernel.count)) }
        return outputs
    }

    /// The generic kernels with their drivers.
    static func genericLibrary() throws -> KernelLibrary {
        var drivers = [
            "long long dz_layout_bytes(void) { return sizeof(dz_layout); }",
            "static dz_layout dz_unpack(const long long *w) { dz_layout l; __builtin_memcpy(&l, w, sizeof l); return l; }",
            "#define DZ_BLOCKS(blocks, call) do { gridDim.x = blocks; for (blockIdx.x = 0; blockIdx.x < (unsigned)blocks; blockIdx.x++) { call; } blockIdx.x = 0; gridDim.x = 1; } while (0)",
        ]
        for dtype in CUDAGenericKernels.dtypes {
            let t = c(dtype)
            drivers.append("""
                void run_\(CUDAGenericKernels.copySymbol(dtype))(const void *in, const long long *layout, void *out, long long n, int blocks) {
                    DZ_BLOCKS(blocks, \(CUDAGenericKernels.copySymbol(dtype))((const \(t) *)in, dz_unpack(layout), (\(t) *)out, n));
                }
                void run_\(CUDAGenericKernels.fillSymbol(dtype))(void *out, double value, long long n) { \(CUDAGenericKernels.fillSymbol(dtype))((\(t) *)out, (\(t))value, n); }
                """)
            var reductions = [ReductionKind.sum, .max, .min].map { (CUDAGenericKernels.reduceSymbol($0, dtype), c(CUDAGenericKernels.reductionDType($0, dtype)), true) }
            reductions += [true, false].map { (CUDAGenericKernels.argReduceSymbol(greater: $0, dtype), "long long", false) }
            for (symbol, result, splits) in reductions {
                drivers.append("""
                    void run_\(symbol)(const void *in, const long long *kept, const long long *reduced, void *out, long long outputs, long long count, int splits, int blocks) {
                        gridDim.y = splits;
                        for (blockIdx.y = 0; blockIdx.y < (unsigned)splits; blockIdx.y++) {
                            DZ_BLOCKS(blocks, \(symbol)((const \(t) *)in, dz_unpack(kept), dz_unpack(reduced), (\(result) *)out, outputs, count\(splits ? ", splits" : "")));
                        }
                        blockIdx.y = 0; gridDim.y = 1;
                    }
                    """)
            }
        }
        return try CCompiler.shared.library(CUDAGenericKernels.text + "\n" + drivers.joined(separator: "\n") + "\n")
    }

    /// The driver `run_<symbol>` of the generic library, as a `T`.
    static func function<T>(_ symbol: String, _: T.Type) throws -> T {
        unsafeBitCast(try genericLibrary().address(of: "run_\(symbol)"), to: T.self)
    }

    /// Element `[0, ...]`'s address of `array` (a view keeps its offset) and its layout words
    /// over `axes`.
    static func layout(_ array: NDArray, axes: [Int]) -> [Int64] {
        CUDAGenericKernels.layout(shape: axes.map { array.shape[$0] }, strides: axes.map { array.strides[$0] })
    }
}
