import DeZeroArray

extension L {
    /// A fully connected layer, `y = x W + b` (DeZero's `L.Linear`).
    ///
    /// Without `inSize`, `W` is created at the first call, from the input's number of columns:
    /// `Random.randn(inSize, outSize).astype(dtype) * sqrt(1 / inSize)`, drawn from the global
    /// generator as DeZero draws from `np.random` (so seeded examples print the book's numbers).
    /// The bias starts at zero.
    public final class Linear: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The number of output features.
        public let outSize: Int
        /// The dtype of `W` and `b`.
        public let dtype: DType
        /// The weight, `(inSize, outSize)`; uninitialized until the first call when `inSize`
        /// was not given.
        public let W: Parameter
        /// The bias, `(outSize)`, or nil with `nobias`.
        public let b: Parameter?

        /// A linear layer with `outSize` outputs; `inSize` nil sizes `W` at the first call.
        public init(_ outSize: Int, nobias: Bool = false, dtype: DType = .float32, inSize: Int? = nil) {
            self.outSize = outSize
            self.dtype = dtype
            W = Parameter(uninitialized: [inSize, outSize], dtype: dtype, name: "W")
            b = nobias ? nil : Parameter(NDArray.zeros([outSize], dtype: dtype), name: "b")
            super.init()
            if let inSize { initW(inSize: inSize) }
        }

        /// The number of input features, once known.
        public var inSize: Int? { W.isInitialized ? W.shape[0] : nil }

        private func initW(inSize: Int, device: Device = .cpu) {
            let scale = (1.0 / Double(inSize)).squareRoot()
            W.initialize((Random.randn(inSize, outSize).astype(dtype) * scale).to(device))
        }

        /// `x W + b` for `x` of shape `(N, inSize)`.
        override public func forward(_ x: Variable) -> Variable {
            if !W.isInitialized {
                require(x.ndim == 2, "L.Linear: the input must be (N, features) to size W, got shape \(x.shape)")
                initW(inSize: x.shape[1], device: x.data.device)
            }
            require(
                x.ndim == 2 && x.shape[1] == W.shape[0],
                "L.Linear: input of shape \(x.shape) does not fit W of shape \(W.shape) (expected (N, \(W.shape[0])))")
            return linear(x, W, b)
        }
    }
}
