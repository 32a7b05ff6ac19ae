import DeZeroArray

/// Elementwise sine.
public final class Sin: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [DeZeroArray.sin(xs[0])] }
    override public func backward(_ gys: [Variable]) -> [Variable] { [gys[0] * cos(inputs[0])] }
}

/// Elementwise cosine.
public final class Cos: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [DeZeroArray.cos(xs[0])] }
    override public func backward(_ gys: [Variable]) -> [Variable] { [gys[0] * -sin(inputs[0])] }
}

/// Elementwise hyperbolic tangent; the gradient reuses the output: `gy * (1 - y * y)`.
public final class Tanh: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [DeZeroArray.tanh(xs[0])] }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        let y = output(0)
        return [gys[0] * (1 - y * y)]
    }
}

/// Elementwise e**x; the gradient reuses the output.
public final class Exp: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [DeZeroArray.exp(xs[0])] }
    override public func backward(_ gys: [Variable]) -> [Variable] { [gys[0] * output(0)] }
}

/// Elementwise natural logarithm.
public final class Log: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [DeZeroArray.log(xs[0])] }
    override public func backward(_ gys: [Variable]) -> [Variable] { [gys[0] / inputs[0]] }
}

/// Elementwise square (the book's `Square`).
public final class Square: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [xs[0].square()] }
    override public func backward(_ gys: [Variable]) -> [Variable] { [2.0 * inputs[0] * gys[0]] }
}

/// Sine of a variable.
public func sin(_ x: Variable) -> Variable { Sin()(x) }
/// Cosine of a variable.
public func cos(_ x: Variable) -> Variable { Cos()(x) }
/// Hyperbolic tangent of a variable.
public func tanh(_ x: Variable) -> Variable { Tanh()(x) }
/// e raised to a variable.
public func exp(_ x: Variable) -> Variable { Exp()(x) }
/// Natural logarithm of a variable.
public func log(_ x: Variable) -> Variable { Log()(x) }
/// Square of a variable.
public func square(_ x: Variable) -> Variable { Square()(x) }
