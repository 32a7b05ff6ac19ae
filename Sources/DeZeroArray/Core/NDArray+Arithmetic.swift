/// A broadcasting binary operation on arrays (a NumPy ufunc of two inputs).
public enum BinaryOperation: String, Sendable {
    case add, subtract, multiply, divide, power, maximum, minimum
}

/// An elementwise comparison producing a `bool` array.
public enum Comparison: String, Sendable {
    case equal, notEqual = "not_equal", less, lessEqual = "less_equal", greater, greaterEqual = "greater_equal"
}

extension NDArray {
    /// Applies `operation` elementwise with broadcasting and NumPy's (pre-2.0) type promotion.
    ///
    /// `divide` on integers gives `float64` (true division). On two `bool` operands `add` is a
    /// logical or and `multiply` a logical and, as in NumPy; `subtract` and `power` (which NumPy
    /// refuses, or does in int8) are done in `int64`.
    public static func apply(_ operation: BinaryOperation, _ a: NDArray, _ b: NDArray) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.binary(operation), [a, b]) { return result }
        // Two float64 scalars (autograd on scalars does little else): no broadcasting machinery.
        if a.ndim == 0 && b.ndim == 0 && a.dtype == .float64 && b.dtype == .float64 {
            let x = a.base(Double.self).pointee, y = b.base(Double.self).pointee
            let r: Double = switch operation {
            case .add: x + y
            case .subtract: x - y
            case .multiply: x * y
            case .divide: x / y
            case .power: y == 2 ? x * x : Double.pow(x, y)
            case .maximum: x > y || x.isNaN ? x : y
            case .minimum: x < y || x.isNaN ? x : y
            }
            return NDArray(scalar: r)
        }
        var dtype = resultType(a, b)
        if operation == .divide && !dtype.isFloatingPoint { dtype = .float64 }
        if dtype == .bool && (operation == .subtract || operation == .power) { dtype = .int64 }
        let shape = broadcastShapes(a.shape, b.shape, in: operation.rawValue)
        let x = a.astype(dtype), y = b.astype(dtype)
        switch dtype {
        case .float32: return floatOperation(operation, x, y, shape, Float.self)
        case .float64: return floatOperation(operation, x, y, shape, Double.self)
        case .int64: return integerOperation(operation, x, y, shape)
        case .bool:
            let or = operation == .maximum || operation == .add
            return zipMap(x, y, shape: shape, Bool.self, Bool.self) { or ? ($0 || $1) : ($0 && $1) }
        }
    }

    /// The result dtype of a binary operation, as NumPy 1.x: ``DType/result(_:rankA:_:rankB:)``,
    /// except that NumPy looks at the value of a 0-d operand beside a `float32` array: an integer
    /// outside [-32768, 65535] (no int16/uint16 holds it) or a finite float of magnitude 3.4e38
    /// or more gives `float64`, as `np.ones(2, np.float32) + 70000` does.
    static func resultType(_ a: NDArray, _ b: NDArray) -> DType {
        let dtype = DType.result(a.dtype, rankA: a.ndim, b.dtype, rankB: b.ndim)
        guard dtype == .float32, (a.ndim == 0) != (b.ndim == 0) else { return dtype }
        let s = a.ndim == 0 ? a : b
        let v = s.item()
        switch s.dtype {
        case .int64 where v < -32768 || v > 65535: return .float64
        case .float64 where v.isFinite && Swift.abs(v) >= 3.4e38: return .float64
        default: return dtype
        }
    }

    @inlinable
    static func floatOperation<T: NDFloat>(
        _ operation: BinaryOperation, _ x: NDArray, _ y: NDArray, _ shape: [Int], _: T.Type,
        into destination: NDArray? = nil
    ) -> NDArray {
        let d = destination
        return switch operation {
        case .add: zipMap(x, y, shape: shape, T.self, T.self, into: d, +)
        case .subtract: zipMap(x, y, shape: shape, T.self, T.self, into: d, -)
        case .multiply: zipMap(x, y, shape: shape, T.self, T.self, into: d, *)
        case .divide: zipMap(x, y, shape: shape, T.self, T.self, into: d, /)
        case .power:
            zipMap(x, y, shape: shape, T.self, T.self, into: d) { a, b in b == 2 ? a * a : T.pow(a, b) }
        case .maximum: zipMap(x, y, shape: shape, T.self, T.self, into: d) { a, b in a > b || a.isNaN ? a : b }
        case .minimum: zipMap(x, y, shape: shape, T.self, T.self, into: d) { a, b in a < b || a.isNaN ? a : b }
        }
    }

    static func integerOperation(
        _ operation: BinaryOperation, _ x: NDArray, _ y: NDArray, _ shape: [Int], into destination: NDArray? = nil
    ) -> NDArray {
        let d = destination
        return switch operation {
        case .add: zipMap(x, y, shape: shape, Int64.self, Int64.self, into: d, &+)
        case .subtract: zipMap(x, y, shape: shape, Int64.self, Int64.self, into: d, &-)
        case .multiply: zipMap(x, y, shape: shape, Int64.self, Int64.self, into: d, &*)
        case .divide: misuse("divide: integer operands are promoted to float64")
        case .power: zipMap(x, y, shape: shape, Int64.self, Int64.self, into: d, integerPower)
        case .maximum: zipMap(x, y, shape: shape, Int64.self, Int64.self, into: d, Swift.max)
        case .minimum: zipMap(x, y, shape: shape, Int64.self, Int64.self, into: d, Swift.min)
        }
    }

    /// `base ** exponent` for integers by repeated squaring (wrapping like NumPy's int64).
    static func integerPower(_ base: Int64, _ exponent: Int64) -> Int64 {
        require(exponent >= 0, "power: integers to negative integer powers are not allowed (got \(exponent)); use a float base")
        var result: Int64 = 1, b = base, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result &* b }
            b = b &* b
            e >>= 1
        }
        return result
    }

    /// Compares elementwise with broadcasting, in the promoted dtype.
    public static func compare(_ comparison: Comparison, _ a: NDArray, _ b: NDArray) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.compare(comparison), [a, b]) { return result }
        let dtype = resultType(a, b)
        let shape = broadcastShapes(a.shape, b.shape, in: comparison.rawValue)
        let x = a.astype(dtype), y = b.astype(dtype)
        switch dtype {
        case .float32: return compare(comparison, x, y, shape, Float.self)
        case .float64: return compare(comparison, x, y, shape, Double.self)
        case .int64: return compare(comparison, x, y, shape, Int64.self)
        case .bool:
            return compare(comparison, x.astype(.int64), y.astype(.int64), shape, Int64.self)
        }
    }

    @inlinable
    static func compare<T: NDElement & Comparable>(
        _ comparison: Comparison, _ x: NDArray, _ y: NDArray, _ shape: [Int], _: T.Type
    ) -> NDArray {
        switch comparison {
        case .equal: zipMap(x, y, shape: shape, T.self, Bool.self, ==)
        case .notEqual: zipMap(x, y, shape: shape, T.self, Bool.self, !=)
        case .less: zipMap(x, y, shape: shape, T.self, Bool.self, <)
        case .lessEqual: zipMap(x, y, shape: shape, T.self, Bool.self, <=)
        case .greater: zipMap(x, y, shape: shape, T.self, Bool.self, >)
        case .greaterEqual: zipMap(x, y, shape: shape, T.self, Bool.self, >=)
        }
    }
}

// MARK: - Operators

extension NDArray {
    /// Elementwise sum with broadcasting.
    public static func + (a: NDArray, b: NDArray) -> NDArray { apply(.add, a, b) }
    /// Elementwise difference with broadcasting.
    public static func - (a: NDArray, b: NDArray) -> NDArray { apply(.subtract, a, b) }
    /// Elementwise product with broadcasting.
    public static func * (a: NDArray, b: NDArray) -> NDArray { apply(.multiply, a, b) }
    /// Elementwise true division with broadcasting.
    public static func / (a: NDArray, b: NDArray) -> NDArray { apply(.divide, a, b) }
    /// Negation (NumPy's unary `-`).
    public static prefix func - (a: NDArray) -> NDArray { a.negative() }

    /// Array op Swift number: the number is a weak scalar (`float32 * 2.0` stays `float32`).
    public static func + (a: NDArray, b: Double) -> NDArray { a + NDArray(scalar: b) }
    /// Array minus a weak scalar.
    public static func - (a: NDArray, b: Double) -> NDArray { a - NDArray(scalar: b) }
    /// Array times a weak scalar.
    public static func * (a: NDArray, b: Double) -> NDArray { a * NDArray(scalar: b) }
    /// Array divided by a weak scalar.
    public static func / (a: NDArray, b: Double) -> NDArray { a / NDArray(scalar: b) }
    /// Weak scalar plus array.
    public static func + (a: Double, b: NDArray) -> NDArray { NDArray(scalar: a) + b }
    /// Weak scalar minus array.
    public static func - (a: Double, b: NDArray) -> NDArray { NDArray(scalar: a) - b }
    /// Weak scalar times array.
    public static func * (a: Double, b: NDArray) -> NDArray { NDArray(scalar: a) * b }
    /// Weak scalar divided by array.
    public static func / (a: Double, b: NDArray) -> NDArray { NDArray(scalar: a) / b }
    /// Array plus an integer scalar (keeps int64 arrays integral).
    public static func + (a: NDArray, b: Int) -> NDArray { a + NDArray(scalar: Int64(b)) }
    /// Array minus an integer scalar.
    public static func - (a: NDArray, b: Int) -> NDArray { a - NDArray(scalar: Int64(b)) }
    /// Array times an integer scalar.
    public static func * (a: NDArray, b: Int) -> NDArray { a * NDArray(scalar: Int64(b)) }
    /// Array divided by an integer scalar (true division).
    public static func / (a: NDArray, b: Int) -> NDArray { a / NDArray(scalar: Int64(b)) }
    /// Integer scalar plus array.
    public static func + (a: Int, b: NDArray) -> NDArray { NDArray(scalar: Int64(a)) + b }
    /// Integer scalar minus array.
    public static func - (a: Int, b: NDArray) -> NDArray { NDArray(scalar: Int64(a)) - b }
    /// Integer scalar times array.
    public static func * (a: Int, b: NDArray) -> NDArray { NDArray(scalar: Int64(a)) * b }
    /// Integer scalar divided by array.
    public static func / (a: Int, b: NDArray) -> NDArray { NDArray(scalar: Int64(a)) / b }

    /// In-place sum: the result keeps `a`'s dtype and shape, as NumPy's `a += b`.
    public static func += (a: inout NDArray, b: NDArray) { a.formApply(.add, b) }
    /// In-place difference.
    public static func -= (a: inout NDArray, b: NDArray) { a.formApply(.subtract, b) }
    /// In-place product.
    public static func *= (a: inout NDArray, b: NDArray) { a.formApply(.multiply, b) }
    /// In-place true division.
    public static func /= (a: inout NDArray, b: NDArray) { a.formApply(.divide, b) }
    /// In-place sum with a scalar.
    public static func += (a: inout NDArray, b: Double) { a += NDArray(scalar: b) }
    /// In-place difference with a scalar.
    public static func -= (a: inout NDArray, b: Double) { a -= NDArray(scalar: b) }
    /// In-place product with a scalar.
    public static func *= (a: inout NDArray, b: Double) { a *= NDArray(scalar: b) }
    /// In-place division by a scalar.
    public static func /= (a: inout NDArray, b: Double) { a /= NDArray(scalar: b) }
    /// In-place sum with an integer scalar (so `a += 1` is not ambiguous).
    public static func += (a: inout NDArray, b: Int) { a += NDArray(scalar: Int64(b)) }
    /// In-place difference with an integer scalar.
    public static func -= (a: inout NDArray, b: Int) { a -= NDArray(scalar: Int64(b)) }
    /// In-place product with an integer scalar.
    public static func *= (a: inout NDArray, b: Int) { a *= NDArray(scalar: Int64(b)) }
    /// In-place division by an integer scalar.
    public static func /= (a: inout NDArray, b: Int) { a /= NDArray(scalar: Int64(b)) }

    /// Stores `result` into `self`, which must keep its shape; the dtype stays `self`'s.
    mutating func assignInPlace(_ result: NDArray, _ function: String) {
        require(
            result.shape == shape,
            "\(function) (in place): output of shape \(shape) cannot hold the broadcast result of shape \(result.shape)")
        self = result.astype(dtype)
    }

    /// `self = self <operation> b`, keeping `self`'s dtype and shape, as NumPy's in-place
    /// operators. When the operation computes in `self`'s dtype and `self` owns a contiguous
    /// buffer, the result is written into it (no new array); otherwise it is computed as usual
    /// and converted.
    mutating func formApply(_ operation: BinaryOperation, _ b: NDArray) {
        // A traced program sees the operation and the conversion; a backend computes it on a device.
        if Tracing.isActive || !device.isCPU || !b.device.isCPU {
            assignInPlace(NDArray.apply(operation, self, b), operation.rawValue)
            return
        }
        let computed = NDArray.resultType(self, b)
        let inPlace = computed == dtype && dtype != .bool && (operation != .divide || dtype.isFloatingPoint)
            && NDArray.broadcastShapes(shape, b.shape, in: operation.rawValue) == shape
        guard inPlace, isKnownUniquelyReferenced(&storage), isContiguous,
            storage.byteCount == size * dtype.itemSize
        else {
            assignInPlace(NDArray.apply(operation, self, b), operation.rawValue)
            return
        }
        let y = b.astype(dtype)
        switch dtype {
        case .float32: _ = NDArray.floatOperation(operation, self, y, shape, Float.self, into: self)
        case .float64: _ = NDArray.floatOperation(operation, self, y, shape, Double.self, into: self)
        case .int64: _ = NDArray.integerOperation(operation, self, y, shape, into: self)
        case .bool: misuse("formApply: bool arrays are not updated in place")
        }
    }

    /// Elementwise `self ** exponent`.
    public func pow(_ exponent: NDArray) -> NDArray { NDArray.apply(.power, self, exponent) }
    /// Elementwise `self ** exponent` with a weak scalar exponent.
    public func pow(_ exponent: Double) -> NDArray { NDArray.apply(.power, self, NDArray(scalar: exponent)) }

    /// Elementwise `==` as a bool array.
    public static func .== (a: NDArray, b: NDArray) -> NDArray { compare(.equal, a, b) }
    /// Elementwise `!=` as a bool array.
    public static func .!= (a: NDArray, b: NDArray) -> NDArray { compare(.notEqual, a, b) }
    /// Elementwise `<` as a bool array.
    public static func .< (a: NDArray, b: NDArray) -> NDArray { compare(.less, a, b) }
    /// Elementwise `<=` as a bool array.
    public static func .<= (a: NDArray, b: NDArray) -> NDArray { compare(.lessEqual, a, b) }
    /// Elementwise `>` as a bool array.
    public static func .> (a: NDArray, b: NDArray) -> NDArray { compare(.greater, a, b) }
    /// Elementwise `>=` as a bool array.
    public static func .>= (a: NDArray, b: NDArray) -> NDArray { compare(.greaterEqual, a, b) }
    /// Elementwise `==` with a scalar.
    public static func .== (a: NDArray, b: Double) -> NDArray { compare(.equal, a, NDArray(scalar: b)) }
    /// Elementwise `!=` with a scalar.
    public static func .!= (a: NDArray, b: Double) -> NDArray { compare(.notEqual, a, NDArray(scalar: b)) }
    /// Elementwise `<` with a scalar.
    public static func .< (a: NDArray, b: Double) -> NDArray { compare(.less, a, NDArray(scalar: b)) }
    /// Elementwise `<=` with a scalar.
    public static func .<= (a: NDArray, b: Double) -> NDArray { compare(.lessEqual, a, NDArray(scalar: b)) }
    /// Elementwise `>` with a scalar.
    public static func .> (a: NDArray, b: Double) -> NDArray { compare(.greater, a, NDArray(scalar: b)) }
    /// Elementwise `>=` with a scalar.
    public static func .>= (a: NDArray, b: Double) -> NDArray { compare(.greaterEqual, a, NDArray(scalar: b)) }
}

/// Elementwise maximum with broadcasting; NaN propagates, as `np.maximum`.
public func maximum(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.apply(.maximum, a, b) }
/// Elementwise minimum with broadcasting; NaN propagates, as `np.minimum`.
public func minimum(_ a: NDArray, _ b: NDArray) -> NDArray { NDArray.apply(.minimum, a, b) }
/// Elementwise maximum with a weak scalar.
public func maximum(_ a: NDArray, _ b: Double) -> NDArray { NDArray.apply(.maximum, a, NDArray(scalar: b)) }
/// Elementwise minimum with a weak scalar.
public func minimum(_ a: NDArray, _ b: Double) -> NDArray { NDArray.apply(.minimum, a, NDArray(scalar: b)) }

/// `a` limited to `[low, high]` elementwise, as `np.clip`.
public func clip(_ a: NDArray, _ low: Double, _ high: Double) -> NDArray {
    minimum(maximum(a, low), high)
}

/// Elements of `a` where `condition` is true and of `b` elsewhere, broadcasting all three, as `np.where`.
public func `where`(_ condition: NDArray, _ a: NDArray, _ b: NDArray) -> NDArray {
    if Tracing.intercepts, let result = Tracing.intercept(.select, [condition, a, b]) { return result }
    let dtype = NDArray.resultType(a, b)
    let shape = NDArray.broadcastShapes(
        NDArray.broadcastShapes(condition.shape, a.shape, in: "where"), b.shape, in: "where")
    let c = condition.astype(.bool), x = a.astype(dtype), y = b.astype(dtype)
    switch dtype {
    case .float32: return NDArray.zipMap3(c, x, y, shape: shape, Bool.self, Float.self, Float.self) { $0 ? $1 : $2 }
    case .float64: return NDArray.zipMap3(c, x, y, shape: shape, Bool.self, Double.self, Double.self) { $0 ? $1 : $2 }
    case .int64: return NDArray.zipMap3(c, x, y, shape: shape, Bool.self, Int64.self, Int64.self) { $0 ? $1 : $2 }
    case .bool: return NDArray.zipMap3(c, x, y, shape: shape, Bool.self, Bool.self, Bool.self) { $0 ? $1 : $2 }
    }
}

/// `where` with weak scalar branches.
public func `where`(_ condition: NDArray, _ a: Double, _ b: Double) -> NDArray {
    `where`(condition, NDArray(scalar: a), NDArray(scalar: b))
}
