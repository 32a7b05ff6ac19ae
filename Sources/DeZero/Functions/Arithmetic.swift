import DeZeroArray

/// `x0 + x1` with broadcasting; the gradient is summed back to each input's shape.
public final class Add: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [xs[0] + xs[1]] }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        [sumTo(gys[0], inputs[0].shape), sumTo(gys[0], inputs[1].shape)]
    }
}

/// `x0 - x1` with broadcasting.
public final class Sub: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [xs[0] - xs[1]] }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        [sumTo(gys[0], inputs[0].shape), sumTo(-gys[0], inputs[1].shape)]
    }
}

/// `x0 * x1` with broadcasting.
public final class Mul: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [xs[0] * xs[1]] }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        let (x0, x1) = (inputs[0], inputs[1])
        return [sumTo(gys[0] * x1, x0.shape), sumTo(gys[0] * x0, x1.shape)]
    }
}

/// `x0 / x1` with broadcasting.
public final class Div: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [xs[0] / xs[1]] }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        let (x0, x1) = (inputs[0], inputs[1])
        let gx0 = gys[0] / x1
        let gx1 = gys[0] * (-x0 / (x1 ** 2))
        return [sumTo(gx0, x0.shape), sumTo(gx1, x1.shape)]
    }
}

/// `-x`.
public final class Neg: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [-xs[0]] }
    override public func backward(_ gys: [Variable]) -> [Variable] { [-gys[0]] }
}

/// `x ** c` for a constant exponent `c`.
public final class Pow: Function {
    /// The exponent.
    public let c: Double

    /// The power function with exponent `c`.
    public init(_ c: Double) { self.c = c }

    /// The exponent is a weak scalar; on integer arrays an integral exponent acts like Python's
    /// int exponent (the result stays integral).
    override public func forward(_ xs: [NDArray]) -> [NDArray] {
        let integral = !xs[0].dtype.isFloatingPoint && c.rounded() == c && Swift.abs(c) < 1e15
        return [DeZeroArray.pow(xs[0], integral ? NDArray(scalar: Int64(c)) : NDArray(scalar: c))]
    }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        [c * (inputs[0] ** (c - 1)) * gys[0]]
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
