/// Converts an array to a dtype, as DeZero's `transforms.AsType` (NumPy's `astype`: floats
/// become integers by truncation toward zero).
public struct AsType: Transform {
    /// The dtype produced.
    public var dtype: DType

    /// A conversion to `dtype`, `float32` by default as in DeZero.
    public init(_ dtype: DType = .float32) {
        self.dtype = dtype
    }

    /// `array.astype(dtype)`.
    public func callAsFunction(_ array: NDArray) -> NDArray { array.astype(dtype) }
}

/// DeZero's `ToFloat`, another name for ``AsType``: `ToFloat()` converts to `float32`.
public typealias ToFloat = AsType

/// Converts an array to an integer dtype, as DeZero's `transforms.ToInt`: `int64` by default
/// (NumPy's `int` on Linux), floats truncated toward zero.
public struct ToInt: Transform {
    /// The dtype produced.
    public var dtype: DType

    /// A conversion to `dtype`, `int64` by default.
    public init(_ dtype: DType = .int64) {
        self.dtype = dtype
    }

    /// `array.astype(dtype)`.
    public func callAsFunction(_ array: NDArray) -> NDArray { array.astype(dtype) }
}
