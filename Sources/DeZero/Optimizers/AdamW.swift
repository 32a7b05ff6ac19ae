/// Adam with decoupled weight decay (Loshchilov & Hutter, 2017): each step first shrinks the
/// parameter, `param -= alpha * weightDecay * param`, then takes an ``Adam`` step. The decay
/// is scaled by `alpha` as in PyTorch's `AdamW`. Not in DeZero.
open class AdamW: Adam {
    /// The decay rate, multiplied by `alpha`.
    public var weightDecay: Double

    /// AdamW with step size `alpha` and decay `weightDecay`.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0.01) {
        self.weightDecay = weightDecay
        super.init(alpha: alpha, beta1: beta1, beta2: beta2, eps: eps)
    }

    /// Decay, then one Adam step.
    override open func updateOne(_ param: Parameter) {
        param.data -= hyperparameter("alpha", \.alpha) * hyperparameter("weightDecay", \.weightDecay) * param.data
        super.updateOne(param)
    }
}
