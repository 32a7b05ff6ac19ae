import DeZeroArray

/// RMSProp (Tieleman & Hinton, 2012): steps divided by a running root mean square of the
/// gradients, `ms = alpha * ms + (1 - alpha) * grad²; param -= lr * grad / (√ms + eps)`, as
/// Chainer's `RMSprop`. Not in DeZero.
open class RMSProp: Optimizer {
    /// The learning rate.
    public var lr: Double
    /// The decay of the running average.
    public var alpha: Double
    /// Keeps the division finite.
    public var eps: Double
    /// The running average of squared gradients of each parameter.
    public let ms = ParameterState<NDArray>(names: ["ms"])

    /// RMSProp with learning rate `lr` and decay `alpha`.
    public init(lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8) {
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
    }

    /// One RMSProp step.
    override open func updateOne(_ param: Parameter) {
        let grad = param.gradData
        let (lr, alpha, eps) = (hyperparameter("lr", \.lr), hyperparameter("alpha", \.alpha), hyperparameter("eps", \.eps))
        let ms = ms.update(param, initial: { NDArray.zerosLike(param.data) }) { ms in
            ms *= alpha
            ms += (1 - alpha) * grad * grad
            return ms
        }
        param.data -= lr * grad / (sqrt(ms) + eps)
    }
}
