import DeZeroArray

/// A Variable that an optimizer updates: a layer's weight or bias (DeZero's `Parameter`).
///
/// A layer whose input size is only known at its first call (DeZero's lazy `W`) creates its
/// weight with ``init(uninitialized:dtype:name:)``: the parameter then exists, so that
/// `loadWeights` can fill it and an optimizer can be set up, but holds no values yet
/// (``isInitialized`` is false, `data` is an empty placeholder) until the layer calls
/// ``initialize(_:)`` or weights are loaded into it.
public final class Parameter: Variable {
    /// False while the parameter waits for its first input to be sized (DeZero's `data is None`).
    public private(set) var isInitialized = true
    /// The shape the parameter will have, with `nil` for the sizes that the first input decides
    /// (for example `[nil, 10]` for the `W` of `L.Linear(10)`); `nil` once initialized.
    public private(set) var pendingShape: [Int?]?

    /// A parameter without values yet, whose shape will match `shape` (`nil` for sizes unknown
    /// until the first call) and whose dtype will be `dtype`.
    public convenience init(uninitialized shape: [Int?], dtype: DType, name: String? = nil) {
        self.init(NDArray.zeros([0], dtype: dtype), name: name)
        isInitialized = false
        pendingShape = shape
    }

    /// Sets the values of a parameter (initialized or not) and marks it initialized.
    public func initialize(_ data: NDArray) {
        self.data = data
        isInitialized = true
        pendingShape = nil
    }
}
