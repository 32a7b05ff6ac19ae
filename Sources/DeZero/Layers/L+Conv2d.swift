extension L {
    /// A 2-D convolution layer over `(N, C, H, W)` inputs (DeZero's `L.Conv2d`).
    ///
    /// Without `inChannels`, `W` of shape `(outChannels, C, KH, KW)` is created at the first
    /// call from the input's channels: `Random.randn(OC, C, KH, KW).astype(dtype) *
    /// sqrt(1 / (C * KH * KW))`, from the global generator. The bias starts at zero.
    public final class Conv2d: Convolution2dLayer {
        /// The convolution of `x`, `(N, C, H, W)`.
        override public func forward(_ x: Variable) -> Variable {
            prepare(x)
            return conv2d(x, W, b, stride: stride, pad: pad)
        }
    }
}
