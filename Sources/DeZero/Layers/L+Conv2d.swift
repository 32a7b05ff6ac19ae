import DeZeroArray

extension L {
    /// A 2-D convolution layer over `(N, C, H, W)` inputs (DeZero's `L.Conv2d`).
    ///
    /// Without `inChannels`, `W` of shape `(outChannels, C, KH, KW)` is created at the first
    /// call from the input's channels: `Random.randn(OC, C, KH, KW).astype(dtype) *
    /// sqrt(1 / (C * KH * KW))`, from the global generator. The bias starts at zero.
    public final class Conv2d: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The number of output channels.
        public let outChannels: Int
        /// The kernel's height and width.
        public let kernelSize: (Int, Int)
        /// The vertical and horizontal stride.
        public let stride: (Int, Int)
        /// The vertical and horizontal zero padding.
        public let pad: (Int, Int)
        /// The dtype of `W` and `b`.
        public let dtype: DType
        /// The kernels, `(outChannels, inChannels, KH, KW)`.
        public let W: Parameter
        /// The bias, `(outChannels)`, or nil with `nobias`.
        public let b: Parameter?

        /// A convolution with rectangular kernel, stride and padding; `inChannels` nil sizes `W`
        /// at the first call.
        public init(
            _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0),
            nobias: Bool = false, dtype: DType = .float32, inChannels: Int? = nil
        ) {
            self.outChannels = outChannels
            self.kernelSize = kernelSize
            self.stride = stride
            self.pad = pad
            self.dtype = dtype
            W = Parameter(uninitialized: [outChannels, inChannels, kernelSize.0, kernelSize.1], dtype: dtype, name: "W")
            b = nobias ? nil : Parameter(NDArray.zeros([outChannels], dtype: dtype), name: "b")
            super.init()
            if let inChannels { initW(inChannels: inChannels) }
        }

        /// A convolution with square kernel, stride and padding: `L.Conv2d(16, kernelSize: 3, pad: 1)`.
        public convenience init(
            _ outChannels: Int, kernelSize: Int, stride: Int = 1, pad: Int = 0,
            nobias: Bool = false, dtype: DType = .float32, inChannels: Int? = nil
        ) {
            self.init(
                outChannels, kernelSize: pair(kernelSize), stride: pair(stride), pad: pair(pad),
                nobias: nobias, dtype: dtype, inChannels: inChannels)
        }

        /// The number of input channels, once known.
        public var inChannels: Int? { W.isInitialized ? W.shape[1] : nil }

        private func initW(inChannels: Int) {
            let (kh, kw) = kernelSize
            let scale = (1.0 / Double(inChannels * kh * kw)).squareRoot()
            W.initialize(Random.randn(outChannels, inChannels, kh, kw).astype(dtype) * scale)
        }

        /// The convolution of `x`, `(N, C, H, W)`.
        override public func forward(_ x: Variable) -> Variable {
            precondition(x.ndim == 4, "L.Conv2d: the input must be (N, C, H, W), got shape \(x.shape)")
            if !W.isInitialized { initW(inChannels: x.shape[1]) }
            precondition(
                x.shape[1] == W.shape[1],
                "L.Conv2d: input of shape \(x.shape) has \(x.shape[1]) channels but W of shape \(W.shape) expects \(W.shape[1])")
            return conv2d(x, W, b, stride: stride, pad: pad)
        }
    }
}
