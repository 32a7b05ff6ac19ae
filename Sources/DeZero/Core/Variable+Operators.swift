import DeZeroArray

/// Python's `**`: `x ** 2` is `pow(x, 2)`.
infix operator ** : ExponentiationPrecedence

/// Binds tighter than `*`, and right to left, as in Python.
precedencegroup ExponentiationPrecedence {
    associativity: right
    higherThan: MultiplicationPrecedence
}

/// A Variable wrapping `value`, as DeZero's `as_variable`.
public func asVariable(_ value: Variable) -> Variable { value }
/// A Variable wrapping an array, as DeZero's `as_variable`.
public func asVariable(_ value: NDArray) -> Variable { Variable(value) }
/// A Variable wrapping a 0-d float64 array (a weak scalar: it keeps a float32 partner float32).
public func asVariable(_ value: Double) -> Variable { Variable(NDArray(scalar: value)) }
/// A Variable wrapping a 0-d int64 array.
public func asVariable(_ value: Int) -> Variable { Variable(NDArray(scalar: Int64(value))) }

// As in DeZero, a number or array on the left of `+` and `*` becomes the function's second
// input (Python's `__radd__`/`__rmul__`), so graphs match the Python ones node for node.
extension Variable {
    /// Sum (function `Add`).
    public static func + (a: Variable, b: Variable) -> Variable { add(a, b) }
    /// Sum with an array.
    public static func + (a: Variable, b: NDArray) -> Variable { add(a, asVariable(b)) }
    /// Sum with an array on the left.
    public static func + (a: NDArray, b: Variable) -> Variable { add(b, asVariable(a)) }
    /// Sum with a scalar.
    public static func + (a: Variable, b: Double) -> Variable { add(a, asVariable(b)) }
    /// Sum with a scalar on the left.
    public static func + (a: Double, b: Variable) -> Variable { add(b, asVariable(a)) }

    /// Difference (function `Sub`).
    public static func - (a: Variable, b: Variable) -> Variable { sub(a, b) }
    /// Difference with an array.
    public static func - (a: Variable, b: NDArray) -> Variable { sub(a, asVariable(b)) }
    /// Difference with an array on the left.
    public static func - (a: NDArray, b: Variable) -> Variable { sub(asVariable(a), b) }
    /// Difference with a scalar.
    public static func - (a: Variable, b: Double) -> Variable { sub(a, asVariable(b)) }
    /// Difference with a scalar on the left.
    public static func - (a: Double, b: Variable) -> Variable { sub(asVariable(a), b) }

    /// Product (function `Mul`).
    public static func * (a: Variable, b: Variable) -> Variable { mul(a, b) }
    /// Product with an array.
    public static func * (a: Variable, b: NDArray) -> Variable { mul(a, asVariable(b)) }
    /// Product with an array on the left.
    public static func * (a: NDArray, b: Variable) -> Variable { mul(b, asVariable(a)) }
    /// Product with a scalar.
    public static func * (a: Variable, b: Double) -> Variable { mul(a, asVariable(b)) }
    /// Product with a scalar on the left.
    public static func * (a: Double, b: Variable) -> Variable { mul(b, asVariable(a)) }

    /// Quotient (function `Div`).
    public static func / (a: Variable, b: Variable) -> Variable { div(a, b) }
    /// Quotient by an array.
    public static func / (a: Variable, b: NDArray) -> Variable { div(a, asVariable(b)) }
    /// Quotient of an array.
    public static func / (a: NDArray, b: Variable) -> Variable { div(asVariable(a), b) }
    /// Quotient by a scalar.
    public static func / (a: Variable, b: Double) -> Variable { div(a, asVariable(b)) }
    /// Quotient of a scalar.
    public static func / (a: Double, b: Variable) -> Variable { div(asVariable(a), b) }

    /// Negation (function `Neg`).
    public static prefix func - (a: Variable) -> Variable { neg(a) }

    /// `a ** c` (function `Pow`).
    public static func ** (a: Variable, c: Double) -> Variable { pow(a, c) }
}
