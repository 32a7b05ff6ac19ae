/// The CIFAR-10 images (DeZero's `datasets.CIFAR10`): 50,000 training or 10,000 test color images
/// of 32x32 pixels in ten classes.
///
/// `data` holds the pixels (0...255) as `float32` of shape `(N, 3, 32, 32)` and `label` the
/// classes as `int64` `(N,)`. The files are the "binary version" (`cifar-10-binary.tar.gz`; the
/// Python DeZero reads the pickled Python version): the archive in the data directory, or its
/// unpacked `cifar-10-batches-bin` folder, downloaded with a progress bar when missing.
public struct CIFAR10: ArrayDataset, Sendable {
    /// The archive's address.
    public static let url = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"

    /// DeZero's default input transform: `float32`, then `(x - 0.5) / 0.5`.
    public static var defaultTransform: any Transform {
        Compose([ToFloat(), Normalize(mean: 0.5, std: 0.5)])
    }

    /// The class names by label, as DeZero's `CIFAR10.labels()` (its "ariplane" spelled right).
    public static let labels: [Int: String] = Dictionary(
        uniqueKeysWithValues: ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
            .enumerated().map { ($0.offset, $0.element) })

    /// Whether this is the training split.
    public let train: Bool
    /// The images, `float32` pixel values 0...255, shape `(N, 3, 32, 32)`.
    public let data: NDArray
    /// The classes, `int64`, shape `(N,)`.
    public let label: NDArray
    /// Applied to each image as it is read (by default ``defaultTransform``).
    public var transform: (any Transform)?
    /// Applied to each class as it is read.
    public var targetTransform: (any Transform)?

    /// Loads the training (five batches) or test split from `dataDirectory` (`nil`:
    /// ``DataFiles/defaultDirectory``), downloading the archive from `url` when needed unless
    /// `download` is `false`.
    ///
    /// - Throws: ``DatasetError`` when the files are missing and cannot be downloaded, or are not
    ///   valid.
    public init(
        train: Bool = true, transform: (any Transform)? = CIFAR10.defaultTransform,
        targetTransform: (any Transform)? = nil, dataDirectory: String? = nil, download: Bool = true,
        url: String = CIFAR10.url
    ) throws(DatasetError) {
        let layout = CIFARBinary.Layout(
            url: url, archive: "cifar-10-binary.tar.gz", folder: "cifar-10-batches-bin", labelBytes: 1)
        let names = train ? (1...5).map { "data_batch_\($0).bin" } : ["test_batch.bin"]
        (data, label) = try CIFARBinary.load(
            layout, names: names, labelIndex: 0, directory: dataDirectory, download: download)
        self.train = train
        self.transform = transform
        self.targetTransform = targetTransform
    }
}
