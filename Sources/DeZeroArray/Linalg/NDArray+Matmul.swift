import CBLAS

/// Matrix product with NumPy's `matmul` rules: 1-D operands are promoted to a row (left) or a
/// column (right) and the added axis removed afterwards; leading axes broadcast as batches.
/// Floating-point products run on the BLAS routine NumPy would use (`?dot` for a row times a
/// column, `?gemv` when one operand is a vector, `?gemm` otherwise), so sums round as NumPy's do.
public func matmul(_ a: NDArray, _ b: NDArray) -> NDArray {
    if Tracing.intercepts, let result = Tracing.intercept(.matmul, [a, b]) { return result }
    require(a.ndim > 0 && b.ndim > 0, "matmul: input operands must have at least one dimension, got shapes \(a.shape) and \(b.shape)")
    let x = a.ndim == 1 ? a.reshape([1, a.shape[0]]) : a
    let y = b.ndim == 1 ? b.reshape([b.shape[0], 1]) : b
    let m = x.shape[x.ndim - 2], k = x.shape[x.ndim - 1]
    let k2 = y.shape[y.ndim - 2], n = y.shape[y.ndim - 1]
    require(
        k == k2,
        "matmul: shapes \(a.shape) and \(b.shape) are not aligned: \(k) (dim \(a.ndim - 1)) != \(k2) (dim \(Swift.max(b.ndim - 2, 0))); transpose one operand or fix the layer size")
    // Two matrices of one float dtype (a layer's product): no batch or promotion bookkeeping.
    if a.ndim == 2 && b.ndim == 2 && a.dtype == b.dtype && a.dtype.isFloatingPoint {
        var out = NDArray(uninitializedShape: [m, n], dtype: a.dtype)
        Gemm.multiply(a, b, into: &out, at: 0)
        return out
    }
    let batch = NDArray.broadcastShapes(
        Array(x.shape.dropLast(2)), Array(y.shape.dropLast(2)), in: "matmul")
    // Two bool operands multiply as int64 counts, then become bool (any), as NumPy's bool matmul.
    let promoted = DType.promote(a.dtype, b.dtype)
    let dtype = promoted == .bool ? DType.int64 : promoted
    let xs = x.astype(dtype).broadcast(to: batch + [m, k])
    let ys = y.astype(dtype).broadcast(to: batch + [k, n])
    var out = NDArray(uninitializedShape: batch + [m, n], dtype: dtype)
    if batch.isEmpty {
        Gemm.multiply(xs, ys, into: &out, at: 0)
    } else {
        let count = batch.reduce(1, *)
        let xb = xs.reshape([count, m, k]), yb = ys.reshape([count, k, n])
        for i in 0..<count {
            Gemm.multiply(
                xb.sliced(axis: 0, from: i, to: i + 1).squeeze(axis: 0),
                yb.sliced(axis: 0, from: i, to: i + 1).squeeze(axis: 0),
                into: &out, at: i * m * n)
        }
    }
    var shape = batch + [m, n]
    if b.ndim == 1 { shape.removeLast() }
    if a.ndim == 1 { shape.remove(at: shape.count - (b.ndim == 1 ? 1 : 2)) }
    return promoted == .bool ? out.reshape(shape).astype(.bool) : out.reshape(shape)
}

/// `np.dot`: products of scalars, inner product of vectors, matrix product, and for N-D arrays
/// a sum over the last axis of `a` and the second-to-last of `b`.
public func dot(_ a: NDArray, _ b: NDArray) -> NDArray {
    if a.ndim == 0 || b.ndim == 0 {
        // np.dot converts both operands to their common type first: a 0-d operand is not weak.
        let dtype = DType.promote(a.dtype, b.dtype)
        return a.astype(dtype) * b.astype(dtype)
    }
    if b.ndim == 1 || (a.ndim <= 2 && b.ndim <= 2) { return matmul(a, b) }
    return tensordot(a, b, axes: ([a.ndim - 1], [b.ndim - 2]))
}

/// Sums products over the last `axes` axes of `a` and the first `axes` of `b`, as `np.tensordot`.
public func tensordot(_ a: NDArray, _ b: NDArray, axes: Int = 2) -> NDArray {
    tensordot(a, b, axes: (Array((a.ndim - axes)..<a.ndim), Array(0..<axes)))
}

/// Sums products over the paired axes `axes.0` of `a` and `axes.1` of `b`, as `np.tensordot`.
public func tensordot(_ a: NDArray, _ b: NDArray, axes: ([Int], [Int])) -> NDArray {
    let ia = axes.0.map { NDArray.normalizeAxis($0, ndim: a.ndim, in: "tensordot") }
    let ib = axes.1.map { NDArray.normalizeAxis($0, ndim: b.ndim, in: "tensordot") }
    require(
        ia.count == ib.count && zip(ia, ib).allSatisfy { a.shape[$0] == b.shape[$1] },
        "tensordot: shape mismatch for sum over axes \(axes) of shapes \(a.shape) and \(b.shape)")
    let freeA = (0..<a.ndim).filter { !ia.contains($0) }
    let freeB = (0..<b.ndim).filter { !ib.contains($0) }
    let k = ia.reduce(1) { $0 * a.shape[$1] }
    let x = a.transpose(freeA + ia).reshape([-1, k])
    let y = b.transpose(ib + freeB).reshape([k, -1])
    return matmul(x, y).reshape(freeA.map { a.shape[$0] } + freeB.map { b.shape[$0] })
}

/// One matrix product `C = A B` into a slice of a contiguous output, through BLAS where it can.
enum Gemm {
    /// Multiplies the 2-D `a` (m x k) by `b` (k x n) into `out` starting at element `offset`.
    static func multiply(_ a: NDArray, _ b: NDArray, into out: inout NDArray, at offset: Int) {
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<(m * n) {
                switch out.dtype {
                case .float32: out.base(Float.self)[offset + i] = 0
                case .float64: out.base(Double.self)[offset + i] = 0
                default: out.base(Int64.self)[offset + i] = 0
                }
            }
            return
        }
        if k > 1 && (m == 1 || n == 1) && (out.dtype == .float32 || out.dtype == .float64) {
            vectorProduct(a, b, into: &out, at: offset)
            return
        }
        let (x, transA, lda) = blasLayout(a)
        let (y, transB, ldb) = blasLayout(b)
        withExtendedLifetime((x, y)) {
            switch out.dtype {
            case .float32:
                cblas_sgemm(
                    CblasRowMajor, transA, transB, Int32(m), Int32(n), Int32(k), 1,
                    x.base(Float.self), Int32(lda), y.base(Float.self), Int32(ldb), 0,
                    out.base(Float.self) + offset, Int32(n))
            case .float64:
                cblas_dgemm(
                    CblasRowMajor, transA, transB, Int32(m), Int32(n), Int32(k), 1,
                    x.base(Double.self), Int32(lda), y.base(Double.self), Int32(ldb), 0,
                    out.base(Double.self) + offset, Int32(n))
            default:
                let c = out.base(Int64.self) + offset
                let p = a.contiguous(), q = b.contiguous()
                let pa = p.base(Int64.self), qb = q.base(Int64.self)
                for i in 0..<m {
                    for j in 0..<n { c[i * n + j] = 0 }
                    for l in 0..<k {
                        let s = pa[i * k + l]
                        for j in 0..<n { c[i * n + j] = c[i * n + j] &+ s &* qb[l * n + j] }
                    }
                }
                withExtendedLifetime((p, q)) {}
            }
        }
    }

    /// A product with a vector operand, through level-1/2 BLAS as NumPy's `dot` and `matmul`
    /// do (their sums run in another order than gemm's): a row times a column is `?dot`, a matrix
    /// times a column and a row times a matrix are `?gemv` on the matrix as it lies in memory.
    static func vectorProduct(_ a: NDArray, _ b: NDArray, into out: inout NDArray, at offset: Int) {
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        if m == 1 && n == 1 {
            let (x, incX) = blasVector(a, axis: 1)
            let (y, incY) = blasVector(b, axis: 0)
            withExtendedLifetime((x, y)) {
                if out.dtype == .float32 {
                    out.base(Float.self)[offset] = cblas_sdot(Int32(k), x.base(Float.self), incX, y.base(Float.self), incY)
                } else {
                    out.base(Double.self)[offset] = cblas_ddot(Int32(k), x.base(Double.self), incX, y.base(Double.self), incY)
                }
            }
            return
        }
        // n == 1: y = a x with x the column b; m == 1: y = b^T x with x the row a.
        let wantTranspose = m == 1
        let (matrix, (x, incX)) = wantTranspose ? (b, blasVector(a, axis: 1)) : (a, blasVector(b, axis: 0))
        let (stored, layout, ld) = blasLayout(matrix)
        // `stored` holds `matrix` (NoTrans) or its transpose (Trans) as a row-major rows x cols.
        let rows = layout == CblasNoTrans ? matrix.shape[0] : matrix.shape[1]
        let cols = layout == CblasNoTrans ? matrix.shape[1] : matrix.shape[0]
        let trans = wantTranspose != (layout == CblasTrans) ? CblasTrans : CblasNoTrans
        withExtendedLifetime((stored, x)) {
            if out.dtype == .float32 {
                cblas_sgemv(
                    CblasRowMajor, trans, Int32(rows), Int32(cols), 1, stored.base(Float.self), Int32(ld),
                    x.base(Float.self), incX, 0, out.base(Float.self) + offset, 1)
            } else {
                cblas_dgemv(
                    CblasRowMajor, trans, Int32(rows), Int32(cols), 1, stored.base(Double.self), Int32(ld),
                    x.base(Double.self), incX, 0, out.base(Double.self) + offset, 1)
            }
        }
    }

    /// A vector (a 2-D view whose other axis has length 1) as BLAS reads it: the array and the
    /// step between elements along `axis`; copied first when that step is not positive (NumPy
    /// copies such arrays too).
    static func blasVector(_ v: NDArray, axis: Int) -> (NDArray, Int32) {
        if v.strides[axis] > 0 { return (v, Int32(v.strides[axis])) }
        let c = v.copy()
        return (c, Int32(c.strides[axis]))
    }

    /// How BLAS can read a 2-D view without copying: row-major as is, or as the transpose of a
    /// row-major matrix; anything else is copied to C order first.
    static func blasLayout(_ a: NDArray) -> (NDArray, CBLAS_TRANSPOSE, Int) {
        let rows = a.shape[0], cols = a.shape[1]
        if a.strides[1] == 1 && (a.strides[0] >= Swift.max(cols, 1) || rows == 1) {
            return (a, CblasNoTrans, Swift.max(rows == 1 ? cols : a.strides[0], 1))
        }
        if a.strides[0] == 1 && (a.strides[1] >= Swift.max(rows, 1) || cols == 1) {
            return (a, CblasTrans, Swift.max(cols == 1 ? rows : a.strides[1], 1))
        }
        return (a.copy(), CblasNoTrans, Swift.max(cols, 1))
    }
}
