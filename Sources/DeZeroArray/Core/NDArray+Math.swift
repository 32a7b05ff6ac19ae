/// An elementwise function of one array (a NumPy ufunc of one input).
public enum UnaryFunction: String, Sendable {
    case exp, log, sin, cos, tan, tanh, sqrt
}

extension NDArray {
    /// Applies a transcendental `function` elementwise; integer and bool inputs give `float64`.
    public func apply(_ function: UnaryFunction) -> NDArray {
        switch dtype {
        case .float32: return apply(function, Float.self)
        case .float64: return apply(function, Double.self)
        case .int64, .bool: return astype(.float64).apply(function, Double.self)
        }
    }

    @inlinable
    func apply<T: NDFloat>(_ function: UnaryFunction, _: T.Type) -> NDArray {
        switch function {
        case .exp: map(T.self, T.self, T.exp)
        case .log: map(T.self, T.self, T.log)
        case .sin: map(T.self, T.self, T.sin)
        case .cos: map(T.self, T.self, T.cos)
        case .tan: map(T.self, T.self, T.tan)
        case .tanh: map(T.self, T.self, T.tanh)
        case .sqrt: map(T.self, T.self) { $0.squareRoot() }
        }
    }

    /// Elementwise negation, keeping the dtype (bool arrays are negated as int64).
    public func negative() -> NDArray {
        switch dtype {
        case .float32: map(Float.self, Float.self) { -$0 }
        case .float64: map(Double.self, Double.self) { -$0 }
        case .int64: map(Int64.self, Int64.self) { 0 &- $0 }
        case .bool: astype(.int64).negative()
        }
    }

    /// Elementwise absolute value, keeping the dtype.
    public func abs() -> NDArray {
        switch dtype {
        case .float32: map(Float.self, Float.self) { Swift.abs($0) }
        case .float64: map(Double.self, Double.self) { Swift.abs($0) }
        case .int64: map(Int64.self, Int64.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .bool: self
        }
    }

    /// Elementwise sign (-1, 0 or 1; NaN stays NaN), keeping the dtype, as `np.sign`.
    public func sign() -> NDArray {
        switch dtype {
        case .float32: map(Float.self, Float.self) { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 == 0 ? 0 : $0 }
        case .float64: map(Double.self, Double.self) { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 == 0 ? 0 : $0 }
        case .int64: map(Int64.self, Int64.self) { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }
        case .bool: self
        }
    }

    /// Elementwise square, keeping the dtype, as `np.square`.
    public func square() -> NDArray { NDArray.apply(.multiply, self, self) }
}

/// Elementwise e**x.
public func exp(_ x: NDArray) -> NDArray { x.apply(.exp) }
/// Elementwise natural logarithm.
public func log(_ x: NDArray) -> NDArray { x.apply(.log) }
/// Elementwise sine.
public func sin(_ x: NDArray) -> NDArray { x.apply(.sin) }
/// Elementwise cosine.
public func cos(_ x: NDArray) -> NDArray { x.apply(.cos) }
/// Elementwise tangent.
public func tan(_ x: NDArray) -> NDArray { x.apply(.tan) }
/// Elementwise hyperbolic tangent.
public func tanh(_ x: NDArray) -> NDArray { x.apply(.tanh) }
/// Elementwise square root.
public func sqrt(_ x: NDArray) -> NDArray { x.apply(.sqrt) }
/// Elementwise absolute value.
public func abs(_ x: NDArray) -> NDArray { x.abs() }
/// Elementwise sign.
public func sign(_ x: NDArray) -> NDArray { x.sign() }
/// Elementwise `x ** y` with broadcasting.
public func pow(_ x: NDArray, _ y: NDArray) -> NDArray { NDArray.apply(.power, x, y) }
/// Elementwise `x ** y` with a weak scalar exponent.
public func pow(_ x: NDArray, _ y: Double) -> NDArray { x.pow(y) }
