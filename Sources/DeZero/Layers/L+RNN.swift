import DeZeroArray

extension L {
    /// An Elman recurrent layer with tanh, `h = tanh(x2h(x) + h2h(h))` (DeZero's `L.RNN`).
    ///
    /// The hidden state carries over between calls until ``resetState()``. Unlike upstream
    /// DeZero, whose `h2h` took `in_size` inputs (wrong whenever `inSize != hiddenSize`), `h2h`
    /// maps the hidden state, so it has `hiddenSize` inputs: created at once when `inSize` is
    /// given, at its first use otherwise (the same random draws as upstream wherever upstream
    /// works).
    public final class RNN: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The input-to-hidden map.
        public let x2h: Linear
        /// The hidden-to-hidden map (no bias).
        public let h2h: Linear
        /// The hidden state after the last call; nil before the first call and after a reset.
        public var h: Variable?

        /// An RNN with `hiddenSize` features; `inSize` nil sizes it at the first call.
        public init(_ hiddenSize: Int, inSize: Int? = nil) {
            x2h = Linear(hiddenSize, inSize: inSize)
            h2h = Linear(hiddenSize, nobias: true, inSize: inSize.map { _ in hiddenSize })
        }

        /// Forgets the hidden state (DeZero's `reset_state`).
        public func resetState() {
            willResetState()
            h = nil
        }

        /// The hidden state (a compiled step stores it as a variable without a creator).
        override public var stateSlots: [StateSlot] {
            [StateSlot(role: "h", owner: self, read: { [unowned self] in h?.data }) { [unowned self] in h = $0.map { Variable($0) } }]
        }

        /// The new hidden state for input `x`, `(N, inSize)`.
        override public func forward(_ x: Variable) -> Variable {
            let hNew = if let h { tanh(x2h(x) + h2h(h)) } else { tanh(x2h(x)) }
            h = hNew
            return hNew
        }
    }
}
