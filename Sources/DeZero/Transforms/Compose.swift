/// Several transforms applied in order, as DeZero's `transforms.Compose`: `Compose([Flatten(),
/// ToFloat(), Normalize(mean: 0, std: 255)])` is MNIST's default. An empty list changes nothing.
public struct Compose: Transform {
    /// The transforms, first applied first.
    public var transforms: [any Transform]

    /// Chains `transforms`, first applied first.
    public init(_ transforms: [any Transform] = []) {
        self.transforms = transforms
    }

    /// `array` passed through every transform in turn.
    public func callAsFunction(_ array: NDArray) -> NDArray {
        transforms.reduce(array) { value, transform in transform(value) }
    }
}
