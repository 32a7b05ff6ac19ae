extension L {
    /// A function as a layer without parameters, to put activations into a ``Sequential``:
    /// `Sequential(L.Linear(10), L.Lambda(relu), L.Linear(1))`, as DeZero's `Sequential`
    /// accepts plain functions.
    public final class Lambda: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The function applied.
        public let body: (Variable) -> Variable

        /// A layer applying `body`.
        public init(_ body: @escaping (Variable) -> Variable) { self.body = body }

        /// `body(x)`.
        override public func forward(_ x: Variable) -> Variable { body(x) }
    }
}
