/// Keeps the parameters of some layers (or single parameters) fixed: removes their gradients
/// before the update, so the optimizer skips them (DeZero's `FreezeParam`, which upstream
/// crashes the update instead; here it works).
///
/// The parameters are collected when the hook is made; the layers' lazily sized weights are
/// included, since their Parameters exist before the first call.
public struct FreezeParam: OptimizerHook {
    /// The frozen parameters.
    public let frozen: [Parameter]
    private let ids: Set<ObjectIdentifier>

    /// Freezes every parameter of `layers` and the `params`.
    public init(layers: [Layer] = [], params: [Parameter] = []) {
        frozen = layers.flatMap { $0.params() } + params
        ids = Set(frozen.map(ObjectIdentifier.init))
    }

    /// Freezes every parameter of `layers`: `FreezeParam(model.l0)`.
    public init(_ layers: Layer...) { self.init(layers: layers) }

    /// Freezes `params`: `FreezeParam(model.l1.b!)`.
    public init(_ params: Parameter...) { self.init(params: params) }

    /// Removes the gradients of the frozen parameters.
    public func callAsFunction(_ params: [Parameter]) {
        for param in params where ids.contains(ObjectIdentifier(param)) {
            param.grad = nil
        }
    }
}
