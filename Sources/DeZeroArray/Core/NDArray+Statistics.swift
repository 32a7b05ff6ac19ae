extension NDArray {
    /// The variance over `axes` (all when nil), as `np.var` with `ddof=0`: the mean of squared
    /// deviations from the mean.
    public func variance(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        let reduced = reducedAxes(axes, in: "var")
        let count = reduced.reduce(1) { $0 * shape[$1] }
        let x = dtype.isFloatingPoint ? self : astype(.float64)
        let deviation = x - x.sum(axes: axes, keepdims: true) / Double(count)
        return (deviation * deviation).sum(axes: axes, keepdims: keepdims) / Double(count)
    }

    /// The variance over one axis (all when nil).
    public func variance(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        variance(axes: axis.map { [$0] }, keepdims: keepdims)
    }
}

/// Whether `a` and `b` broadcast together and `|a - b| <= atol + rtol * |b|` everywhere, as
/// `np.allclose` (NaNs are never close).
public func allclose(_ a: NDArray, _ b: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
    let x = a.astype(.float64), y = b.astype(.float64)
    let close = NDArray.zipMap(
        x, y, shape: NDArray.broadcastShapes(a.shape, b.shape, in: "allclose"), Double.self, Bool.self
    ) { p, q in p == q || Swift.abs(p - q) <= atol + rtol * Swift.abs(q) }
    return !close.scalars(as: Bool.self).contains(false)
}

/// Whether `a` and `b` have the same shape and equal elements, as `np.array_equal`.
public func arrayEqual(_ a: NDArray, _ b: NDArray) -> Bool {
    a.shape == b.shape && !(a .== b).scalars(as: Bool.self).contains(false)
}
