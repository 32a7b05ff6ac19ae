#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The spiral toy data of the book (step 48): 300 points in 2-D on three interleaved spiral arms,
/// shuffled. Returns `x` (`float32`, shape `(300, 2)`) and `t` (`int64` class 0, 1 or 2,
/// shape `(300,)`), the numbers DeZero's `get_spiral` returns.
///
/// Like DeZero this **reseeds the global generator** (`Random.seed(1984)` for training data,
/// `Random.seed(2020)` for test data), draws one `randn` per point arm by arm, then shuffles with
/// `Random.permutation(300)`; code that draws from `Random` afterwards sees the state this leaves.
public func getSpiral(train: Bool = true) -> (x: NDArray, t: NDArray) {
    Random.seed(train ? 1984 : 2020)
    let numData = 100, numClass = 3, inputDim = 2
    let dataSize = numClass * numData
    var x = [Float](repeating: 0, count: dataSize * inputDim)
    var t = [Int64](repeating: 0, count: dataSize)
    for j in 0..<numClass {
        for i in 0..<numData {
            let rate = Double(i) / Double(numData)
            let radius = 1.0 * rate
            let theta = Double(j) * 4.0 + 4.0 * rate + Random.randn().item() * 0.2
            let ix = numData * j + i
            x[ix * inputDim] = Float(radius * sin(theta))
            x[ix * inputDim + 1] = Float(radius * cos(theta))
            t[ix] = Int64(j)
        }
    }
    let indices = Random.permutation(dataSize)
    return (NDArray(x, shape: [dataSize, inputDim])[indices], NDArray(t, shape: [dataSize])[indices])
}

/// The spiral toy dataset (DeZero's `datasets.Spiral`): ``getSpiral(train:)`` as a dataset of
/// 300 examples, `x` a `float32` point of shape `(2,)` and `t` its `int64` class (0-d).
/// Making one reseeds the global generator, as in DeZero.
public struct Spiral: ArrayDataset, Sendable {
    /// Whether this is the training split (seed 1984) or the test split (seed 2020).
    public let train: Bool
    /// The points, `float32`, shape `(300, 2)`.
    public let data: NDArray
    /// The classes, `int64`, shape `(300,)`.
    public let label: NDArray
    /// Applied to each point as it is read.
    public var transform: (any Transform)?
    /// Applied to each class as it is read.
    public var targetTransform: (any Transform)?

    /// The training (`train: true`) or test spiral.
    public init(train: Bool = true, transform: (any Transform)? = nil, targetTransform: (any Transform)? = nil) {
        self.train = train
        (data, label) = getSpiral(train: train)
        self.transform = transform
        self.targetTransform = targetTransform
    }
}
