import DeZeroArray

/// Changes the shape, keeping the elements (DeZero's `Reshape`).
public final class Reshape: UnaryFunction {
    /// The target shape (may hold one -1).
    public let shape: [Int]
    /// Reshape to `shape`.
    public init(_ shape: [Int]) { self.shape = shape }
    override public func forward(_ x: NDArray) -> NDArray { x.reshape(shape) }
    override public func backward(_ gy: Variable) -> Variable { reshape(gy, input(0).shape) }
}

/// Permutes the axes (all reversed when `axes` is nil) (DeZero's `Transpose`).
public final class Transpose: UnaryFunction {
    /// The permutation, or nil for reversal.
    public let axes: [Int]?
    /// Transpose with `axes`.
    public init(_ axes: [Int]? = nil) { self.axes = axes }
    override public func forward(_ x: NDArray) -> NDArray { x.transpose(axes) }
    override public func backward(_ gy: Variable) -> Variable {
        guard let axes else { return transpose(gy) }
        let n = axes.count
        let inverse = axes.map { $0 < 0 ? $0 + n : $0 }.enumerated().sorted { $0.element < $1.element }.map(\.offset)
        return transpose(gy, inverse)
    }
}

/// Sums over axes (DeZero's `Sum`).
public final class Sum: UnaryFunction {
    /// The axes summed over, or nil for all.
    public let axes: [Int]?
    /// Whether summed axes stay with length 1.
    public let keepdims: Bool
    /// Sum over `axes`.
    public init(axes: [Int]?, keepdims: Bool) {
        self.axes = axes
        self.keepdims = keepdims
    }
    override public func forward(_ x: NDArray) -> NDArray { x.sum(axes: axes, keepdims: keepdims) }
    override public func backward(_ gy: Variable) -> Variable {
        let gy = reshapeSumBackward(gy, inputShape: input(0).shape, axes: axes, keepdims: keepdims)
        return broadcastTo(gy, input(0).shape)
    }
}

/// Sums to a smaller shape, the adjoint of broadcasting (DeZero's `SumTo`).
public final class SumTo: UnaryFunction {
    /// The target shape.
    public let shape: [Int]
    /// Sum to `shape`.
    public init(_ shape: [Int]) { self.shape = shape }
    override public func forward(_ x: NDArray) -> NDArray { DeZero.sumTo(x, shape) }
    override public func backward(_ gy: Variable) -> Variable { broadcastTo(gy, input(0).shape) }
}

/// Repeats along broadcast axes (DeZero's `BroadcastTo`).
public final class BroadcastTo: UnaryFunction {
    /// The target shape.
    public let shape: [Int]
    /// Broadcast to `shape`.
    public init(_ shape: [Int]) { self.shape = shape }
    override public func forward(_ x: NDArray) -> NDArray { x.broadcast(to: shape) }
    override public func backward(_ gy: Variable) -> Variable { sumTo(gy, input(0).shape) }
}

/// `x` reshaped to `shape`; `x` itself when the shape already matches.
public func reshape(_ x: Variable, _ shape: [Int]) -> Variable {
    x.shape == shape ? x : Reshape(shape)(x)
}
/// `x` with axes permuted (reversed when nil).
public func transpose(_ x: Variable, _ axes: [Int]? = nil) -> Variable { Transpose(axes)(x) }
/// `x` with a new axis of length 1 at `axis`. A negative axis counts in the result, as NumPy's
/// `expand_dims` does (`(3, 4)` with `-1` gives `(3, 4, 1)`); DeZero's counts in the input
/// (`(3, 1, 4)`): a deliberate difference (docs/autograd.md).
public func expandDims(_ x: Variable, _ axis: Int) -> Variable {
    var shape = x.shape
    shape.insert(1, at: axis < 0 ? axis + x.ndim + 1 : axis)
    return reshape(x, shape)
}
/// `x` flattened to `(batch, -1)`, keeping the first axis, as DeZero's `flatten`.
public func flatten(_ x: Variable) -> Variable { reshape(x, [x.shape[0], -1]) }
/// The sum over `axes` (all when nil).
public func sum(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    Sum(axes: axes, keepdims: keepdims)(x)
}
/// The sum over one axis, or all when nil.
public func sum(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    sum(x, axes: axis.map { [$0] }, keepdims: keepdims)
}
/// `x` summed to `shape`; `x` itself when the shape already matches.
public func sumTo(_ x: Variable, _ shape: [Int]) -> Variable {
    x.shape == shape ? x : SumTo(shape)(x)
}
/// `x` broadcast to `shape`; `x` itself when the shape already matches.
public func broadcastTo(_ x: Variable, _ shape: [Int]) -> Variable {
    x.shape == shape ? x : BroadcastTo(shape)(x)
}

extension Variable {
    /// Reshaped (function `Reshape`).
    public func reshape(_ shape: [Int]) -> Variable { DeZero.reshape(self, shape) }
    /// Reshaped, with the shape as arguments: `x.reshape(2, 3)`.
    public func reshape(_ shape: Int...) -> Variable { DeZero.reshape(self, shape) }
    /// Transposed with `axes` (reversed when nil).
    public func transpose(_ axes: [Int]? = nil) -> Variable { DeZero.transpose(self, axes) }
    /// Transposed, with the permutation as arguments: `x.transpose(1, 0)`.
    public func transpose(_ first: Int, _ rest: Int...) -> Variable { DeZero.transpose(self, [first] + rest) }
    /// The transpose.
    public var T: Variable { DeZero.transpose(self) }
    /// The sum over one axis (all when nil).
    public func sum(axis: Int? = nil, keepdims: Bool = false) -> Variable { DeZero.sum(self, axis: axis, keepdims: keepdims) }
    /// The sum over several axes.
    public func sum(axes: [Int]?, keepdims: Bool = false) -> Variable { DeZero.sum(self, axes: axes, keepdims: keepdims) }
}
