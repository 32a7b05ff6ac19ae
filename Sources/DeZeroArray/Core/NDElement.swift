/// A Swift type that can be the element of an ``NDArray``: `Bool`, `Int64`, `Float`, `Double`.
public protocol NDElement: Sendable, Equatable {
    /// The dtype storing this type.
    static var dtype: DType { get }
    /// Converts from `Double` as NumPy's `astype` would (truncation toward zero for integers).
    init(ndDouble value: Double)
    /// The value as `Double`.
    var ndDouble: Double { get }
}

extension Bool: NDElement {
    public static var dtype: DType { .bool }
    public init(ndDouble value: Double) { self = value != 0 }
    public var ndDouble: Double { self ? 1 : 0 }
}

extension Int64: NDElement {
    public static var dtype: DType { .int64 }
    public init(ndDouble value: Double) {
        self = value >= -0x1p63 && value < 0x1p63 ? Int64(value) : .min
    }
    public var ndDouble: Double { Double(self) }
}

extension Float: NDElement {
    public static var dtype: DType { .float32 }
    public init(ndDouble value: Double) { self = Float(value) }
    public var ndDouble: Double { Double(self) }
}

extension Double: NDElement {
    public static var dtype: DType { .float64 }
    public init(ndDouble value: Double) { self = value }
    public var ndDouble: Double { self }
}
