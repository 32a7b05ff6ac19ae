/// The MNIST handwritten digits (book step 51, DeZero's `datasets.MNIST`): 60,000 training or
/// 10,000 test images of 28x28 pixels with their digit.
///
/// `data` holds the pixels (0...255) as `float32` of shape `(N, 1, 28, 28)` and `label` the
/// digits as `int64` of shape `(N,)`. (DeZero keeps NumPy `uint8`; `NDArray` has no 8-bit
/// type, and `float32` holds every value exactly. The default transform gives the same `float32`
/// result either way, and `softmaxCrossEntropy`'s gradient keeps the scores' dtype whatever the
/// labels' dtype, so an MNIST model's gradients are `float32` as in DeZero.)
///
/// The four IDX files are read from the data directory (`~/.dezero` by default, see
/// ``DataFiles``), gzip-compressed as distributed or already uncompressed. Missing files are
/// downloaded from ``baseURL`` with a progress bar; offline, the thrown ``DatasetError`` says
/// where to put them. ``synthetic(train:count:seed:transform:targetTransform:)`` makes an
/// MNIST-shaped stand-in that needs no files.
public struct MNIST: ArrayDataset, Sendable {
    /// Where the files are downloaded from: the mirror DeZero uses since yann.lecun.com stopped
    /// serving them.
    public static let baseURL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
    /// The image and label files of the training split.
    public static let trainFiles = (images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz")
    /// The image and label files of the test split.
    public static let testFiles = (images: "t10k-images-idx3-ubyte.gz", labels: "t10k-labels-idx1-ubyte.gz")

    /// DeZero's default input transform: flatten to `(784,)`, `float32`, divide by 255.
    public static var defaultTransform: any Transform {
        Compose([Flatten(), ToFloat(), Normalize(mean: 0, std: 255)])
    }

    /// The class names, digit to text, as DeZero's `MNIST.labels()`.
    public static let labels: [Int: String] = Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, "\($0)") })

    /// Whether this is the training split.
    public let train: Bool
    /// The images, `float32` pixel values 0...255, shape `(N, 1, 28, 28)`.
    public let data: NDArray
    /// The digits, `int64`, shape `(N,)`.
    public let label: NDArray
    /// Applied to each image as it is read (by default ``defaultTransform``).
    public var transform: (any Transform)?
    /// Applied to each digit as it is read.
    public var targetTransform: (any Transform)?

    /// Loads the training or test split from `dataDirectory` (`nil`: ``DataFiles/defaultDirectory``),
    /// downloading missing files from `baseURL` (a folder URL ending in `/`) unless `download`
    /// is `false`.
    ///
    /// - Throws: ``DatasetError`` when a file is missing and cannot be downloaded, or is not a
    ///   valid (complete) IDX file, or the image and label files disagree.
    public init(
        train: Bool = true, transform: (any Transform)? = MNIST.defaultTransform,
        targetTransform: (any Transform)? = nil, dataDirectory: String? = nil, download: Bool = true,
        baseURL: String = MNIST.baseURL
    ) throws(DatasetError) {
        let files = train ? MNIST.trainFiles : MNIST.testFiles
        let imagesPath = try MNIST.locate(files.images, in: dataDirectory, download: download, from: baseURL)
        let labelsPath = try MNIST.locate(files.labels, in: dataDirectory, download: download, from: baseURL)
        let (images, labels) = try DataFiles.readingDownloads([imagesPath, labelsPath]) { () throws(DatasetError) in
            try MNIST.read(images: imagesPath, labels: labelsPath)
        }
        self.init(
            train: train, data: images.reshape([images.shape[0], 1, images.shape[1], images.shape[2]]),
            label: labels, transform: transform, targetTransform: targetTransform)
    }

    /// The images and labels of two IDX files, checked to fit together.
    private static func read(images imagesPath: String, labels labelsPath: String) throws(DatasetError)
        -> (images: NDArray, labels: NDArray)
    {
        let images = try IDX.load(imagesPath, dtype: .float32)
        let labels = try IDX.load(labelsPath, dtype: .int64)
        guard images.ndim == 3 else {
            throw .corruptFile(
                path: imagesPath, reason: "MNIST images must be 3-D (count, rows, columns), got shape \(images.shape)")
        }
        guard labels.ndim == 1 else {
            throw .corruptFile(path: labelsPath, reason: "MNIST labels must be 1-D, got shape \(labels.shape)")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw .corruptFile(
                path: labelsPath, reason: "\(labels.shape[0]) labels for the \(images.shape[0]) images of \(imagesPath)")
        }
        return (images, labels)
    }

    /// An MNIST dataset over arrays you provide: `data` shaped `(N, 1, H, W)` and `label` `(N,)`.
    public init(
        train: Bool, data: NDArray, label: NDArray, transform: (any Transform)? = MNIST.defaultTransform,
        targetTransform: (any Transform)? = nil
    ) {
        require(
            data.ndim == 4 && label.ndim == 1 && data.shape[0] == label.shape[0],
            "MNIST: data must be (N, 1, H, W) and label (N,) with the same N; got \(data.shape) and \(label.shape)")
        self.train = train
        self.data = data
        self.label = label
        self.transform = transform
        self.targetTransform = targetTransform
    }

    /// The path of `name` (or of its uncompressed version, when only that one is there) in the
    /// data directory, downloaded first when neither exists.
    static func locate(
        _ name: String, in directory: String?, download: Bool, from baseURL: String
    ) throws(DatasetError) -> String {
        let uncompressed = DataFiles.path(String(name.dropLast(3)), in: directory)
        if !DataFiles.fileExists(DataFiles.path(name, in: directory)) && DataFiles.fileExists(uncompressed) {
            return uncompressed
        }
        return try getFile(baseURL + name, fileName: name, directory: directory, download: download)
    }
}
