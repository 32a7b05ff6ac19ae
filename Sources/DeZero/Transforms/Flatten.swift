/// Flattens an array to one dimension (a copy in C order), as DeZero's `transforms.Flatten`:
/// a `(1, 28, 28)` MNIST image becomes `(784,)`.
public struct Flatten: Transform {
    /// A flattening transform.
    public init() {}

    /// `array.flatten()`.
    public func callAsFunction(_ array: NDArray) -> NDArray { array.flatten() }
}
