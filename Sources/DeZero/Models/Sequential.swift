/// Layers applied one after the other (DeZero's `Sequential`).
///
/// `layers[i]` is saved under the key `"l<i>"`, as DeZero names them. Functions without
/// parameters go in through ``L/Lambda``: `Sequential(L.Linear(10), L.Lambda(relu), L.Linear(1))`.
open class Sequential: Model {
    /// The layers, in application order.
    public let layers: [Layer]

    /// A sequence of `layers`.
    public init(_ layers: [Layer]) {
        self.layers = layers
    }

    /// A sequence of `layers`.
    public convenience init(_ layers: Layer...) {
        self.init(layers)
    }

    /// `layers[i]` is `"l<i>"`.
    override open func childKey(property: String, index: Int?) -> String {
        if property == "layers", let index { return "l\(index)" }
        return super.childKey(property: property, index: index)
    }

    /// `x` passed through every layer.
    override open func forward(_ x: Variable) -> Variable {
        layers.reduce(x) { h, layer in layer(h) }
    }
}
