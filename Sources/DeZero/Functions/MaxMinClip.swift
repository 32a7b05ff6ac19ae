import DeZeroArray

/// The largest (or, with `isMin`, smallest) element over axes; the gradient flows to every
/// element equal to the result.
public class Max: UnaryFunction {
    /// The axes reduced (all when nil).
    public let axes: [Int]?
    /// Whether reduced axes stay with length 1.
    public let keepdims: Bool
    /// Max over `axes`.
    public init(axes: [Int]? = nil, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }
    override public func forward(_ x: NDArray) -> NDArray { x.max(axes: axes, keepdims: keepdims) }
    override public func backward(_ gy: Variable) -> Variable {
        let x = input(0)
        let reduced = Set((axes ?? Array(0..<x.ndim)).map { $0 < 0 ? $0 + x.ndim : $0 })
        let shape = x.shape.indices.map { reduced.contains($0) ? 1 : x.shape[$0] }
        let y = output(0).data.reshape(shape)
        let condition = x.data .== y
        return broadcastTo(reshape(gy, shape), condition.shape) * condition
    }
}

/// The smallest element over axes.
public final class Min: Max {
    override public func forward(_ x: NDArray) -> NDArray { x.min(axes: axes, keepdims: keepdims) }
}

/// `x` limited to `[low, high]`; the gradient passes where `low <= x <= high`.
public final class Clip: UnaryFunction {
    /// The lower bound.
    public let low: Double
    /// The upper bound.
    public let high: Double
    /// Clip to `[low, high]`.
    public init(_ low: Double, _ high: Double) {
        self.low = low
        self.high = high
    }
    override public func forward(_ x: NDArray) -> NDArray { DeZeroArray.clip(x, low, high) }
    override public func backward(_ gy: Variable) -> Variable {
        let x = input(0).data
        return gy * ((x .>= low) * (x .<= high))
    }
}

/// The largest element over one axis (all when nil).
public func max(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    Max(axes: axis.map { [$0] }, keepdims: keepdims)(x)
}
/// The largest element over several axes.
public func max(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    Max(axes: axes, keepdims: keepdims)(x)
}
/// The smallest element over one axis (all when nil).
public func min(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    Min(axes: axis.map { [$0] }, keepdims: keepdims)(x)
}
/// The smallest element over several axes.
public func min(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    Min(axes: axes, keepdims: keepdims)(x)
}
/// `x` limited to `[low, high]`.
public func clip(_ x: Variable, _ low: Double, _ high: Double) -> Variable { Clip(low, high)(x) }

/// The mean over one axis (all when nil), as `sum / count`.
public func mean(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    mean(x, axes: axis.map { [$0] }, keepdims: keepdims)
}
/// The mean over several axes, as `sum / count`.
public func mean(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    let count = (axes ?? Array(0..<x.ndim)).reduce(1) { $0 * x.shape[$1 < 0 ? $1 + x.ndim : $1] }
    return sum(x, axes: axes, keepdims: keepdims) / Double(count)
}
/// The mean over all elements (Chainer's and DeZero users' `average`).
public func average(_ x: Variable) -> Variable { mean(x) }

extension Variable {
    /// The largest element over one axis (all when nil).
    public func max(axis: Int? = nil, keepdims: Bool = false) -> Variable { DeZero.max(self, axis: axis, keepdims: keepdims) }
    /// The smallest element over one axis (all when nil).
    public func min(axis: Int? = nil, keepdims: Bool = false) -> Variable { DeZero.min(self, axis: axis, keepdims: keepdims) }
}
