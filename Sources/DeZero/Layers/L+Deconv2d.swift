extension L {
    /// A transposed 2-D convolution layer over `(N, C, H, W)` inputs (DeZero's `L.Deconv2d`).
    ///
    /// Without `inChannels`, `W` of shape `(C, outChannels, KH, KW)` is created at the first
    /// call: `Random.randn(C, OC, KH, KW).astype(dtype) * sqrt(1 / (C * KH * KW))`, from the
    /// global generator. The bias starts at zero.
    public final class Deconv2d: Convolution2dLayer {
        override class var inChannelAxis: Int { 0 }

        /// The transposed convolution of `x`, `(N, C, H, W)`.
        override public func forward(_ x: Variable) -> Variable {
            prepare(x)
            return deconv2d(x, W, b, stride: stride, pad: pad)
        }
    }
}
