/// logsumexp and softmax in the stable forms DeZero computes with NumPy: with
/// `m = x.max(axis, keepdims)` and `y = exp(x - m)`, `log(y.sum(axis, keepdims)) + m` and
/// `y / y.sum(axis, keepdims)`. Along the last axis of a contiguous float array (the scores of a
/// classifier, every training step) they run in one pass per row, each step rounded as the
/// separate array operations round it (the same numbers, a third of the allocations); other
/// cases run those operations.

/// `log(sum(exp(x), axis))` computed stably (shift by the max), keeping the reduced axis as
/// DeZero's `utils.logsumexp` does.
public func logsumexp(_ x: NDArray, axis: Int = 1, keepdims: Bool = true) -> NDArray {
    if Tracing.intercepts, let result = Tracing.intercept(.logsumexp(axis: axis, keepdims: keepdims), [x]) { return result }
    let s: NDArray
    switch (x.alongLastAxisOfRows(axis), x.dtype) {
    case (true, .float32): s = x.logsumexpRows(Float.self)
    case (true, .float64): s = x.logsumexpRows(Double.self)
    default:
        let m = x.max(axis: axis, keepdims: true)
        s = log(exp(x - m).sum(axis: axis, keepdims: true)) + m
    }
    return keepdims ? s : s.squeeze(axis: axis)
}

/// `exp(x - max) / sum(exp(x - max))` along `axis`, as DeZero's `Softmax.forward`.
public func softmax(_ x: NDArray, axis: Int = 1) -> NDArray {
    if Tracing.intercepts, let result = Tracing.intercept(.softmax(axis: axis), [x]) { return result }
    switch (x.alongLastAxisOfRows(axis), x.dtype) {
    case (true, .float32): return x.softmaxRows(Float.self)
    case (true, .float64): return x.softmaxRows(Double.self)
    default:
        let y = exp(x - x.max(axis: axis, keepdims: true))
        return y / y.sum(axis: axis, keepdims: true)
    }
}

extension NDArray {
    /// Whether `axis` is the last axis of a contiguous float array of rows longer than one
    /// element (the one-pass case).
    fileprivate func alongLastAxisOfRows(_ axis: Int) -> Bool {
        dtype.isFloatingPoint && ndim > 0 && size > 0 && isContiguous && (axis == ndim - 1 || axis == -1)
            && shape[ndim - 1] > 1
    }

    /// The shape with the last axis reduced to 1.
    private var rowsShape: [Int] { shape.dropLast() + [1] }

    /// `y = exp(x - m)` for every row (its maximum `m` written to `maxima`), into `y`.
    private func shiftedExponentials<T: VectorMathElement>(_ y: UnsafeMutablePointer<T>, maxima: UnsafeMutablePointer<T>) {
        let width = shape[ndim - 1], x = base(T.self)
        withExtendedLifetime(self) {
            for row in 0..<(size / width) {
                let start = row * width
                let m = Reduce.extreme(x + start, width, greater: true)
                maxima[row] = m
                for j in start..<(start + width) { y[j] = x[j] - m }
            }
        }
        VectorMath.apply(.exp, y, y, count: size)
    }

    fileprivate func logsumexpRows<T: VectorMathElement>(_: T.Type) -> NDArray {
        let width = shape[ndim - 1], rows = size / width
        let out = NDArray(uninitializedShape: rowsShape, dtype: dtype, device: device)
        let o = out.base(T.self)
        let y = UnsafeMutablePointer<T>.allocate(capacity: size + rows)
        defer { y.deallocate() }
        let maxima = y + size
        shiftedExponentials(y, maxima: maxima)
        for row in 0..<rows { o[row] = VectorMath.numpySum(y + row * width, count: width) }
        VectorMath.apply(.log, o, o, count: rows)
        for row in 0..<rows { o[row] = o[row] + maxima[row] }
        return out
    }

    fileprivate func softmaxRows<T: VectorMathElement>(_: T.Type) -> NDArray {
        let width = shape[ndim - 1], rows = size / width
        let out = NDArray(uninitializedLike: self, dtype: dtype)
        let y = out.base(T.self)
        let maxima = UnsafeMutablePointer<T>.allocate(capacity: rows)
        defer { maxima.deallocate() }
        shiftedExponentials(y, maxima: maxima)
        for row in 0..<rows {
            let start = row * width
            let s = VectorMath.numpySum(y + start, count: width)
            for j in start..<(start + width) { y[j] = y[j] / s }
        }
        return out
    }
}
