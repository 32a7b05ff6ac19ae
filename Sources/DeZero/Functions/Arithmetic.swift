import DeZeroArray

/// `x0 + x1` with broadcasting; the gradient is summed back to each input's shape.
public final class Add: BinaryFunction {
    override public func forward(_ x0: NDArray, _ x1: NDArray) -> NDArray { x0 + x1 }
    override public func backward(_ gy: Variable) -> (Variable, Variable?) {
        (sumTo(gy, input(0).shape), sumTo(gy, input(1).shape))
    }
}

/// `x0 - x1` with broadcasting.
public final class Sub: BinaryFunction {
    override public func forward(_ x0: NDArray, _ x1: NDArray) -> NDArray { x0 - x1 }
    override public func backward(_ gy: Variable) -> (Variable, Variable?) {
        (sumTo(gy, input(0).shape), sumTo(-gy, input(1).shape))
    }
}

/// `x0 * x1` with broadcasting.
public final class Mul: BinaryFunction {
    override public func forward(_ x0: NDArray, _ x1: NDArray) -> NDArray { x0 * x1 }
    override public func backward(_ gy: Variable) -> (Variable, Variable?) {
        let (x0, x1) = (input(0), input(1))
        return (sumTo(gy * x1, x0.shape), sumTo(gy * x0, x1.shape))
    }
}

/// `x0 / x1` with broadcasting.
public final class Div: BinaryFunction {
    override public func forward(_ x0: NDArray, _ x1: NDArray) -> NDArray { x0 / x1 }
    override public func backward(_ gy: Variable) -> (Variable, Variable?) {
        let (x0, x1) = (input(0), input(1))
        let gx0 = gy / x1
        let gx1 = gy * (-x0 / (x1 ** 2))
        return (sumTo(gx0, x0.shape), sumTo(gx1, x1.shape))
    }
}

/// `-x`.
public final class Neg: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { -x }
    override public func backward(_ gy: Variable) -> Variable { -gy }
}

/// `x ** c` for a constant exponent `c`.
public final class Pow: UnaryFunction {
    /// The exponent.
    public let c: Double

    /// The power function with exponent `c`.
    public init(_ c: Double) { self.c = c }

    /// The exponent is a weak scalar; on integer arrays an integral exponent acts like Python's
    /// int exponent (the result stays integral). On float arrays NumPy's `ndarray ** c` computes
    /// the exponents 2, 1, 0, -1 and 0.5 with ufuncs that keep the dtype (`square`, `positive`,
    /// `ones_like`, `reciprocal`, `sqrt`), so a 0-d float32 `x ** 2` stays float32 where
    /// `np.power` with a float64 0-d exponent would give float64; the same here.
    override public func forward(_ x: NDArray) -> NDArray {
        if x.dtype.isFloatingPoint {
            switch c {
            case 2: return x.square()
            case 1: return x
            case 0: return NDArray.onesLike(x)
            case -1: return NDArray(scalar: 1.0).astype(x.dtype) / x
            case 0.5: return DeZeroArray.sqrt(x)
            default: break
            }
        }
        let integral = !x.dtype.isFloatingPoint && c.rounded() == c && Swift.abs(c) < 1e15
        return DeZeroArray.pow(x, integral ? NDArray(scalar: Int64(c)) : NDArray(scalar: c))
    }
    override public func backward(_ gy: Variable) -> Variable {
        c * (input(0) ** (c - 1)) * gy
    }
}

/// The sum of two variables.
public func add(_ x0: Variable, _ x1: Variable) -> Variable { Add()(x0, x1) }
/// The difference of two variables.
public func sub(_ x0: Variable, _ x1: Variable) -> Variable { Sub()(x0, x1) }
/// The product of two variables.
public func mul(_ x0: Variable, _ x1: Variable) -> Variable { Mul()(x0, x1) }
/// The quotient of two variables.
public func div(_ x0: Variable, _ x1: Variable) -> Variable { Div()(x0, x1) }
/// The negation of a variable.
public func neg(_ x: Variable) -> Variable { Neg()(x) }
/// `x ** c` for a constant `c`.
public func pow(_ x: Variable, _ c: Double) -> Variable { Pow(c)(x) }
