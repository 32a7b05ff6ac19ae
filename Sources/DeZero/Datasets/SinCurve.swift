#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A sampled sine wave for sequence prediction (book step 59, DeZero's `datasets.SinCurve`):
/// example `i` is the curve's value at step `i` and its target the value at step `i + 1`, both
/// `float64` of shape `(1,)`; 999 examples.
///
/// The curve is `sin` on 1000 points of `linspace(0, 2π)` plus uniform noise in [-0.05, 0.05)
/// for training, `cos` on the same points for testing. As in DeZero the noise comes from the
/// **global** generator (not reseeded) and is drawn for the test split too, so seed `Random`
/// first for repeatable numbers.
public struct SinCurve: ArrayDataset, Sendable {
    /// Whether this is the noisy sine (training) or the clean cosine (test).
    public let train: Bool
    /// The curve without its last point, `float64`, shape `(999, 1)`.
    public let data: NDArray
    /// The curve without its first point, `float64`, shape `(999, 1)`.
    public let label: NDArray
    /// Applied to each input as it is read.
    public var transform: (any Transform)?
    /// Applied to each target as it is read.
    public var targetTransform: (any Transform)?

    /// The training (noisy sine) or test (cosine) curve.
    public init(train: Bool = true, transform: (any Transform)? = nil, targetTransform: (any Transform)? = nil) {
        let numData = 1000
        let x = NDArray.linspace(0, 2 * Double.pi, num: numData).scalars(as: Double.self)
        let noise = Random.uniform(low: -0.05, high: 0.05, shape: [numData]).scalars(as: Double.self)
        let y = train ? zip(x, noise).map { sin($0) + $1 } : x.map { cos($0) }
        self.train = train
        data = NDArray(Array(y.dropLast()), shape: [numData - 1, 1])
        label = NDArray(Array(y.dropFirst()), shape: [numData - 1, 1])
        self.transform = transform
        self.targetTransform = targetTransform
    }
}
