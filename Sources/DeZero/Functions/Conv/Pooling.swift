import DeZeroArray

/// Max pooling over `kernelSize` windows (DeZero's `Pooling`); remembers where each maximum
/// came from for the gradient.
public final class Pooling: UnaryFunction {
    /// The window's height and width.
    public let kernelSize: (Int, Int)
    /// The stride.
    public let stride: (Int, Int)
    /// The zero padding.
    public let pad: (Int, Int)
    /// For each output, the position of the maximum inside its window.
    public private(set) var indexes = NDArray.zeros([0], dtype: .int64)
    /// Max pooling with these settings.
    public init(kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) {
        self.kernelSize = kernelSize
        self.stride = stride
        self.pad = pad
    }
    override public func forward(_ x: NDArray) -> NDArray {
        let col = windows(x)
        indexes = col.argmax(axis: 2)
        return col.max(axis: 2)
    }
    /// `x`'s windows as (N, C, KH*KW, OH, OW).
    func windows(_ x: NDArray) -> NDArray {
        let col = im2col(x, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: false)
        let s = col.shape
        return col.reshape([s[0], s[1], s[2] * s[3], s[4], s[5]])
    }
    override public func backward(_ gy: Variable) -> Variable { Pooling2DGrad(self)(gy) }
}

/// The gradient of max pooling: each output's gradient goes to the input that was the
/// maximum (DeZero's `Pooling2DGrad`).
public final class Pooling2DGrad: UnaryFunction {
    /// The forward pooling.
    public let pooling: Pooling
    private let inputShape: [Int]
    private let dtype: DType
    /// The gradient function of `pooling`'s last call.
    public init(_ pooling: Pooling) {
        self.pooling = pooling
        inputShape = pooling.input(0).shape
        dtype = pooling.input(0).dtype
    }
    override public func forward(_ gy: NDArray) -> NDArray {
        let (n, c, oh, ow) = (gy.shape[0], gy.shape[1], gy.shape[2], gy.shape[3])
        let (kh, kw) = pooling.kernelSize
        let window = kh * kw
        var gcol = NDArray.zeros([n * c * oh * ow * window], dtype: dtype, device: gy.device)
        let positions = pooling.indexes.ravel() + NDArray.arange(0, pooling.indexes.size * window, window).to(gy.device)
        gcol[indices: [positions]] = gy.ravel()
        let col = gcol.reshape([n, c, oh, ow, kh, kw]).swapaxes(2, 4).swapaxes(3, 5)
        return col2im(col, imageShape: inputShape, kernelSize: pooling.kernelSize, stride: pooling.stride, pad: pooling.pad, toMatrix: false)
    }
    override public func backward(_ gy: Variable) -> Variable { Pooling2DWithIndexes(pooling)(gy) }
}

/// Picks, in each window, the input at the position the forward pooling chose; the gradient of
/// `Pooling2DGrad` (DeZero's `Pooling2DWithIndexes`).
public final class Pooling2DWithIndexes: UnaryFunction {
    /// The forward pooling whose indexes are reused.
    public let pooling: Pooling
    /// Selection by `pooling`'s last indexes.
    public init(_ pooling: Pooling) { self.pooling = pooling }
    override public func forward(_ x: NDArray) -> NDArray {
        let col = pooling.windows(x)
        let s = col.shape
        let rows = col.transpose([0, 1, 3, 4, 2]).reshape([-1, s[2]])
        let picked = rows[NDArray.arange(rows.shape[0]).to(x.device), pooling.indexes.ravel()]
        return picked.reshape([s[0], s[1], s[3], s[4]])
    }
}

/// Average pooling over `kernelSize` windows (DeZero's `AveragePooling`).
public final class AveragePooling: UnaryFunction {
    /// The window's height and width.
    public let kernelSize: (Int, Int)
    /// The stride.
    public let stride: (Int, Int)
    /// The zero padding.
    public let pad: (Int, Int)
    /// Average pooling with these settings.
    public init(kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) {
        self.kernelSize = kernelSize
        self.stride = stride
        self.pad = pad
    }
    override public func forward(_ x: NDArray) -> NDArray {
        im2col(x, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: false).mean(axes: [2, 3])
    }
    override public func backward(_ gy: Variable) -> Variable {
        let s = gy.shape
        let (kh, kw) = kernelSize
        let gy = gy / Double(kh * kw)
        let gcol = broadcastTo(gy.reshape(-1), [kh, kw, s[0] * s[1] * s[2] * s[3]])
            .reshape(kh, kw, s[0], s[1], s[2], s[3]).transpose(2, 3, 0, 1, 4, 5)
        return col2im(gcol, imageShape: input(0).shape, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: false)
    }
}

/// Max pooling (see ``Pooling``).
public func pooling(_ x: Variable, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) -> Variable {
    Pooling(kernelSize: kernelSize, stride: stride, pad: pad)(x)
}
/// Max pooling with square windows, stride and padding.
public func pooling(_ x: Variable, kernelSize: Int, stride: Int = 1, pad: Int = 0) -> Variable {
    pooling(x, kernelSize: pair(kernelSize), stride: pair(stride), pad: pair(pad))
}
/// Average pooling (see ``AveragePooling``).
public func averagePooling(_ x: Variable, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) -> Variable {
    AveragePooling(kernelSize: kernelSize, stride: stride, pad: pad)(x)
}
/// Average pooling with square windows, stride and padding.
public func averagePooling(_ x: Variable, kernelSize: Int, stride: Int = 1, pad: Int = 0) -> Variable {
    averagePooling(x, kernelSize: pair(kernelSize), stride: pair(stride), pad: pair(pad))
}

/// Max pooling from `Im2col` and `max`, as DeZero's `pooling_simple`.
public func poolingSimple(_ x: Variable, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0)) -> Variable {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw) = kernelSize
    let oh = getConvOutsize(inputSize: h, kernelSize: kh, stride: stride.0, pad: pad.0)
    let ow = getConvOutsize(inputSize: w, kernelSize: kw, stride: stride.1, pad: pad.1)
    let col = im2col(x, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: true).reshape(-1, kh * kw)
    return col.max(axis: 1).reshape(n, oh, ow, c).transpose(0, 3, 1, 2)
}
