/// cuBLAS (libcublas), loaded with dlopen: the GEMMs of `matmul` on the GPU.
final class CUBLAS: @unchecked Sendable {
    private typealias Create = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    private typealias SetStream = @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
    // alpha and beta are host pointers to one element of the GEMM's type.
    private typealias Gemm = @convention(c) (
        OpaquePointer?, Int32, Int32, Int32, Int32, Int32, UnsafeRawPointer, UInt64, Int32, UInt64, Int32,
        UnsafeRawPointer, UInt64, Int32) -> Int32

    /// The library it was loaded from.
    let path: String
    let handle: OpaquePointer?
    private let library: DynamicLibrary
    private let sgemm: Gemm, dgemm: Gemm

    /// Loads cuBLAS and creates a handle bound to `stream` (the current context must be set).
    init(stream: OpaquePointer?) throws(CUDAError) {
        library = try DynamicLibrary("libcublas", candidates: LibrarySearch.candidates(
            variable: "DEZERO_CUBLAS_LIBRARY", sonames: ["libcublas.so", "libcublas.so.13", "libcublas.so.12"], stem: "libcublas.so"))
        path = library.path
        let create = try library.function("cublasCreate_v2", as: Create.self)
        let setStream = try library.function("cublasSetStream_v2", as: SetStream.self)
        sgemm = try library.function("cublasSgemm_v2", as: Gemm.self)
        dgemm = try library.function("cublasDgemm_v2", as: Gemm.self)
        var h: OpaquePointer?
        let status = create(&h)
        guard status == 0 else { throw .cublas(call: "cublasCreate_v2", code: status) }
        handle = h
        let bound = setStream(h, stream)
        guard bound == 0 else { throw .cublas(call: "cublasSetStream_v2", code: bound) }
    }

    /// `c[m,n] = a[m,k] · b[k,n]` for row-major matrices at device addresses, `a` (`b`) stored
    /// as its transpose when `transposeA` (`transposeB`). cuBLAS is column-major: a row-major C
    /// is a column-major Cᵀ = Bᵀ·Aᵀ, so the operands are swapped.
    func gemm(
        float64: Bool, m: Int, n: Int, k: Int, a: UInt64, transposeA: Bool, b: UInt64, transposeB: Bool, c: UInt64
    ) throws(CUDAError) {
        let opA: Int32 = transposeA ? 1 : 0, opB: Int32 = transposeB ? 1 : 0  // CUBLAS_OP_N, CUBLAS_OP_T
        let lda = Int32(transposeA ? m : k), ldb = Int32(transposeB ? k : n)
        var ones = (1.0, Float(1)), zeros = (0.0, Float(0))
        let status = withUnsafeBytes(of: &ones) { one in
            withUnsafeBytes(of: &zeros) { zero in
                let alpha = float64 ? one.baseAddress! : one.baseAddress! + 8
                let beta = float64 ? zero.baseAddress! : zero.baseAddress! + 8
                return (float64 ? dgemm : sgemm)(handle, opB, opA, Int32(n), Int32(m), Int32(k), alpha, b, ldb, a, lda, beta, c, Int32(n))
            }
        }
        guard status == 0 else { throw .cublas(call: float64 ? "cublasDgemm_v2" : "cublasSgemm_v2", code: status) }
    }
}
