#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A floating-point ``NDElement`` (`Float`, `Double`) with the libm functions that have no SIMD
/// kernel in `VectorMath`.
public protocol NDFloat: NDElement, BinaryFloatingPoint {
    /// Tangent.
    static func tan(_ x: Self) -> Self
    /// `x` raised to `y`.
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: NDFloat {
    @inlinable public static func tan(_ x: Float) -> Float { tanf(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: NDFloat {
    @inlinable public static func tan(_ x: Double) -> Double { Glibc.tan(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
}
