/// Stochastic gradient descent: `param -= lr * grad` (DeZero's `SGD`).
open class SGD: Optimizer {
    /// The learning rate.
    public var lr: Double

    /// SGD with learning rate `lr`.
    public init(lr: Double = 0.01) {
        self.lr = lr
    }

    /// `param -= lr * grad`.
    override open func updateOne(_ param: Parameter) {
        param.data.subtractScaled(param.gradData, by: hyperparameter("lr", \.lr))
    }
}
