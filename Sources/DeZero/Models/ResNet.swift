import DeZeroArray

/// ResNet-50, -101 or -152 (He et al., 2015) for 224 x 224 RGB images and 1000 classes, with
/// DeZero's layer names so that its pretrained `resnet<N>.npz` files load (DeZero's
/// `models.ResNet`).
///
/// A 7 x 7 convolution with batch norm and 3 x 3 max pooling, four stages of bottleneck blocks
/// (`res2` to `res5`), global average pooling and a fully connected layer. Downsampling uses
/// stride 2 on the first 1 x 1 convolution of each stage, as the original MSRA ResNet.
///
/// Upstream's pip release (0.0.13) passes Chainer's argument order to `L.Conv2d` and cannot
/// build this model; this is the architecture of upstream's later fix (input channels inferred
/// at the first call).
open class ResNet: Model {
    /// Where DeZero's pretrained weights for `nLayers` layers are published.
    public static func weightsURL(nLayers: Int) -> String {
        "https://github.com/koki0702/dezero-models/releases/download/v0.1/resnet\(nLayers).npz"
    }

    /// The depth: 50, 101 or 152.
    public let nLayers: Int
    /// The first convolution: 64 channels, 7 x 7, stride 2, padding 3, with bias.
    public let conv1: L.Conv2d
    /// The batch norm after `conv1`.
    public let bn1: L.BatchNorm
    /// Stage 2: 256 channels.
    public let res2: BuildingBlock
    /// Stage 3: 512 channels, halves the resolution.
    public let res3: BuildingBlock
    /// Stage 4: 1024 channels, halves the resolution.
    public let res4: BuildingBlock
    /// Stage 5: 2048 channels, halves the resolution.
    public let res5: BuildingBlock
    /// The classifier: 1000 outputs.
    public let fc6: L.Linear

    /// The number of bottlenecks in each stage, for the supported depths.
    public static let stageDepths: [Int: [Int]] = [50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]]

    /// A ResNet with `nLayers` (50, 101 or 152) layers and random weights, drawn at the first call.
    public init(nLayers: Int = 152) {
        guard let blocks = Self.stageDepths[nLayers] else {
            misuse("ResNet: nLayers must be 50, 101 or 152, got \(nLayers)")
        }
        self.nLayers = nLayers
        conv1 = L.Conv2d(64, kernelSize: 7, stride: 2, pad: 3)
        bn1 = L.BatchNorm()
        res2 = BuildingBlock(nLayers: blocks[0], inChannels: 64, midChannels: 64, outChannels: 256, stride: 1)
        res3 = BuildingBlock(nLayers: blocks[1], inChannels: 256, midChannels: 128, outChannels: 512, stride: 2)
        res4 = BuildingBlock(nLayers: blocks[2], inChannels: 512, midChannels: 256, outChannels: 1024, stride: 2)
        res5 = BuildingBlock(nLayers: blocks[3], inChannels: 1024, midChannels: 512, outChannels: 2048, stride: 2)
        fc6 = L.Linear(1000)
    }

    /// A ResNet with DeZero's pretrained weights when `pretrained` (downloaded once from
    /// ``weightsURL(nLayers:)`` into the cache directory, `~/.dezero`).
    ///
    /// - Throws: ``DatasetError``, `NDArrayIOError` or ``WeightsError``.
    public convenience init(nLayers: Int = 152, pretrained: Bool) throws {
        self.init(nLayers: nLayers)
        if pretrained { try loadWeights(source: Self.weightsURL(nLayers: nLayers)) }
    }

    /// A ResNet with the weights of a local `.npz` path or an `http(s)://` URL.
    public convenience init(nLayers: Int = 152, weights source: String) throws {
        self.init(nLayers: nLayers)
        try loadWeights(source: source)
    }

    /// The class scores of `x`, `(N, 3, H, W)` images.
    override open func forward(_ x: Variable) -> Variable {
        var x = relu(bn1(conv1(x)))
        x = pooling(x, kernelSize: 3, stride: 2)
        x = res2(x)
        x = res3(x)
        x = res4(x)
        x = res5(x)
        return fc6(globalAveragePooling2d(x))
    }
}

/// The mean of each channel over the whole image: `(N, C, H, W)` to `(N, C)`.
private func globalAveragePooling2d(_ x: Variable) -> Variable {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    return reshape(averagePooling(x, kernelSize: (h, w), stride: (1, 1)), [n, c])
}

/// ResNet-50 (see ``ResNet``).
public final class ResNet50: ResNet {
    /// A ResNet-50 with random weights.
    public init() { super.init(nLayers: 50) }
    /// A ResNet-50 with DeZero's pretrained weights when `pretrained`.
    public convenience init(pretrained: Bool) throws {
        self.init()
        if pretrained { try loadWeights(source: ResNet.weightsURL(nLayers: 50)) }
    }
}

/// ResNet-101 (see ``ResNet``).
public final class ResNet101: ResNet {
    /// A ResNet-101 with random weights.
    public init() { super.init(nLayers: 101) }
    /// A ResNet-101 with DeZero's pretrained weights when `pretrained`.
    public convenience init(pretrained: Bool) throws {
        self.init()
        if pretrained { try loadWeights(source: ResNet.weightsURL(nLayers: 101)) }
    }
}

/// ResNet-152 (see ``ResNet``).
public final class ResNet152: ResNet {
    /// A ResNet-152 with random weights.
    public init() { super.init(nLayers: 152) }
    /// A ResNet-152 with DeZero's pretrained weights when `pretrained`.
    public convenience init(pretrained: Bool) throws {
        self.init()
        if pretrained { try loadWeights(source: ResNet.weightsURL(nLayers: 152)) }
    }
}
