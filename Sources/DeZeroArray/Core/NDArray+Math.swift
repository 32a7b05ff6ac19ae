/// An elementwise function of one array (a NumPy ufunc of one input).
public enum UnaryOperation: String, Sendable {
    case exp, log, sin, cos, tan, tanh, sqrt

    /// The SIMD kernel computing this function, when there is one.
    var vectorized: VectorMath.Function? {
        switch self {
        case .exp: .exp
        case .log: .log
        case .sin: .sin
        case .cos: .cos
        case .tanh: .tanh
        case .tan, .sqrt: nil
        }
    }
}

extension NDArray {
    /// Applies a transcendental `function` elementwise; integer and bool inputs give `float64`.
    /// exp, log, tanh, sin and cos run on the SIMD kernels of `VectorMath`.
    public func apply(_ function: UnaryOperation) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.unary(function), [self]) { return result }
        switch (dtype, function.vectorized) {
        case (.float32, let kernel?): return vectorized(kernel, Float.self)
        case (.float64, let kernel?): return vectorized(kernel, Double.self)
        case (.float32, nil): return elementwise(function, Float.self)
        case (.float64, nil): return elementwise(function, Double.self)
        case (.int64, _), (.bool, _): return astype(.float64).apply(function)
        }
    }

    /// Runs the SIMD kernel of `function` over the elements into a new array.
    private func vectorized<T: VectorMathElement>(_ function: VectorMath.Function, _: T.Type) -> NDArray {
        let source = contiguous()
        let out = NDArray(uninitializedLike: source, dtype: dtype)
        withExtendedLifetime(source) { VectorMath.apply(function, source.base(T.self), out.base(T.self), count: size) }
        return out
    }

    /// The functions without a SIMD kernel, element by element.
    private func elementwise<T: NDFloat>(_ function: UnaryOperation, _: T.Type) -> NDArray {
        function == .tan ? map(T.self, T.self, T.tan) : map(T.self, T.self) { $0.squareRoot() }
    }

    /// Elementwise negation, keeping the dtype (bool arrays are negated as int64).
    public func negative() -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.negative, [self]) { return result }
        return switch dtype {
        case .float32: map(Float.self, Float.self) { -$0 }
        case .float64: map(Double.self, Double.self) { -$0 }
        case .int64: map(Int64.self, Int64.self) { 0 &- $0 }
        case .bool: astype(.int64).negative()
        }
    }

    /// Elementwise absolute value, keeping the dtype.
    public func abs() -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.abs, [self]) { return result }
        return switch dtype {
        case .float32: map(Float.self, Float.self) { Swift.abs($0) }
        case .float64: map(Double.self, Double.self) { Swift.abs($0) }
        case .int64: map(Int64.self, Int64.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .bool: self
        }
    }

    /// Elementwise sign (-1, 0 or 1; NaN stays NaN), keeping the dtype, as `np.sign`.
    public func sign() -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.sign, [self]) { return result }
        return switch dtype {
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

/// The logistic function as DeZero's `Sigmoid` computes it, `tanh(x * 0.5) * 0.5 + 0.5`: float
/// arrays in one pass, each step rounded as the separate operations round it; other dtypes
/// through those operations (giving `float64`). A 0-d float32 `x` gives float64, as NumPy 1.x
/// promotes a 0-d array times a Python float (`x * 0.5`, both 0-d) to float64; with `ndim >= 1`
/// the 0.5 is a weak scalar and float32 stays float32.
public func sigmoid(_ x: NDArray) -> NDArray {
    if Tracing.intercepts, let result = Tracing.intercept(.sigmoid, [x]) { return result }
    return switch x.dtype {
    case .float32 where x.ndim == 0: x.astype(.float64).logistic(Double.self)
    case .float32: x.logistic(Float.self)
    case .float64: x.logistic(Double.self)
    case .int64, .bool: tanh(x * 0.5) * 0.5 + 0.5
    }
}

extension NDArray {
    fileprivate func logistic<T: VectorMathElement>(_: T.Type) -> NDArray {
        let source = contiguous()
        let out = NDArray(uninitializedLike: source, dtype: dtype)
        let x = source.base(T.self), y = out.base(T.self), n = size
        withExtendedLifetime(source) {
            for i in 0..<n { y[i] = x[i] * 0.5 }
            VectorMath.apply(.tanh, y, y, count: n)
            for i in 0..<n { y[i] = y[i] * 0.5 + 0.5 }
        }
        return out
    }
}
