/// The CIFAR-100 images (DeZero's `datasets.CIFAR100`): 50,000 training or 10,000 test color
/// images of 32x32 pixels in 100 fine classes grouped into 20 coarse ones.
///
/// Shapes and dtypes as ``CIFAR10``; `label` holds the fine or the coarse class, as chosen. The
/// files are the binary version (`cifar-100-binary.tar.gz` or its unpacked `cifar-100-binary`
/// folder), downloaded with a progress bar when missing.
public struct CIFAR100: ArrayDataset, Sendable {
    /// The archive's address.
    public static let url = "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"

    /// Which of the two labels of each image the dataset gives.
    public enum LabelType: Sendable {
        /// The 100 classes.
        case fine
        /// The 20 superclasses.
        case coarse
    }

    /// DeZero's default input transform: `float32`, then `(x - 0.5) / 0.5`.
    public static var defaultTransform: any Transform { CIFAR10.defaultTransform }

    /// The class names of `labelType`, by label (DeZero's `CIFAR100.labels`, whose fine list is
    /// empty; here it is the dataset's own).
    public static func labels(_ labelType: LabelType = .fine) -> [Int: String] {
        let names = labelType == .fine ? fineLabelNames : coarseLabelNames
        return Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.offset, $0.element) })
    }

    /// Whether this is the training split.
    public let train: Bool
    /// Which label `label` holds.
    public let labelType: LabelType
    /// The images, `float32` pixel values 0...255, shape `(N, 3, 32, 32)`.
    public let data: NDArray
    /// The fine or coarse classes, `int64`, shape `(N,)`.
    public let label: NDArray
    /// Applied to each image as it is read (by default ``defaultTransform``).
    public var transform: (any Transform)?
    /// Applied to each class as it is read.
    public var targetTransform: (any Transform)?

    /// Loads the training or test split from `dataDirectory` (`nil`:
    /// ``DataFiles/defaultDirectory``), downloading the archive from `url` when needed unless
    /// `download` is `false`.
    ///
    /// - Throws: ``DatasetError`` when the files are missing and cannot be downloaded, or are not
    ///   valid.
    public init(
        train: Bool = true, transform: (any Transform)? = CIFAR100.defaultTransform,
        targetTransform: (any Transform)? = nil, labelType: LabelType = .fine, dataDirectory: String? = nil,
        download: Bool = true, url: String = CIFAR100.url
    ) throws(DatasetError) {
        let layout = CIFARBinary.Layout(
            url: url, archive: "cifar-100-binary.tar.gz", folder: "cifar-100-binary", labelBytes: 2)
        (data, label) = try CIFARBinary.load(
            layout, names: [train ? "train.bin" : "test.bin"], labelIndex: labelType == .coarse ? 0 : 1,
            directory: dataDirectory, download: download)
        self.train = train
        self.labelType = labelType
        self.transform = transform
        self.targetTransform = targetTransform
    }

    static let coarseLabelNames = [
        "aquatic mammals", "fish", "flowers", "food containers", "fruit and vegetables",
        "household electrical device", "household furniture", "insects", "large carnivores",
        "large man-made outdoor things", "large natural outdoor scenes", "large omnivores and herbivores",
        "medium-sized mammals", "non-insect invertebrates", "people", "reptiles", "small mammals", "trees",
        "vehicles 1", "vehicles 2",
    ]

    static let fineLabelNames = [
        "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
        "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
        "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
        "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
        "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
        "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
        "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
        "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
        "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
        "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
    ]
}
