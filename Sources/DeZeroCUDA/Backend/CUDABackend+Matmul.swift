@_spi(Device) import DeZeroArray
import DeZeroCompiler

extension CUDABackend {
    /// The product of two matrices by cuBLAS. A transposed view (a `W.T` in a backward pass) is
    /// read in place through cuBLAS's transpose flag; other views are copied contiguous first.
    func matmul(_ a: NDArray, _ b: NDArray, result: TensorType) throws(CUDAError) -> NDArray {
        let out = NDArray.empty(result, on: device)
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        guard out.size > 0 else { return out }
        guard k > 0, result.dtype.isFloatingPoint, a.dtype.isFloatingPoint, b.dtype.isFloatingPoint else {
            return try onHost(.matmul, [a, b])
        }
        // float32 beside float64 multiplies in float64, as NumPy converts the operands first.
        let (x, transposeA) = try gemmOperand(try converted(a, to: result.dtype))
        let (y, transposeB) = try gemmOperand(try converted(b, to: result.dtype))
        try withExtendedLifetime((x, y)) { () throws(CUDAError) in
            try gpu.cublas().gemm(
                float64: result.dtype == .float64, m: m, n: n, k: k, a: x.address, transposeA: transposeA,
                b: y.address, transposeB: transposeB, c: out.address)
        }
        return out
    }

    /// `x` in `dtype` (itself when it is already).
    private func converted(_ x: NDArray, to dtype: DType) throws(CUDAError) -> NDArray {
        x.dtype == dtype ? x : try elementwise(.cast(dtype), [x], result: TensorType(dtype, x.shape))
    }

    /// A matrix as cuBLAS reads it: row-major contiguous, or the transpose of one.
    private func gemmOperand(_ x: NDArray) throws(CUDAError) -> (NDArray, Bool) {
        let (rows, columns) = (x.shape[0], x.shape[1])
        if x.strides[1] == 1 && (x.strides[0] == columns || rows == 1) { return (x, false) }
        if x.strides[0] == 1 && (x.strides[1] == rows || columns == 1) { return (x, true) }
        return (try contiguousCopy(x), false)
    }
}
