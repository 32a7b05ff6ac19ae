import DeZeroArray

/// A function of one input and one output (`Sin`, `Exp`, `Reshape`...): subclasses override
/// `forward(_ x:)` and `backward(_ gy:)`, and calls skip the arrays of ``Function``'s general
/// form.
open class UnaryFunction: Function {
    /// Computes the output from the input array.
    open func forward(_ x: NDArray) -> NDArray {
        misuse("\(type(of: self)) must override forward(_:)")
    }

    /// Computes the input's gradient from the output's.
    open func backward(_ gy: Variable) -> Variable {
        misuse("\(type(of: self)) does not support backward")
    }

    /// Applies the function: `Exp()(x)`.
    public final func callAsFunction(_ x: Variable) -> Variable {
        let tracer = Tracing.recorder
        if let tracer { enterTrace(tracer, x, nil) }
        let y = Variable(forward(x.data))
        tracer?.exit()
        if Config.enableBackprop { record(x, output: y) }
        return y
    }

    /// The general form, for ``Function/apply(_:)``.
    override public final func forward(_ xs: [NDArray]) -> [NDArray] {
        require(xs.count == 1, "\(type(of: self)) takes 1 input, got \(xs.count)")
        return [forward(xs[0])]
    }

    /// The general form.
    override public final func backward(_ gys: [Variable]) -> [Variable] { [backward(gys[0])] }

    override final func backpropagate(_ accumulate: (_ x: Variable, _ gx: Variable) -> Void) {
        accumulate(input(0), backward(outputGradient(0)))
    }
}
