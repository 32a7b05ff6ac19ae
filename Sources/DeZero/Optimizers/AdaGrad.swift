import DeZeroArray

/// AdaGrad: the learning rate of each element shrinks with its accumulated squared gradients,
/// `h += grad²; param -= lr * grad / (√h + eps)` (DeZero's `AdaGrad`).
open class AdaGrad: Optimizer {
    /// The learning rate.
    public var lr: Double
    /// Keeps the division finite.
    public var eps: Double
    /// The accumulated squared gradients of each parameter.
    public let hs = ParameterState<NDArray>(names: ["h"])

    /// AdaGrad with learning rate `lr`.
    public init(lr: Double = 0.001, eps: Double = 1e-8) {
        self.lr = lr
        self.eps = eps
    }

    /// One AdaGrad step.
    override open func updateOne(_ param: Parameter) {
        let grad = param.gradData
        let h = hs.update(param, initial: { NDArray.zerosLike(param.data) }) { h in
            h += grad * grad
            return h
        }
        param.data -= hyperparameter("lr", \.lr) * grad / (sqrt(h) + hyperparameter("eps", \.eps))
    }
}
