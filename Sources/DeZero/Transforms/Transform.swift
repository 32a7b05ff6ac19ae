/// A function applied to each example of a dataset as it is read, DeZero's transform callables
/// (`dataset.transform`, `dataset.target_transform`).
///
/// Conforming types are small values called like functions: `Flatten()(x)`. Chain several with
/// ``Compose``; wrap a closure with ``AnyTransform``.
public protocol Transform: Sendable {
    /// The transformed array.
    func callAsFunction(_ array: NDArray) -> NDArray
}

/// A transform made from a closure, for one-off preprocessing that no named transform covers:
/// `AnyTransform { $0 * 2.0 }`. (Python DeZero accepts any callable; this is that.)
public struct AnyTransform: Transform {
    /// The wrapped function.
    public let body: @Sendable (NDArray) -> NDArray

    /// A transform that calls `body`.
    public init(_ body: @escaping @Sendable (NDArray) -> NDArray) {
        self.body = body
    }

    /// `body(array)`.
    public func callAsFunction(_ array: NDArray) -> NDArray { body(array) }
}
