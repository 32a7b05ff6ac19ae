import DeZeroArray

/// Unfolds convolution patches into columns, differentiably (DeZero's `Im2col` function).
public final class Im2col: UnaryFunction {
    /// The kernel's height and width.
    public let kernelSize: (Int, Int)
    /// The stride.
    public let stride: (Int, Int)
    /// The zero padding.
    public let pad: (Int, Int)
    /// Whether the result is the `(N*OH*OW, C*KH*KW)` matrix or the 6-D array.
    public let toMatrix: Bool
    /// im2col with these settings.
    public init(kernelSize: (Int, Int), stride: (Int, Int), pad: (Int, Int), toMatrix: Bool) {
        self.kernelSize = kernelSize
        self.stride = stride
        self.pad = pad
        self.toMatrix = toMatrix
    }
    override public func forward(_ x: NDArray) -> NDArray {
        DeZeroArray.im2col(x, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: toMatrix)
    }
    override public func backward(_ gy: Variable) -> Variable {
        col2im(gy, imageShape: input(0).shape, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: toMatrix)
    }
}

/// Folds columns back into an image, adding overlaps; the adjoint of `Im2col` (DeZero's `Col2im`).
public final class Col2im: UnaryFunction {
    /// The image's shape (N, C, H, W).
    public let imageShape: [Int]
    /// The kernel's height and width.
    public let kernelSize: (Int, Int)
    /// The stride.
    public let stride: (Int, Int)
    /// The zero padding.
    public let pad: (Int, Int)
    /// Whether the input is the `(N*OH*OW, C*KH*KW)` matrix or the 6-D array.
    public let toMatrix: Bool
    /// col2im with these settings.
    public init(imageShape: [Int], kernelSize: (Int, Int), stride: (Int, Int), pad: (Int, Int), toMatrix: Bool) {
        self.imageShape = imageShape
        self.kernelSize = kernelSize
        self.stride = stride
        self.pad = pad
        self.toMatrix = toMatrix
    }
    override public func forward(_ x: NDArray) -> NDArray {
        DeZeroArray.col2im(x, imageShape: imageShape, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: toMatrix)
    }
    override public func backward(_ gy: Variable) -> Variable {
        im2col(gy, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: toMatrix)
    }
}

/// The patches of `x` (N, C, H, W) as columns (see ``Im2col``).
public func im2col(_ x: Variable, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0), toMatrix: Bool = true) -> Variable {
    Im2col(kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: toMatrix)(x)
}
/// Columns folded back into an image of `imageShape` (see ``Col2im``).
public func col2im(_ x: Variable, imageShape: [Int], kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0), toMatrix: Bool = true) -> Variable {
    Col2im(imageShape: imageShape, kernelSize: kernelSize, stride: stride, pad: pad, toMatrix: toMatrix)(x)
}
