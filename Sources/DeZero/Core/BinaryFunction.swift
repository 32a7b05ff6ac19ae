import DeZeroArray

/// A function of two inputs and one output (`Add`, `MatMul`, a loss of scores and labels...):
/// subclasses override `forward(_:_:)` and `backward(_ gy:)`, and calls skip the arrays of
/// ``Function``'s general form.
open class BinaryFunction: Function {
    /// Computes the output from the input arrays.
    open func forward(_ x0: NDArray, _ x1: NDArray) -> NDArray {
        misuse("\(type(of: self)) must override forward(_:_:)")
    }

    /// Computes the inputs' gradients from the output's; the second is nil when that input
    /// is not differentiable (labels, indices), as DeZero's functions that return one gradient.
    open func backward(_ gy: Variable) -> (Variable, Variable?) {
        misuse("\(type(of: self)) does not support backward")
    }

    /// Applies the function: `Add()(x0, x1)`.
    public final func callAsFunction(_ x0: Variable, _ x1: Variable) -> Variable {
        let tracer = Tracing.recorder
        if let tracer { enterTrace(tracer, x0, x1) }
        let y = Variable(forward(x0.data, x1.data))
        tracer?.exit()
        if Config.enableBackprop { record(x0, x1, output: y) }
        return y
    }

    /// The general form, for ``Function/apply(_:)``.
    override public final func forward(_ xs: [NDArray]) -> [NDArray] {
        require(xs.count == 2, "\(type(of: self)) takes 2 inputs, got \(xs.count)")
        return [forward(xs[0], xs[1])]
    }

    /// The general form.
    override public final func backward(_ gys: [Variable]) -> [Variable] {
        let (gx0, gx1) = backward(gys[0])
        return gx1.map { [gx0, $0] } ?? [gx0]
    }

    override final func backpropagate(_ accumulate: (_ x: Variable, _ gx: Variable) -> Void) {
        let (gx0, gx1) = backward(outputGradient(0))
        accumulate(input(0), gx0)
        if let gx1 { accumulate(input(1), gx1) }
    }
}
