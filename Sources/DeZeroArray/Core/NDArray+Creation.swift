extension NDArray {
    /// An array of `shape` filled with `value` converted to `dtype`, as `np.full`, on `device`
    /// (whose backend fills it).
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float64, device: Device = .cpu) -> NDArray {
        if let tracer = Tracing.recorder {  // traced on the host, then moved (`to` tells the tracer)
            return tracer.record(.full(shape: shape, value: value, dtype: dtype), []).to(device)
        }
        if !device.isCPU {
            return DeviceBackends.required(device, for: "full").run(.full(shape: shape, value: value, dtype: dtype), [])
        }
        var out = NDArray(uninitializedShape: shape, dtype: dtype)
        let n = out.size
        switch dtype {
        case .float32: out.base(Float.self).initialize(repeating: Float(value), count: n)
        case .float64: out.base(Double.self).initialize(repeating: value, count: n)
        case .int64: out.base(Int64.self).initialize(repeating: Int64(ndDouble: value), count: n)
        case .bool: out.base(Bool.self).initialize(repeating: value != 0, count: n)
        }
        return out
    }

    /// Zeros of `shape`, as `np.zeros` (`float64` by default).
    public static func zeros(_ shape: [Int], dtype: DType = .float64, device: Device = .cpu) -> NDArray {
        full(shape, 0, dtype: dtype, device: device)
    }
    /// Ones of `shape`, as `np.ones` (`float64` by default).
    public static func ones(_ shape: [Int], dtype: DType = .float64, device: Device = .cpu) -> NDArray {
        full(shape, 1, dtype: dtype, device: device)
    }
    /// Zeros with the shape, dtype and device of `other`, as `np.zeros_like`.
    public static func zerosLike(_ other: NDArray, dtype: DType? = nil) -> NDArray {
        zeros(other.shape, dtype: dtype ?? other.dtype, device: other.device)
    }
    /// Ones with the shape, dtype and device of `other`, as `np.ones_like`.
    public static func onesLike(_ other: NDArray, dtype: DType? = nil) -> NDArray {
        ones(other.shape, dtype: dtype ?? other.dtype, device: other.device)
    }
    /// `value` with the shape, dtype and device of `other`, as `np.full_like`.
    public static func fullLike(_ other: NDArray, _ value: Double, dtype: DType? = nil) -> NDArray {
        full(other.shape, value, dtype: dtype ?? other.dtype, device: other.device)
    }

    /// `0, 1, ..., stop - 1` as `int64`, as `np.arange(stop)`.
    public static func arange(_ stop: Int) -> NDArray { arange(0, stop) }

    /// Integers from `start` up to `stop` (excluded) by `step`, as `np.arange`.
    public static func arange(_ start: Int, _ stop: Int, _ step: Int = 1) -> NDArray {
        require(step != 0, "arange: step must not be zero")
        let values: [Int64] = Swift.stride(from: start, to: stop, by: step).map { Int64($0) }
        return NDArray(values)
    }

    /// Values from `start` up to `stop` (excluded) by `step`, as `np.arange` with floats:
    /// `ceil((stop - start) / step)` elements. As NumPy fills them, the first two are `start` and
    /// `start + step` converted to `dtype`, and element `i` is `first + i * (second - first)`
    /// computed in `dtype`.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1, dtype: DType = .float64) -> NDArray {
        require(step != 0, "arange: step must not be zero")
        let count = Swift.max(0, Int(((stop - start) / step).rounded(.up)))
        func fill<T: NDElement & Numeric>(_ first: T, _ second: T, _ index: (Int) -> T) -> NDArray {
            let delta = second - first
            return NDArray((0..<count).map { $0 == 0 ? first : $0 == 1 ? second : first + index($0) * delta })
        }
        switch dtype {
        case .float32: return fill(Float(start), Float(start + step)) { Float($0) }
        case .int64: return fill(Int64(ndDouble: start), Int64(ndDouble: start + step)) { Int64($0) }
        case .float64, .bool: return fill(start, start + step) { Double($0) }.astype(dtype)
        }
    }

    /// `num` evenly spaced values over `[start, stop]`, as `np.linspace`.
    public static func linspace(_ start: Double, _ stop: Double, num: Int = 50, endpoint: Bool = true, dtype: DType = .float64) -> NDArray {
        require(num >= 0, "linspace: number of samples \(num) must be non-negative")
        let div = endpoint ? num - 1 : num
        let step = div > 0 ? (stop - start) / Double(div) : 0
        var values = (0..<num).map { start + Double($0) * step }
        if endpoint && num > 1 { values[num - 1] = stop }
        if dtype == .int64 { values = values.map { $0.rounded(.down) } }  // NumPy floors for integers
        return NDArray(values).astype(dtype)
    }

    /// The `n x m` identity-like matrix with ones on diagonal `k`, as `np.eye`.
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float64) -> NDArray {
        let m = m ?? n
        var values = [Double](repeating: 0, count: n * m)
        for i in 0..<n where i + k >= 0 && i + k < m { values[i * m + i + k] = 1 }
        return NDArray(values, shape: [n, m]).astype(dtype)
    }
}

// MARK: - Literals

extension NDArray: ExpressibleByArrayLiteral {
    /// Nested literals stacked like `np.array`: `[[1, 2], [3, 4.5]]` is a 2x2 `float64` array,
    /// `[1, 2]` an `int64` one, `[true, false]` a `bool` one.
    public init(arrayLiteral elements: NDArrayLiteral...) {
        self = stack(elements.map(\.array))
    }
}

/// One element of an ``NDArray`` array literal: a number, a bool, or a nested list.
///
/// NDArray itself is not expressible by number literals, so `x * 2` always means "times the
/// weak scalar 2" and never needs the type checker to guess.
public struct NDArrayLiteral: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    /// The element as an array (0-d for numbers).
    public let array: NDArray
    /// A float64 element.
    public init(floatLiteral value: Double) { array = NDArray(scalar: value) }
    /// An int64 element.
    public init(integerLiteral value: Int64) { array = NDArray(scalar: value) }
    /// A bool element.
    public init(booleanLiteral value: Bool) { array = NDArray(scalar: value) }
    /// A nested list.
    public init(arrayLiteral elements: NDArrayLiteral...) { array = stack(elements.map(\.array)) }
}
