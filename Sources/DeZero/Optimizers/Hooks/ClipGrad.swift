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
        var total = 0.0
        for grad in grads { total += grad.data.square().sum().item() }
        let rate = maxNorm / (total.squareRoot() + 1e-6)
        guard rate < 1 else { return }
        for grad in grads { grad.data *= rate }
    }
}
