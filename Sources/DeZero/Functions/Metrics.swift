import DeZeroArray

/// The fraction of rows of `y` whose argmax equals the label in `t` (not differentiable).
public func accuracy(_ y: Variable, _ t: Variable) -> Variable {
    let prediction = y.data.argmax(axis: 1).reshape(t.shape)
    return Variable((prediction .== t.data).mean())
}
