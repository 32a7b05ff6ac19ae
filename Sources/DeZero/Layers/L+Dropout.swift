import DeZeroArray

extension L {
    /// Dropout as a layer, for ``Sequential``: ``dropout(_:ratio:)`` in training mode, the
    /// identity in test mode. (DeZero has only the function; this layer has no parameters.)
    public final class Dropout: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The probability of dropping each element.
        public let ratio: Double

        /// Dropout with `ratio`.
        public init(ratio: Double = 0.5) {
            require((0..<1).contains(ratio), "L.Dropout: the ratio must be in [0, 1), got \(ratio)")
            self.ratio = ratio
        }

        /// `x` with elements dropped in training mode; `x` itself in test mode.
        override public func forward(_ x: Variable) -> Variable { dropout(x, ratio: ratio) }
    }
}
