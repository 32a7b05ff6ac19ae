import DeZeroArray
import Foundation

/// Adam (Kingma & Ba, 2014), with the bias correction folded into the learning rate as DeZero
/// does: `lr = alpha * √(1 - beta2^t) / (1 - beta1^t)` (DeZero's `Adam`).
open class Adam: Optimizer {
    /// The step size.
    public var alpha: Double
    /// The decay of the first-moment average.
    public var beta1: Double
    /// The decay of the second-moment average.
    public var beta2: Double
    /// Keeps the division finite.
    public var eps: Double
    /// The number of updates so far (incremented at the start of each ``update()``).
    public private(set) var t = 0
    /// The first and second moment averages of each parameter.
    public private(set) var states = ParameterState<(m: NDArray, v: NDArray)>()

    /// Adam with step size `alpha` and decays `beta1`, `beta2`.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8) {
        self.alpha = alpha
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }

    /// The bias-corrected learning rate of step `t`.
    public var lr: Double {
        let fix1 = 1.0 - Foundation.pow(beta1, Double(t))
        let fix2 = 1.0 - Foundation.pow(beta2, Double(t))
        return alpha * fix2.squareRoot() / fix1
    }

    /// Counts the step, then updates as every optimizer does.
    override open func update() {
        t += 1
        super.update()
    }

    /// One Adam step.
    override open func updateOne(_ param: Parameter) {
        let grad = param.gradData
        let (m, v) = states.update(param, initial: { (NDArray.zerosLike(param.data), NDArray.zerosLike(param.data)) }) { s in
            s.m += (1 - beta1) * (grad - s.m)
            s.v += (1 - beta2) * (grad * grad - s.v)
            return (s.m, s.v)
        }
        param.data -= lr * m / (sqrt(v) + eps)
    }
}
