import DeZeroArray

/// SGD with momentum: `v = momentum * v - lr * grad; param += v` (DeZero's `MomentumSGD`).
open class MomentumSGD: Optimizer {
    /// The learning rate.
    public var lr: Double
    /// How much of the previous velocity is kept.
    public var momentum: Double
    /// The velocity of each parameter.
    public let vs = ParameterState<NDArray>(names: ["v"])

    /// Momentum SGD with learning rate `lr` and `momentum`.
    public init(lr: Double = 0.01, momentum: Double = 0.9) {
        self.lr = lr
        self.momentum = momentum
    }

    /// One momentum step.
    override open func updateOne(_ param: Parameter) {
        let grad = param.gradData
        let (lr, momentum) = (hyperparameter("lr", \.lr), hyperparameter("momentum", \.momentum))
        let v = vs.update(param, initial: { NDArray.zerosLike(param.data) }) { v in
            v *= momentum
            v -= lr * grad
            return v
        }
        param.data += v
    }
}
