/// Gradient clipping by the global norm: when the L2 norm of all gradients together exceeds
/// `maxNorm`, every gradient is scaled by `maxNorm / (norm + 1e-6)` (DeZero's `ClipGrad`).
public struct ClipGrad: OptimizerHook {
    /// The largest norm left unscaled.
    public let maxNorm: Double

    /// Clipping to `maxNorm`.
    public init(_ maxNorm: Double) { self.maxNorm = maxNorm }

    /// Scales the gradients down when their global norm exceeds `maxNorm`.
    public func callAsFunction(_ params: [Parameter]) {
        let grads = params.compactMap(\.grad)
        var total = NDArray(scalar: 0.0)
        for grad in grads { total = total + grad.data.square().sum() }
        // min(rate, 1) instead of a branch on the norm: a compiled step holds no data-dependent
        // branch, and scaling by 1 changes no element.
        let rate = minimum(maxNorm / (sqrt(total) + 1e-6), 1.0)
        for grad in grads { grad.data *= rate }
    }
}
