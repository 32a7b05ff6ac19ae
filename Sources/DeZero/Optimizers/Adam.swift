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
    public let states = ParameterState<Moments>(names: ["m", "v"])

    /// The moment averages of one parameter.
    public struct Moments: OptimizerStateArrays {
        /// The first moment (the average gradient).
        public var m: NDArray
        /// The second moment (the average squared gradient).
        public var v: NDArray
        /// `[m, v]`.
        public var arrays: [NDArray] {
            get { [m, v] }
            set { (m, v) = (newValue[0], newValue[1]) }
        }
    }

    /// Adam with step size `alpha` and decays `beta1`, `beta2`.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8) {
        self.alpha = alpha
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }

    /// The bias-corrected learning rate of step `t`.
    public var lr: Double { Self.learningRate(alpha: alpha, beta1: beta1, beta2: beta2, t: t) }

    /// The bias-corrected learning rate of step `t` with these hyperparameters (what ``lr``
    /// returns; an exported compiled step computes it from its saved step count).
    public static func learningRate(alpha: Double, beta1: Double, beta2: Double, t: Int) -> Double {
        let fix1 = 1.0 - Foundation.pow(beta1, Double(t))
        let fix2 = 1.0 - Foundation.pow(beta2, Double(t))
        return alpha * fix2.squareRoot() / fix1
    }

    /// Counts the step, then updates as every optimizer does. A compiled step counts too.
    override open func update() {
        t += 1
        Tracing.effect("t += 1", owner: self) { [unowned self] in t += 1 }
        super.update()
    }

    /// One Adam step (`adamStep` of DeZeroArray: one pass over the elements when it can).
    override open func updateOne(_ param: Parameter) {
        let grad = param.gradData
        let (lr, beta1, beta2, eps) = (hyperparameter("lr", \.lr), hyperparameter("beta1", \.beta1), hyperparameter("beta2", \.beta2), hyperparameter("eps", \.eps))
        let initial = { Moments(m: NDArray.zerosLike(param.data), v: NDArray.zerosLike(param.data)) }
        states.update(param, initial: initial) { s in
            adamStep(&param.data, &s.m, &s.v, grad: grad, lr: lr, beta1: beta1, beta2: beta2, eps: eps)
        }
    }
}
