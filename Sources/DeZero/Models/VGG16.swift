import DeZeroArray

/// VGG-16 (Simonyan & Zisserman, 2014) for 224 x 224 RGB images and 1000 classes, with DeZero's
/// layer names so that its pretrained `vgg16.npz` loads (DeZero's `models.VGG16`).
///
/// Thirteen 3 x 3 convolutions with ReLU in five blocks, each block ending in 2 x 2 max
/// pooling, then three fully connected layers (dropout after `fc6` and `fc7` in training
/// mode). All sizes are inferred at the first call; at 224 x 224 the model has 138,357,544
/// parameters. The property names are the weight-file keys (`conv1_1/W`, ..., `fc8/b`).
open class VGG16: Model {
    /// Where DeZero's pretrained weights are published.
    public static let weightsURL = "https://github.com/koki0702/dezero-models/releases/download/v0.1/vgg16.npz"

    /// Block 1, 64 channels.
    public let conv1_1 = L.Conv2d(64, kernelSize: 3, stride: 1, pad: 1)
    /// Block 1, 64 channels.
    public let conv1_2 = L.Conv2d(64, kernelSize: 3, stride: 1, pad: 1)
    /// Block 2, 128 channels.
    public let conv2_1 = L.Conv2d(128, kernelSize: 3, stride: 1, pad: 1)
    /// Block 2, 128 channels.
    public let conv2_2 = L.Conv2d(128, kernelSize: 3, stride: 1, pad: 1)
    /// Block 3, 256 channels.
    public let conv3_1 = L.Conv2d(256, kernelSize: 3, stride: 1, pad: 1)
    /// Block 3, 256 channels.
    public let conv3_2 = L.Conv2d(256, kernelSize: 3, stride: 1, pad: 1)
    /// Block 3, 256 channels.
    public let conv3_3 = L.Conv2d(256, kernelSize: 3, stride: 1, pad: 1)
    /// Block 4, 512 channels.
    public let conv4_1 = L.Conv2d(512, kernelSize: 3, stride: 1, pad: 1)
    /// Block 4, 512 channels.
    public let conv4_2 = L.Conv2d(512, kernelSize: 3, stride: 1, pad: 1)
    /// Block 4, 512 channels.
    public let conv4_3 = L.Conv2d(512, kernelSize: 3, stride: 1, pad: 1)
    /// Block 5, 512 channels.
    public let conv5_1 = L.Conv2d(512, kernelSize: 3, stride: 1, pad: 1)
    /// Block 5, 512 channels.
    public let conv5_2 = L.Conv2d(512, kernelSize: 3, stride: 1, pad: 1)
    /// Block 5, 512 channels.
    public let conv5_3 = L.Conv2d(512, kernelSize: 3, stride: 1, pad: 1)
    /// Fully connected, 4096 outputs.
    public let fc6 = L.Linear(4096)
    /// Fully connected, 4096 outputs.
    public let fc7 = L.Linear(4096)
    /// Fully connected, the 1000 class scores.
    public let fc8 = L.Linear(1000)

    /// A VGG-16 with random weights, drawn at the first call.
    override public init() {}

    /// A VGG-16 with DeZero's pretrained weights when `pretrained` (downloaded once from
    /// ``weightsURL`` into the cache directory, `~/.dezero`, as DeZero does).
    ///
    /// - Throws: ``DatasetError`` when the file cannot be fetched, `NDArrayIOError` or
    ///   ``WeightsError`` when it cannot be read or does not fit.
    public convenience init(pretrained: Bool) throws {
        self.init()
        if pretrained { try loadWeights(source: Self.weightsURL) }
    }

    /// A VGG-16 with the weights of a local `.npz` path or an `http(s)://` URL (see
    /// ``Layer/loadWeights(source:directory:)``).
    public convenience init(weights source: String) throws {
        self.init()
        try loadWeights(source: source)
    }

    /// The class scores of `x`, `(N, 3, 224, 224)` BGR images (see ``preprocess(_:dtype:)``).
    override open func forward(_ x: Variable) -> Variable {
        var x = x
        for block in [[conv1_1, conv1_2], [conv2_1, conv2_2], [conv3_1, conv3_2, conv3_3],
                      [conv4_1, conv4_2, conv4_3], [conv5_1, conv5_2, conv5_3]] {
            for conv in block { x = relu(conv(x)) }
            x = pooling(x, kernelSize: 2, stride: 2)
        }
        x = reshape(x, [x.shape[0], -1])
        x = dropout(relu(fc6(x)))
        x = dropout(relu(fc7(x)))
        return fc8(x)
    }

    /// An RGB image, `(H, W, 3)` (already resized, usually to 224 x 224), as the network's input:
    /// channels reversed to BGR, the ImageNet channel means subtracted, transposed to
    /// `(3, H, W)` (DeZero's `VGG16.preprocess`, without the PIL conversion and resizing).
    public static func preprocess(_ image: NDArray, dtype: DType = .float32) -> NDArray {
        require(
            image.ndim == 3 && image.shape[2] == 3,
            "VGG16.preprocess: expected an (H, W, 3) RGB image, got shape \(image.shape)")
        let bgr = image.astype(dtype)[NDSlice.all, NDSlice.all, NDSlice(step: -1)]
        let mean = NDArray([103.939, 116.779, 123.68]).astype(dtype)
        return (bgr - mean).transpose([2, 0, 1])
    }
}
