/// Subtracts a mean and divides by a standard deviation, as DeZero's `transforms.Normalize`:
/// `(array - mean) / std`.
///
/// With numbers, NumPy's scalar rules apply: a `float32` array stays `float32`, an `int64` one
/// becomes `float64`. With one value per channel, the values become an array of the input's
/// dtype (so integer input truncates them, as in DeZero) shaped `[C, 1, 1, ...]`, which
/// broadcasts along the first axis: a `(3, 32, 32)` image takes three means.
public struct Normalize: Transform {
    /// The value subtracted: one number, or one per channel (first axis).
    public let mean: [Double]
    /// The divisor: one number, or one per channel (first axis).
    public let std: [Double]
    private let meanIsScalar: Bool
    private let stdIsScalar: Bool

    /// Normalizes every element with the same `mean` and `std` (DeZero's defaults 0 and 1).
    public init(mean: Double = 0, std: Double = 1) {
        self.mean = [mean]
        self.std = [std]
        meanIsScalar = true
        stdIsScalar = true
    }

    /// Normalizes channel `c` (index `c` of the first axis) with `mean[c]` and `std[c]`.
    /// A one-element list applies to every channel.
    public init(mean: [Double], std: [Double]) {
        require(!mean.isEmpty && !std.isEmpty, "Normalize: mean and std need at least one value each")
        self.mean = mean
        self.std = std
        meanIsScalar = false
        stdIsScalar = false
    }

    /// Normalizes each channel with its own `mean` and one `std` for all.
    public init(mean: [Double], std: Double) {
        self.init(mean: mean, std: [std])
    }

    /// Normalizes with one `mean` for all and each channel's own `std`.
    public init(mean: Double, std: [Double]) {
        self.init(mean: [mean], std: std)
    }

    /// `(array - mean) / std`.
    public func callAsFunction(_ array: NDArray) -> NDArray {
        let m = operand(mean, scalar: meanIsScalar, for: array, name: "mean")
        let s = operand(std, scalar: stdIsScalar, for: array, name: "std")
        return (array - m) / s
    }

    /// A Swift number (NumPy's weak scalar) or a per-channel array of `array`'s dtype.
    private func operand(_ values: [Double], scalar: Bool, for array: NDArray, name: String) -> NDArray {
        if scalar { return NDArray(scalar: values[0]) }
        require(
            array.ndim >= 1,
            "Normalize: per-channel \(name) needs an array with a channel axis; got a 0-d array")
        require(
            values.count == 1 || values.count == array.shape[0],
            "Normalize: \(values.count) values of \(name) for \(array.shape[0]) channels (array shape \(array.shape)); pass one value per channel along the first axis, or a single number")
        var shape = [Int](repeating: 1, count: array.ndim)
        shape[0] = values.count
        return NDArray(values, shape: shape).astype(array.dtype)
    }
}
