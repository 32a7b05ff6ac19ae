/// L2 regularization as a hook: adds `rate * param` to each gradient before the update
/// (DeZero's `WeightDecay`).
public struct WeightDecay: OptimizerHook {
    /// The decay rate.
    public let rate: Double

    /// Weight decay of `rate`.
    public init(_ rate: Double) { self.rate = rate }

    /// `grad += rate * param` for every parameter.
    public func callAsFunction(_ params: [Parameter]) {
        for param in params {
            guard let grad = param.grad else { continue }
            grad.data += rate * param.data
        }
    }
}
