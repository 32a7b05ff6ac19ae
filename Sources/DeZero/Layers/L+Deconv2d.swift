import DeZeroArray

extension L {
    /// A transposed 2-D convolution layer over `(N, C, H, W)` inputs (DeZero's `L.Deconv2d`).
    ///
    /// Without `inChannels`, `W` of shape `(C, outChannels, KH, KW)` is created at the first
    /// call: `Random.randn(C, OC, KH, KW).astype(dtype) * sqrt(1 / (C * KH * KW))`, from the
    /// global generator. The bias starts at zero.
    public final class Deconv2d: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The number of output channels.
        public let outChannels: Int
        /// The kernel's height and width.
        public let kernelSize: (Int, Int)
        /// The vertical and horizontal stride.
        public let stride: (Int, Int)
        /// The vertical and horizontal padding removed from the output.
        public let pad: (Int, Int)
        /// The dtype of `W` and `b`.
        public let dtype: DType
        /// The kernels, `(inChannels, outChannels, KH, KW)`.
        public let W: Parameter
        /// The bias, `(outChannels)`, or nil with `nobias`.
        public let b: Parameter?

        /// A transposed convolution with rectangular kernel, stride and padding; `inChannels` nil
        /// sizes `W` at the first call.
        public init(
            _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0),
            nobias: Bool = false, dtype: DType = .float32, inChannels: Int? = nil
        ) {
            self.outChannels = outChannels
            self.kernelSize = kernelSize
            self.stride = stride
            self.pad = pad
            self.dtype = dtype
            W = Parameter(uninitialized: [inChannels, outChannels, kernelSize.0, kernelSize.1], dtype: dtype, name: "W")
            b = nobias ? nil : Parameter(NDArray.zeros([outChannels], dtype: dtype), name: "b")
            super.init()
            if let inChannels { initW(inChannels: inChannels) }
        }

        /// A transposed convolution with square kernel, stride and padding.
        public convenience init(
            _ outChannels: Int, kernelSize: Int, stride: Int = 1, pad: Int = 0,
            nobias: Bool = false, dtype: DType = .float32, inChannels: Int? = nil
        ) {
            self.init(
                outChannels, kernelSize: pair(kernelSize), stride: pair(stride), pad: pair(pad),
                nobias: nobias, dtype: dtype, inChannels: inChannels)
        }

        /// The number of input channels, once known.
        public var inChannels: Int? { W.isInitialized ? W.shape[0] : nil }

        private func initW(inChannels: Int) {
            let (kh, kw) = kernelSize
            let scale = (1.0 / Double(inChannels * kh * kw)).squareRoot()
            W.initialize(Random.randn(inChannels, outChannels, kh, kw).astype(dtype) * scale)
        }

        /// The transposed convolution of `x`, `(N, C, H, W)`.
        override public func forward(_ x: Variable) -> Variable {
            precondition(x.ndim == 4, "L.Deconv2d: the input must be (N, C, H, W), got shape \(x.shape)")
            if !W.isInitialized { initW(inChannels: x.shape[1]) }
            precondition(
                x.shape[1] == W.shape[0],
                "L.Deconv2d: input of shape \(x.shape) has \(x.shape[1]) channels but W of shape \(W.shape) expects \(W.shape[0])")
            return deconv2d(x, W, b, stride: stride, pad: pad)
        }
    }
}
