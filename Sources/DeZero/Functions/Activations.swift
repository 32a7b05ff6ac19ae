import DeZeroArray

/// The logistic function, computed as `tanh(x / 2) / 2 + 1/2` for stability.
public final class Sigmoid: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { DeZeroArray.sigmoid(x) }
    override public func backward(_ gy: Variable) -> Variable {
        let y = output(0)
        return gy * y * (1 - y)
    }
}

/// `max(x, 0)`.
public final class ReLU: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { maximum(x, 0.0) }
    override public func backward(_ gy: Variable) -> Variable { gy * (input(0).data .> 0) }
}

/// `x` where positive, `slope * x` elsewhere.
public final class LeakyReLU: UnaryFunction {
    /// The slope for non-positive inputs.
    public let slope: Double
    /// Leaky ReLU with `slope`.
    public init(slope: Double) { self.slope = slope }
    /// DeZero scales a copy of `x` in place (`y[x <= 0] *= slope`), so a float result keeps
    /// `x`'s dtype even for a 0-d float32 `x` (where `x * slope` would promote to float64): the
    /// slope is taken in `x`'s float dtype, as NumPy's in-place multiply casts it.
    override public func forward(_ x: NDArray) -> NDArray {
        let s = x.dtype.isFloatingPoint ? NDArray(scalar: slope).astype(x.dtype) : NDArray(scalar: slope)
        return `where`(x .<= 0, x * s, x)
    }
    override public func backward(_ gy: Variable) -> Variable {
        let mask = `where`(input(0).data .> 0, 1.0, slope).astype(gy.dtype)
        return gy * mask
    }
}

/// Softmax along `axis`, shifted by the max for stability.
public final class Softmax: UnaryFunction {
    /// The axis normalized over.
    public let axis: Int
    /// Softmax along `axis`.
    public init(axis: Int = 1) { self.axis = axis }
    override public func forward(_ x: NDArray) -> NDArray {
        checkSoftmaxAxis(axis, x.shape, "softmax")
        return DeZeroArray.softmax(x, axis: axis)
    }
    override public func backward(_ gy: Variable) -> Variable {
        let y = output(0)
        let gx = y * gy
        return gx - y * gx.sum(axis: axis, keepdims: true)
    }
}

/// `log(softmax(x))` along `axis`, through logsumexp.
public final class LogSoftmax: UnaryFunction {
    /// The axis normalized over.
    public let axis: Int
    /// Log-softmax along `axis`.
    public init(axis: Int = 1) { self.axis = axis }
    override public func forward(_ x: NDArray) -> NDArray {
        checkSoftmaxAxis(axis, x.shape, "logSoftmax")
        return x - logsumexp(x, axis: axis)
    }
    override public func backward(_ gy: Variable) -> Variable {
        gy - exp(output(0)) * gy.sum(axis: axis, keepdims: true)
    }
}

/// Stops with a message that says to pass `axis:` when `axis` is not an axis of `shape`: the
/// default axis 1 is DeZero's, made for (N, classes) batches, and a 1-d input has no axis 1.
func checkSoftmaxAxis(_ axis: Int, _ shape: [Int], _ name: String) {
    require(
        axis >= -shape.count && axis < shape.count,
        "\(name): axis \(axis) is out of bounds for an input of shape \(shape)"
            + (axis == 1 && shape.count == 1
                ? "; the default axis 1 is for (N, classes) batches: pass axis: 0 (or -1) for a 1-d input"
                : "; pass axis: with one of its \(shape.count) axes"))
}

/// The logistic function of a variable.
public func sigmoid(_ x: Variable) -> Variable { Sigmoid()(x) }
/// The logistic function from elementary functions, as DeZero's `sigmoid_simple`.
public func sigmoidSimple(_ x: Variable) -> Variable { 1.0 / (1.0 + exp(-x)) }
/// Rectified linear unit.
public func relu(_ x: Variable) -> Variable { ReLU()(x) }
/// Leaky ReLU with `slope` (0.2 by default, as DeZero).
public func leakyRelu(_ x: Variable, slope: Double = 0.2) -> Variable { LeakyReLU(slope: slope)(x) }
/// Softmax along `axis`.
public func softmax(_ x: Variable, axis: Int = 1) -> Variable { Softmax(axis: axis)(x) }
/// Softmax from elementary functions, as DeZero's `softmax_simple`.
public func softmaxSimple(_ x: Variable, axis: Int = 1) -> Variable {
    let y = exp(x)
    return y / sum(y, axis: axis, keepdims: true)
}
/// Log-softmax along `axis`.
public func logSoftmax(_ x: Variable, axis: Int = 1) -> Variable { LogSoftmax(axis: axis)(x) }
