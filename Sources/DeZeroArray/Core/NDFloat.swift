#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A floating-point ``NDElement`` (`Float`, `Double`) with the libm functions kernels need.
public protocol NDFloat: NDElement, BinaryFloatingPoint {
    /// e raised to `x`.
    static func exp(_ x: Self) -> Self
    /// The natural logarithm.
    static func log(_ x: Self) -> Self
    /// Sine.
    static func sin(_ x: Self) -> Self
    /// Cosine.
    static func cos(_ x: Self) -> Self
    /// Tangent.
    static func tan(_ x: Self) -> Self
    /// Hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// `x` raised to `y`.
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: NDFloat {
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    @inlinable public static func sin(_ x: Float) -> Float { sinf(x) }
    @inlinable public static func cos(_ x: Float) -> Float { cosf(x) }
    @inlinable public static func tan(_ x: Float) -> Float { tanf(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: NDFloat {
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inlinable public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    @inlinable public static func tan(_ x: Double) -> Double { Glibc.tan(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
}
