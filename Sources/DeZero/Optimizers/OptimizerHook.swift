/// A function an optimizer runs on the parameters about to be updated, before updating them:
/// ``WeightDecay``, ``ClipGrad``, ``FreezeParam``, or your own (DeZero's hook functions).
///
/// The hook receives the parameters that have a gradient and may change the gradients in place
/// or remove them (`param.grad = nil` keeps that parameter unchanged in this update).
public protocol OptimizerHook {
    /// Acts on `params` before the update.
    func callAsFunction(_ params: [Parameter])
}
