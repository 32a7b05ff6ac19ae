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

    /// One Adam step: `m += (1 - beta1) * (grad - m)`, `v += (1 - beta2) * (grad * grad - v)`,
    /// `param -= lr * m / (sqrt(v) + eps)`. When the parameter, its gradient and its state
    /// share one float dtype and shape, the three run in one pass over the elements, each step
    /// rounded as the separate array operations round it: no temporaries (for a large layer,
    /// several arrays of its size on every step).
    override open func updateOne(_ param: Parameter) {
        let grad = param.gradData
        let lr = self.lr
        states.update(param, initial: { (NDArray.zerosLike(param.data), NDArray.zerosLike(param.data)) }) { s in
            let (dtype, shape) = (param.data.dtype, param.data.shape)
            guard grad.dtype == dtype && s.m.dtype == dtype && s.v.dtype == dtype,
                grad.shape == shape && s.m.shape == shape && s.v.shape == shape
            else {
                s.m += (1 - beta1) * (grad - s.m)
                s.v += (1 - beta2) * (grad * grad - s.v)
                param.data -= lr * s.m / (sqrt(s.v) + eps)
                return
            }
            switch dtype {
            case .float32: step(Float.self, &param.data, &s.m, &s.v, grad, lr: lr)
            case .float64: step(Double.self, &param.data, &s.m, &s.v, grad, lr: lr)
            case .int64, .bool: preconditionFailure("Adam: parameter \(param.name ?? "") is \(dtype), not a float")
            }
        }
    }

    /// The fused step on elements of type `T` (the scalars rounded to `T`, as NumPy rounds a
    /// Python float beside a `T` array).
    private func step<T: NDFloat>(
        _: T.Type, _ data: inout NDArray, _ m: inout NDArray, _ v: inout NDArray, _ grad: NDArray, lr: Double
    ) {
        let (b1, b2, rate, e) = (T(1 - beta1), T(1 - beta2), T(lr), T(eps))
        grad.withUnsafeBufferPointer(as: T.self) { g in
            m.withUnsafeMutableBufferPointer(as: T.self) { m in
                v.withUnsafeMutableBufferPointer(as: T.self) { v in
                    data.withUnsafeMutableBufferPointer(as: T.self) { p in
                        for i in 0..<p.count {
                            m[i] += b1 * (g[i] - m[i])
                            v[i] += b2 * (g[i] * g[i] - v[i])
                            p[i] -= rate * m[i] / (v[i].squareRoot() + e)
                        }
                    }
                }
            }
        }
    }
}
