/// Which view of which buffer an array is: two arrays with equal identities hold the same
/// elements, because they read the same storage the same way. A tracer tells arrays apart by it.
public struct ArrayIdentity: Hashable, Sendable {
    /// The storage object's identity.
    public let storage: ObjectIdentifier
    /// The element offset into the storage.
    public let offset: Int
    /// The shape.
    public let shape: [Int]
    /// The strides.
    public let strides: [Int]
    /// The dtype.
    public let dtype: DType
}

extension NDArray {
    /// This view's identity.
    public var identity: ArrayIdentity {
        ArrayIdentity(storage: ObjectIdentifier(storage), offset: offset, shape: shape, strides: strides, dtype: dtype)
    }

    /// The identity of the buffer this array views (shared by all its views).
    public var storageIdentity: ObjectIdentifier { ObjectIdentifier(storage) }
}
