/// `x` with `widths[axis].0` elements equal to `constant` added before and `widths[axis].1`
/// after each axis: NumPy's `np.pad(x, widths, mode='constant', constant_values=constant)`.
///
/// `widths` has one `(before, after)` pair per axis, or a single pair used for every axis. The
/// result is a new contiguous array of `x`'s dtype (`constant` converted as `astype` would).
public func pad(_ x: NDArray, _ widths: [(Int, Int)], constant: Double = 0) -> NDArray {
    require(
        widths.count == x.ndim || widths.count == 1,
        "pad: \(widths.count) (before, after) pairs given for an array of shape \(x.shape); give one per axis or one for all")
    let pairs = widths.count == x.ndim ? widths : Array(repeating: widths[0], count: x.ndim)
    if Tracing.intercepts, let result = Tracing.intercept(.pad(pairs.map { ArrayOp.Pair($0.0, $0.1) }, constant: constant), [x]) { return result }
    for (before, after) in pairs {
        require(before >= 0 && after >= 0, "pad: index can't contain negative values (widths \(widths))")
    }
    let shape = zip(x.shape, pairs).map { $0 + $1.0 + $1.1 }
    var out = NDArray.full(shape, constant, dtype: x.dtype)
    if x.size > 0 {
        out[indices: zip(x.shape, pairs).map { n, p -> any NDIndex in p.0..<(p.0 + n) }] = x
    }
    return out
}

/// `pad` with the same `width` before and after every axis, as `np.pad(x, width)`.
public func pad(_ x: NDArray, width: Int, constant: Double = 0) -> NDArray {
    pad(x, [(width, width)], constant: constant)
}
