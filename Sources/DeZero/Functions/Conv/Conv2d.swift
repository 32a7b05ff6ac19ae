import DeZeroArray

/// 2-D convolution of `x` (N, C, H, W) with kernels `W` (OC, C, KH, KW) and an optional bias
/// (OC), through im2col and a tensor product (DeZero's `Conv2d` function).
public final class Conv2d: Function {
    /// Vertical and horizontal stride.
    public let stride: (Int, Int)
    /// Vertical and horizontal zero padding.
    public let pad: (Int, Int)
    /// A convolution with `stride` and `pad`.
    public init(stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) {
        self.stride = stride
        self.pad = pad
    }
    override public func forward(_ xs: [NDArray]) -> [NDArray] {
        let (x, W) = (xs[0], xs[1])
        require(
            x.ndim == 4 && W.ndim == 4 && x.shape[1] == W.shape[1],
            "conv2d: expected x (N, C, H, W) and W (OC, C, KH, KW) with the same C, got \(x.shape) and \(W.shape)")
        // DeZero's tensordot(col, W, ((1, 2, 3), (1, 2, 3))), with the two matrices it multiplies
        // made directly: im2col's matrix layout is its transposed and reshaped col.
        let col = im2col(x, kernelSize: (W.shape[2], W.shape[3]), stride: stride, pad: pad, toMatrix: true)
        let kernels = W.transpose([1, 2, 3, 0]).reshape([-1, W.shape[0]])
        let (oh, ow) = (
            getConvOutsize(inputSize: x.shape[2], kernelSize: W.shape[2], stride: stride.0, pad: pad.0),
            getConvOutsize(inputSize: x.shape[3], kernelSize: W.shape[3], stride: stride.1, pad: pad.1))
        var y = matmul(col, kernels).reshape([x.shape[0], oh, ow, W.shape[0]])
        if xs.count > 2 { y = y + xs[2] }
        return [y.transpose([0, 3, 1, 2])]
    }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        let (x, W, gy) = (input(0), input(1), gys[0])
        let gx = deconv2d(gy, W, stride: stride, pad: pad, outsize: (x.shape[2], x.shape[3]))
        let gW = Conv2DGradW(kernelSize: (W.shape[2], W.shape[3]), stride: stride, pad: pad)(x, gy)
        return inputCount > 2 ? [gx, gW, gy.sum(axes: [0, 2, 3])] : [gx, gW]
    }
}

/// Transposed 2-D convolution of `x` (N, C, H, W) with `W` (C, OC, KH, KW) and an optional
/// bias (OC) (DeZero's `Deconv2d` function).
public final class Deconv2d: Function {
    /// Vertical and horizontal stride.
    public let stride: (Int, Int)
    /// Vertical and horizontal padding removed from the output.
    public let pad: (Int, Int)
    /// The output's height and width, when they cannot be inferred.
    public let outsize: (Int, Int)?
    /// A transposed convolution with `stride`, `pad` and optional `outsize`.
    public init(stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0), outsize: (Int, Int)? = nil) {
        self.stride = stride
        self.pad = pad
        self.outsize = outsize
    }
    override public func forward(_ xs: [NDArray]) -> [NDArray] {
        let (x, W) = (xs[0], xs[1])
        require(
            x.ndim == 4 && W.ndim == 4 && x.shape[1] == W.shape[0],
            "deconv2d: expected x (N, C, H, W) and W (C, OC, KH, KW) with the same C, got \(x.shape) and \(W.shape)")
        let (kh, kw) = (W.shape[2], W.shape[3])
        let out = outsize ?? (
            getDeconvOutsize(inputSize: x.shape[2], kernelSize: kh, stride: stride.0, pad: pad.0),
            getDeconvOutsize(inputSize: x.shape[3], kernelSize: kw, stride: stride.1, pad: pad.1))
        let gcol = tensordot(W, x, axes: ([0], [1])).transpose([3, 0, 1, 2, 4, 5])
        var y = col2im(
            gcol, imageShape: [x.shape[0], W.shape[1], out.0, out.1], kernelSize: (kh, kw),
            stride: stride, pad: pad, toMatrix: false)
        if xs.count > 2 { y = y + xs[2].reshape([1, xs[2].size, 1, 1]) }
        return [y]
    }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        let (x, W, gy) = (input(0), input(1), gys[0])
        let gx = conv2d(gy, W, stride: stride, pad: pad)
        let gW = Conv2DGradW(kernelSize: (W.shape[2], W.shape[3]), stride: stride, pad: pad)(gy, x)
        return inputCount > 2 ? [gx, gW, gy.sum(axes: [0, 2, 3])] : [gx, gW]
    }
}

/// The kernel gradient of a convolution, `gW = gy ⋆ im2col(x)`, as a function of `x` and `gy`
/// so that it can be differentiated again (DeZero's `Conv2DGradW`).
public final class Conv2DGradW: BinaryFunction {
    /// The kernel's height and width.
    public let kernelSize: (Int, Int)
    /// The convolution's stride.
    public let stride: (Int, Int)
    /// The convolution's padding.
    public let pad: (Int, Int)
    /// The kernel gradient of a convolution with these settings.
    public init(kernelSize: (Int, Int), stride: (Int, Int), pad: (Int, Int)) {
        self.kernelSize = kernelSize
        self.stride = stride
        self.pad = pad
    }
    override public func forward(_ x: NDArray, _ gy: NDArray) -> NDArray {
        // DeZero's tensordot(gy, col, ((0, 2, 3), (0, 4, 5))), with the right-hand matrix made
        // directly in im2col's matrix layout.
        let col = im2col(x, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: true)
        let gys = gy.transpose([1, 0, 2, 3]).reshape([gy.shape[1], -1])
        return matmul(gys, col).reshape([gy.shape[1], x.shape[1], kernelSize.0, kernelSize.1])
    }
    override public func backward(_ ggW: Variable) -> (Variable, Variable?) {
        // gW is bilinear in (x, gy): each input's gradient uses the incoming ggW (upstream DeZero
        // used its own output here, which is wrong).
        let (x, gy) = (input(0), input(1))
        let gx = deconv2d(gy, ggW, stride: stride, pad: pad, outsize: (x.shape[2], x.shape[3]))
        let ggy = conv2d(x, ggW, stride: stride, pad: pad)
        return (gx, ggy)
    }
}

/// 2-D convolution (see ``Conv2d``).
public func conv2d(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) -> Variable {
    Conv2d(stride: stride, pad: pad).apply(b.map { [x, W, $0] } ?? [x, W])[0]
}
/// 2-D convolution with square stride and padding.
public func conv2d(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: Int, pad: Int = 0) -> Variable {
    conv2d(x, W, b, stride: pair(stride), pad: pair(pad))
}
/// Transposed 2-D convolution (see ``Deconv2d``).
public func deconv2d(
    _ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0),
    outsize: (Int, Int)? = nil
) -> Variable {
    Deconv2d(stride: stride, pad: pad, outsize: outsize).apply(b.map { [x, W, $0] } ?? [x, W])[0]
}
/// Transposed 2-D convolution with square stride and padding.
public func deconv2d(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: Int, pad: Int = 0, outsize: (Int, Int)? = nil) -> Variable {
    deconv2d(x, W, b, stride: pair(stride), pad: pair(pad), outsize: outsize)
}

/// 2-D convolution from `Im2col`, `linear` and reshapes, as DeZero's `conv2d_simple`.
public func conv2dSimple(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) -> Variable {
    let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
    let (oc, kh, kw) = (W.shape[0], W.shape[2], W.shape[3])
    let oh = getConvOutsize(inputSize: h, kernelSize: kh, stride: stride.0, pad: pad.0)
    let ow = getConvOutsize(inputSize: w, kernelSize: kw, stride: stride.1, pad: pad.1)
    let col = im2col(x, kernelSize: (kh, kw), stride: stride, pad: pad, toMatrix: true)
    let t = linear(col, W.reshape(oc, -1).transpose(), b)
    return t.reshape(n, oh, ow, oc).transpose(0, 3, 1, 2)
}
