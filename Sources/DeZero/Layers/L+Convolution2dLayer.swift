import DeZeroArray

extension L {
    /// What ``L/Conv2d`` and ``L/Deconv2d`` share: the geometry, the parameters `W` and `b`, and
    /// `W`'s creation from the input's channels. Use one of the two subclasses; they differ in
    /// `W`'s layout (`inChannelAxis`) and in the function `forward` applies.
    public class Convolution2dLayer: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The axis of `W` that counts input channels: 1 for a convolution's `(OC, C, KH, KW)`,
        /// 0 for a transposed convolution's `(C, OC, KH, KW)`.
        class var inChannelAxis: Int { 1 }

        /// The number of output channels.
        public let outChannels: Int
        /// The kernel's height and width.
        public let kernelSize: (Int, Int)
        /// The vertical and horizontal stride.
        public let stride: (Int, Int)
        /// The vertical and horizontal padding (added to the input of a convolution, removed
        /// from the output of a transposed one).
        public let pad: (Int, Int)
        /// The dtype of `W` and `b`.
        public let dtype: DType
        /// The kernels: `(outChannels, inChannels, KH, KW)` for ``L/Conv2d``,
        /// `(inChannels, outChannels, KH, KW)` for ``L/Deconv2d``.
        public let W: Parameter
        /// The bias, `(outChannels)`, or nil with `nobias`.
        public let b: Parameter?

        /// A layer with rectangular kernel, stride and padding; `inChannels` nil sizes `W` at the
        /// first call.
        public init(
            _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0),
            nobias: Bool = false, dtype: DType = .float32, inChannels: Int? = nil
        ) {
            self.outChannels = outChannels
            self.kernelSize = kernelSize
            self.stride = stride
            self.pad = pad
            self.dtype = dtype
            var shape: [Int?] = [outChannels, outChannels, kernelSize.0, kernelSize.1]
            shape[Self.inChannelAxis] = inChannels
            W = Parameter(uninitialized: shape, dtype: dtype, name: "W")
            b = nobias ? nil : Parameter(NDArray.zeros([outChannels], dtype: dtype), name: "b")
            super.init()
            if let inChannels { initW(inChannels: inChannels) }
        }

        /// A layer with square kernel, stride and padding: `L.Conv2d(16, kernelSize: 3, pad: 1)`.
        public convenience init(
            _ outChannels: Int, kernelSize: Int, stride: Int = 1, pad: Int = 0,
            nobias: Bool = false, dtype: DType = .float32, inChannels: Int? = nil
        ) {
            self.init(
                outChannels, kernelSize: pair(kernelSize), stride: pair(stride), pad: pair(pad),
                nobias: nobias, dtype: dtype, inChannels: inChannels)
        }

        /// The number of input channels, once known.
        public var inChannels: Int? { W.isInitialized ? W.shape[Self.inChannelAxis] : nil }

        /// Fills `W` with `Random.randn(shape) * sqrt(1 / (C * KH * KW))`, from the global generator.
        private func initW(inChannels: Int, device: Device = .cpu) {
            let (kh, kw) = kernelSize
            var shape = [outChannels, outChannels, kh, kw]
            shape[Self.inChannelAxis] = inChannels
            let scale = (1.0 / Double(inChannels * kh * kw)).squareRoot()
            W.initialize((Random.randn(shape: shape).astype(dtype) * scale).to(device))
        }

        /// Checks that `x` is `(N, C, H, W)` with the channels `W` expects, creating `W` from `C`
        /// at the first call.
        func prepare(_ x: Variable) {
            let name = "L.\(type(of: self))"
            require(x.ndim == 4, "\(name): the input must be (N, C, H, W), got shape \(x.shape)")
            if !W.isInitialized { initW(inChannels: x.shape[1], device: x.data.device) }
            let axis = Self.inChannelAxis
            require(
                x.shape[1] == W.shape[axis],
                "\(name): input of shape \(x.shape) has \(x.shape[1]) channels but W of shape \(W.shape) expects \(W.shape[axis])")
        }
    }
}
