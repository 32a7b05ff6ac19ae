/// cuBLAS (libcublas), loaded with dlopen: the GEMMs of `matmul` on the GPU.
final class CUBLAS: @unchecked Sendable {
    private typealias Create = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    private typealias SetStream = @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
    // alpha and beta are host pointers to one element of the GEMM's type.
    private typealias Gemm = @convention(c) (
        OpaquePointer?, Int32, Int32, Int32, Int32, Int32, UnsafeRawPointer, UInt64, Int32, UInt64, Int32,
        UnsafeRawPointer, UInt64, Int32) -> Int32
    private typealias GemmBatched = @convention(c) (
        OpaquePointer?, Int32, Int32, Int32, Int32, Int32, UnsafeRawPointer, UInt64, Int32, Int64, UInt64, Int32, Int64,
        UnsafeRawPointer, UInt64, Int32, Int64, Int32) -> Int32

    /// The library it was loaded from.
    let path: String
    let handle: OpaquePointer?
    private let library: DynamicLibrary
    private let sgemm: Gemm, dgemm: Gemm
    private let sgemmBatched: GemmBatched, dgemmBatched: GemmBatched

    /// Loads cuBLAS and creates a handle bound to `stream` (the current context must be set).
    init(stream: OpaquePointer?) throws(CUDAError) {
        library = try DynamicLibrary("libcublas", candidates: LibrarySearch.candidates(
            variable: "DEZERO_CUBLAS_LIBRARY", sonames: ["libcublas.so", "libcublas.so.13", "libcublas.so.12"], stem: "libcublas.so"))
        path = library.path
        let create = try library.function("cublasCreate_v2", as: Create.self)
        let setStream = try library.function("cublasSetStream_v2", as: SetStream.self)
        sgemm = try library.function("cublasSgemm_v2", as: Gemm.self)
        dgemm = try library.function("cublasDgemm_v2", as: Gemm.self)
        sgemmBatched = try library.function("cublasSgemmStridedBatched", as: GemmBatched.self)
        dgemmBatched = try library.function("cublasDgemmStridedBatched", as: GemmBatched.self)
        var h: OpaquePointer?
        let status = create(&h)
        guard status == 0 else { throw .cublas(call: "cublasCreate_v2", code: status) }
        handle = h
        let bound = setStream(h, stream)
        guard bound == 0 else { throw .cublas(call: "cublasSetStream_v2", code: bound) }
    }

    /// `c[m,n] = a[m,k] · b[k,n]` for C-contiguous row-major matrices (device addresses), repeated
    /// over `batch` matrices `strideA`, `strideB`, `strideC` elements apart. cuBLAS is
    /// column-major: a row-major C is a column-major Cᵀ = Bᵀ·Aᵀ, so the operands are swapped.
    func gemm(
        float64: Bool, m: Int, n: Int, k: Int, a: UInt64, b: UInt64, c: UInt64,
        batch: Int = 1, strideA: Int = 0, strideB: Int = 0, strideC: Int = 0
    ) throws(CUDAError) {
        let (M, N, K) = (Int32(n), Int32(m), Int32(k))
        let status: Int32
        var ones = (1.0, Float(1)), zeros = (0.0, Float(0))
        status = withUnsafeBytes(of: &ones) { one in
            withUnsafeBytes(of: &zeros) { zero in
                let alpha = float64 ? one.baseAddress! : one.baseAddress! + 8
                let beta = float64 ? zero.baseAddress! : zero.baseAddress! + 8
                if batch == 1 {
                    return (float64 ? dgemm : sgemm)(handle, 0, 0, M, N, K, alpha, b, M, a, K, beta, c, M)
                }
                return (float64 ? dgemmBatched : sgemmBatched)(
                    handle, 0, 0, M, N, K, alpha, b, M, Int64(strideB), a, K, Int64(strideA), beta, c, M, Int64(strideC), Int32(batch))
            }
        }
        guard status == 0 else { throw .cublas(call: float64 ? "cublasDgemm" : "cublasSgemm", code: status) }
    }
}
