import DeZeroArray

/// AdaDelta (Zeiler, 2012): steps scaled by running averages of squared gradients and squared
/// updates, without a learning rate (DeZero's `AdaDelta`).
open class AdaDelta: Optimizer {
    /// The decay of the running averages.
    public var rho: Double
    /// Keeps the ratio finite.
    public var eps: Double
    /// The running average of squared gradients, and of squared updates, of each parameter.
    public let states = ParameterState<Averages>(names: ["msg", "msdx"])

    /// The running averages of one parameter: of squared gradients and of squared updates.
    public struct Averages: OptimizerStateArrays {
        /// The average of squared gradients.
        public var msg: NDArray
        /// The average of squared updates.
        public var msdx: NDArray
        /// `[msg, msdx]`.
        public var arrays: [NDArray] {
            get { [msg, msdx] }
            set { (msg, msdx) = (newValue[0], newValue[1]) }
        }
    }

    /// AdaDelta with decay `rho`.
    public init(rho: Double = 0.95, eps: Double = 1e-6) {
        self.rho = rho
        self.eps = eps
    }

    /// One AdaDelta step.
    override open func updateOne(_ param: Parameter) {
        let grad = param.gradData
        let (rho, eps) = (hyperparameter("rho", \.rho), hyperparameter("eps", \.eps))
        let initial = { Averages(msg: NDArray.zerosLike(param.data), msdx: NDArray.zerosLike(param.data)) }
        let dx = states.update(param, initial: initial) { s in
            s.msg *= rho
            s.msg += (1 - rho) * grad * grad
            let dx = sqrt((s.msdx + eps) / (s.msg + eps)) * grad
            s.msdx *= rho
            s.msdx += (1 - rho) * dx * dx
            return dx
        }
        param.data -= dx
    }
}
