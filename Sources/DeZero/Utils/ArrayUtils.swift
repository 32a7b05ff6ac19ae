import DeZeroArray

/// Whether an array of shape `from` broadcasts to shape `to` (NumPy's rule, `from` not growing).
public func broadcasts(_ from: [Int], to: [Int]) -> Bool {
    let lead = to.count - from.count
    return lead >= 0 && from.indices.allSatisfy { from[$0] == 1 || from[$0] == to[$0 + lead] }
}

/// Sums `x` down to `shape` (the reverse of broadcasting), as DeZero's `utils.sum_to`.
///
/// `shape` must broadcast to `x`'s shape; DeZero would silently reshape instead (`sum_to` of a
/// (2, 3) array to (3, 2) or (6,)), which hides a shape bug.
public func sumTo(_ x: NDArray, _ shape: [Int]) -> NDArray {
    let lead = x.ndim - shape.count
    require(lead >= 0, "sum_to: cannot sum shape \(x.shape) to the larger rank shape \(shape)")
    require(
        broadcasts(shape, to: x.shape),
        "sum_to: cannot sum shape \(x.shape) to \(shape): \(shape) does not broadcast to \(x.shape) "
            + "(each axis of the target must be 1 or equal the source's last axes); pass the shape the value was broadcast from")
    let leadAxes = Array(0..<lead)
    let axes = leadAxes + shape.indices.filter { shape[$0] == 1 && x.shape[$0 + lead] != 1 }.map { $0 + lead }
    if axes.isEmpty { return x.shape == shape ? x : x.reshape(shape) }
    if axes == leadAxes { return x.sum(axes: axes) }  // summed axes dropped: no squeeze needed
    var y = x.sum(axes: axes, keepdims: true)
    if lead > 0 { y = y.squeeze(leadAxes) }
    return y
}

/// Reshapes the gradient of a sum so that it broadcasts back to the input's shape, as DeZero's
/// `utils.reshape_sum_backward`.
public func reshapeSumBackward(_ gy: Variable, inputShape: [Int], axes: [Int]?, keepdims: Bool) -> Variable {
    let ndim = inputShape.count
    guard ndim > 0, let axes, !keepdims else { return reshape(gy, gy.shape) }
    var shape = gy.shape
    for a in axes.map({ $0 < 0 ? $0 + ndim : $0 }).sorted() { shape.insert(1, at: a) }
    return reshape(gy, shape)
}

/// `(x, x)`, DeZero's `pair` for an int.
public func pair(_ x: Int) -> (Int, Int) { (x, x) }
/// `x` itself, DeZero's `pair` for a pair.
public func pair(_ x: (Int, Int)) -> (Int, Int) { x }
