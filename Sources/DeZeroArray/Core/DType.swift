/// The element type of an ``NDArray``, chosen at run time as in NumPy.
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
    /// NumPy's `bool_`: one byte, 0 or 1.
    case bool
    /// NumPy's `int64`.
    case int64
    /// NumPy's `float32`.
    case float32
    /// NumPy's `float64`, the default for floating-point data.
    case float64

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool: 1
        case .int64, .float64: 8
        case .float32: 4
        }
    }

    /// Whether elements are floating-point numbers.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// NumPy's kind order used by type promotion: bool < integer < floating.
    public var kind: Int {
        switch self {
        case .bool: 0
        case .int64: 1
        case .float32, .float64: 2
        }
    }

    /// The name NumPy prints, e.g. `float32`.
    public var description: String { rawValue }

    /// NumPy's array-protocol type string (little endian), as stored in `.npy` headers.
    public var numpyDescr: String {
        switch self {
        case .bool: "|b1"
        case .int64: "<i8"
        case .float32: "<f4"
        case .float64: "<f8"
        }
    }

    /// The smallest type both `a` and `b` convert to without loss, as `np.promote_types`.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        switch (a, b) {
        case (.bool, let other), (let other, .bool): return other
        case (.int64, .float32), (.float32, .int64): return .float64
        default: return .float64
        }
    }

    /// The result type of a binary operation between arrays shaped `shapeA` and `shapeB`.
    ///
    /// NumPy before 2.0 (the one the Python DeZero runs on) treats a 0-d operand as a "weak"
    /// scalar: when its kind is no higher than the other operand's, the other operand's type wins,
    /// so `float32 array * 2.0` stays `float32`. Swift number literals become such 0-d arrays.
    public static func result(_ a: DType, rankA: Int, _ b: DType, rankB: Int) -> DType {
        if rankA == 0 && rankB > 0 && a.kind <= b.kind { return b }
        if rankB == 0 && rankA > 0 && b.kind <= a.kind { return a }
        return promote(a, b)
    }
}
