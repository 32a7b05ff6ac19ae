/// A multi-layer perceptron: linear layers with an activation between them (DeZero's `MLP`).
///
/// `MLP([10, 1])` is `l1(sigmoid(l0(x)))` with lazily sized `L.Linear` layers named `l0`,
/// `l1`, ... in weight files, as in DeZero. The last layer has no activation.
open class MLP: Model {
    /// `layers` is a constant; a subclass may add children, so only a plain MLP says true.
    override open var childrenAreFixed: Bool { type(of: self) == MLP.self }

    /// The linear layers, `layers[i]` saved as `"l<i>"`.
    public let layers: [L.Linear]
    /// The activation applied after every layer but the last.
    public let activation: (Variable) -> Variable

    /// Linear layers with `fcOutputSizes` outputs, `activation` between them (sigmoid by
    /// default, as DeZero).
    public init(_ fcOutputSizes: [Int], activation: @escaping (Variable) -> Variable = sigmoid) {
        require(!fcOutputSizes.isEmpty, "MLP needs at least one layer size")
        layers = fcOutputSizes.map { L.Linear($0) }
        self.activation = activation
    }

    /// `layers[i]` is `"l<i>"`.
    override open func childKey(property: String, index: Int?) -> String {
        if property == "layers", let index { return "l\(index)" }
        return super.childKey(property: property, index: index)
    }

    /// The network's output for `x`, `(N, features)`.
    override open func forward(_ x: Variable) -> Variable {
        var h = x
        for layer in layers.dropLast() { h = activation(layer(h)) }
        return layers[layers.count - 1](h)
    }
}
