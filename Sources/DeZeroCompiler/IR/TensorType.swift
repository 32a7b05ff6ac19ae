import DeZeroArray

/// The type of an IR value: a dtype and a static shape, printed `f32[30,10]` (`f64[]` for a 0-d
/// array).
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
    /// The element type.
    public var dtype: DType
    /// The length of each axis.
    public var shape: [Int]

    /// The type of `dtype` elements in `shape`.
    public init(_ dtype: DType, _ shape: [Int]) {
        self.dtype = dtype
        self.shape = shape
    }

    /// The type of `array`.
    public init(of array: NDArray) {
        self.init(array.dtype, array.shape)
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// `f32[30,10]`.
    public var description: String {
        "\(dtype.irName)[\(shape.map(String.init).joined(separator: ","))]"
    }
}

extension DType {
    /// The dtype's short name in IR text: `f32`, `f64`, `i64`, `bool`.
    public var irName: String {
        switch self {
        case .float32: "f32"
        case .float64: "f64"
        case .int64: "i64"
        case .bool: "bool"
        }
    }

    /// The dtype named `name` in IR text, if any.
    public init?(irName name: String) {
        switch name {
        case "f32": self = .float32
        case "f64": self = .float64
        case "i64": self = .int64
        case "bool": self = .bool
        default: return nil
        }
    }
}
