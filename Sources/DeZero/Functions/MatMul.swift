import DeZeroArray

/// Matrix product `x W` (DeZero's `MatMul`).
public final class MatMul: BinaryFunction {
    override public func forward(_ x: NDArray, _ W: NDArray) -> NDArray { dot(x, W) }
    override public func backward(_ gy: Variable) -> (Variable, Variable?) {
        let (x, W) = (input(0), input(1))
        return (matmul(gy, W.T), matmul(x.T, gy))
    }
}

/// Affine map `x W + b` in one function (DeZero's `Linear`); `b` is optional.
public final class Linear: Function {
    override public func forward(_ xs: [NDArray]) -> [NDArray] {
        var y = dot(xs[0], xs[1])
        if xs.count > 2 {
            require(
                broadcasts(xs[2].shape, to: y.shape),
                "linear: bias of shape \(xs[2].shape) does not fit the output of shape \(y.shape) "
                    + "(x \(xs[0].shape) times W \(xs[1].shape)); the bias needs \(y.shape.last ?? 1) elements, one per output column")
            y += xs[2]  // in place, as DeZero's `y += b`
        }
        return [y]
    }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        let (x, W, gy) = (input(0), input(1), gys[0])
        var gxs = [matmul(gy, W.T), matmul(x.T, gy)]
        if inputCount > 2 { gxs.append(sumTo(gy, input(2).shape)) }
        return gxs
    }
}

/// Matrix product of variables.
public func matmul(_ x: Variable, _ W: Variable) -> Variable { MatMul()(x, W) }

/// `x W + b` (bias optional).
public func linear(_ x: Variable, _ W: Variable, _ b: Variable? = nil) -> Variable {
    Linear().apply(b.map { [x, W, $0] } ?? [x, W])[0]
}

/// `x W + b` from elementary functions, as DeZero's `linear_simple`.
public func linearSimple(_ x: Variable, _ W: Variable, _ b: Variable? = nil) -> Variable {
    let t = matmul(x, W)
    guard let b else { return t }
    return t + b
}

extension Variable {
    /// Matrix product with `W`.
    public func matmul(_ W: Variable) -> Variable { DeZero.matmul(self, W) }
    /// Matrix product with `W` (DeZero's `Variable.dot`).
    public func dot(_ W: Variable) -> Variable { DeZero.matmul(self, W) }
}
