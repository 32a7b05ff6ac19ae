import DeZeroArray

/// Elementwise sine.
public final class Sin: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { DeZeroArray.sin(x) }
    override public func backward(_ gy: Variable) -> Variable { gy * cos(input(0)) }
}

/// Elementwise cosine.
public final class Cos: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { DeZeroArray.cos(x) }
    override public func backward(_ gy: Variable) -> Variable { gy * -sin(input(0)) }
}

/// Elementwise hyperbolic tangent; the gradient reuses the output: `gy * (1 - y * y)`.
public final class Tanh: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { DeZeroArray.tanh(x) }
    override public func backward(_ gy: Variable) -> Variable {
        let y = output(0)
        return gy * (1 - y * y)
    }
}

/// Elementwise e**x; the gradient reuses the output.
public final class Exp: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { DeZeroArray.exp(x) }
    override public func backward(_ gy: Variable) -> Variable { gy * output(0) }
}

/// Elementwise natural logarithm.
public final class Log: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { DeZeroArray.log(x) }
    override public func backward(_ gy: Variable) -> Variable { gy / input(0) }
}

/// Elementwise square (the book's `Square`).
public final class Square: UnaryFunction {
    override public func forward(_ x: NDArray) -> NDArray { x.square() }
    override public func backward(_ gy: Variable) -> Variable { 2.0 * input(0) * gy }
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
