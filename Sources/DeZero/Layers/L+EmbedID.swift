import DeZeroArray

extension L {
    /// A table of `inSize` embedding vectors of `outSize` features, looked up by integer ids
    /// (DeZero's `L.EmbedID`).
    ///
    /// `W` is drawn at construction, `Random.randn(inSize, outSize)` from the global generator;
    /// DeZero keeps it float64, which is the default here too.
    public final class EmbedID: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The embedding table, `(inSize, outSize)`.
        public let W: Parameter

        /// A table of `inSize` vectors of `outSize` features.
        public init(_ inSize: Int, _ outSize: Int, dtype: DType = .float64) {
            W = Parameter(Random.randn(inSize, outSize).astype(dtype), name: "W")
        }

        /// The rows of `W` for the integer ids in `x` (any shape): shape `x.shape + [outSize]`.
        override public func forward(_ x: Variable) -> Variable {
            require(
                x.dtype == .int64,
                "L.EmbedID: ids must be an integer array, got \(x.dtype)")
            return embedID(x.data, W)
        }
    }
}
