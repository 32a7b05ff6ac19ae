import DeZeroArray

extension L {
    /// A long short-term memory layer (DeZero's `L.LSTM`).
    ///
    /// Forget, input and output gates and the candidate `u` each have an input map (`x2f`,
    /// `x2i`, `x2o`, `x2u`, sized at the first call unless `inSize` is given) and a hidden map
    /// without bias (`h2f`, `h2i`, `h2o`, `h2u`, created at once, as upstream). The hidden state
    /// `h` and the cell `c` carry over between calls until ``resetState()``.
    public final class LSTM: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// Input to forget gate.
        public let x2f: Linear
        /// Input to input gate.
        public let x2i: Linear
        /// Input to output gate.
        public let x2o: Linear
        /// Input to candidate.
        public let x2u: Linear
        /// Hidden state to forget gate.
        public let h2f: Linear
        /// Hidden state to input gate.
        public let h2i: Linear
        /// Hidden state to output gate.
        public let h2o: Linear
        /// Hidden state to candidate.
        public let h2u: Linear
        /// The hidden state after the last call; nil before the first call and after a reset.
        public var h: Variable?
        /// The cell state after the last call; nil before the first call and after a reset.
        public var c: Variable?

        /// An LSTM with `hiddenSize` features; `inSize` nil sizes the input maps at the first call.
        public init(_ hiddenSize: Int, inSize: Int? = nil) {
            let H = hiddenSize
            x2f = Linear(H, inSize: inSize)
            x2i = Linear(H, inSize: inSize)
            x2o = Linear(H, inSize: inSize)
            x2u = Linear(H, inSize: inSize)
            h2f = Linear(H, nobias: true, inSize: H)
            h2i = Linear(H, nobias: true, inSize: H)
            h2o = Linear(H, nobias: true, inSize: H)
            h2u = Linear(H, nobias: true, inSize: H)
        }

        /// Forgets the hidden and cell states (DeZero's `reset_state`).
        public func resetState() {
            willResetState()
            h = nil
            c = nil
        }

        /// The new hidden state for input `x`, `(N, inSize)`.
        /// The hidden state and the cell (a compiled step stores them as variables without a
        /// creator).
        override public var stateSlots: [StateSlot] {
            [
                StateSlot(role: "h", owner: self, read: { [unowned self] in h?.data }) { [unowned self] in h = $0.map { Variable($0) } },
                StateSlot(role: "c", owner: self, read: { [unowned self] in c?.data }) { [unowned self] in c = $0.map { Variable($0) } },
            ]
        }

        override public func forward(_ x: Variable) -> Variable {
            let f, i, o, u: Variable
            if let h {
                f = sigmoid(x2f(x) + h2f(h))
                i = sigmoid(x2i(x) + h2i(h))
                o = sigmoid(x2o(x) + h2o(h))
                u = tanh(x2u(x) + h2u(h))
            } else {
                f = sigmoid(x2f(x))
                i = sigmoid(x2i(x))
                o = sigmoid(x2o(x))
                u = tanh(x2u(x))
            }
            let cNew = if let c { f * c + i * u } else { i * u }
            let hNew = o * tanh(cNew)
            h = hNew
            c = cNew
            return hNew
        }
    }
}
