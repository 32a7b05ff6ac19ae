/// The optimizers' parameter updates in one pass over the elements, each step rounded as the
/// separate array operations round it (the same numbers, no temporaries). While a program is
/// traced they run as those separate operations, which the tracer records.
extension NDArray {
    /// `self -= scale * x` (the SGD update), `scale` a 0-d array or a weak scalar. One pass over
    /// `self`'s own buffer when both are contiguous arrays of the same float dtype and shape:
    /// `scale * x` rounded to the dtype, then subtracted.
    public mutating func subtractScaled(_ x: NDArray, by scale: NDArray) {
        guard !Tracing.isActive, device.isCPU, x.device.isCPU, scale.device.isCPU, scale.ndim == 0, dtype == x.dtype, dtype.isFloatingPoint, shape == x.shape,
            x.isContiguous, isKnownUniquelyReferenced(&storage), isContiguous, storage.byteCount == size * dtype.itemSize
        else {
            self -= scale * x
            return
        }
        let n = size, scale = scale.element(atOffset: scale.offset)
        withExtendedLifetime(x) {
            switch dtype {
            case .float32:
                let p = base(Float.self), g = x.base(Float.self), s = Float(scale)
                for i in 0..<n {
                    let step = s * g[i]
                    p[i] = p[i] - step
                }
            case .float64:
                let p = base(Double.self), g = x.base(Double.self)
                for i in 0..<n {
                    let step = scale * g[i]
                    p[i] = p[i] - step
                }
            case .int64, .bool:
                misuse("subtractScaled: float arrays only")
            }
        }
    }

    /// `self -= scale * x` with a weak scalar.
    public mutating func subtractScaled(_ x: NDArray, by scale: Double) {
        subtractScaled(x, by: NDArray(scalar: scale))
    }
}

/// One Adam step on a parameter `p` with moments `m` and `v` (DeZero's `Adam.update_one`):
/// `m += (1 - beta1) * (grad - m)`, `v += (1 - beta2) * (grad * grad - v)`,
/// `p -= lr * m / (sqrt(v) + eps)`; the scalars are 0-d `float64` arrays (weak, as Python
/// floats). When `p`, `grad`, `m` and `v` share one float dtype and shape, the three run in one
/// pass, each step rounded as the array operations round it.
public func adamStep(
    _ p: inout NDArray, _ m: inout NDArray, _ v: inout NDArray, grad: NDArray,
    lr: NDArray, beta1: NDArray, beta2: NDArray, eps: NDArray
) {
    let (dtype, shape) = (p.dtype, p.shape)
    guard !Tracing.isActive, p.device.isCPU, m.device.isCPU, v.device.isCPU, grad.device.isCPU,
        lr.device.isCPU && beta1.device.isCPU && beta2.device.isCPU && eps.device.isCPU, dtype.isFloatingPoint, grad.dtype == dtype && m.dtype == dtype && v.dtype == dtype,
        grad.shape == shape && m.shape == shape && v.shape == shape
    else {
        m += (1 - beta1) * (grad - m)
        v += (1 - beta2) * (grad * grad - v)
        p -= lr * m / (sqrt(v) + eps)
        return
    }
    let scalars = [lr, beta1, beta2, eps].map { $0.element(atOffset: $0.offset) }
    if dtype == .float32 {
        fusedAdam(Float.self, &p, &m, &v, grad, scalars)
    } else {
        fusedAdam(Double.self, &p, &m, &v, grad, scalars)
    }
}

/// The fused Adam loop on elements of type `T` (the scalars rounded to `T`, as NumPy rounds a
/// Python float beside a `T` array).
private func fusedAdam<T: NDFloat>(
    _: T.Type, _ data: inout NDArray, _ m: inout NDArray, _ v: inout NDArray, _ grad: NDArray, _ scalars: [Double]
) {
    let (rate, b1, b2, e) = (T(scalars[0]), T(1 - scalars[1]), T(1 - scalars[2]), T(scalars[3]))
    grad.withUnsafeBufferPointer(as: T.self) { g in
        m.withUnsafeMutableBufferPointer(as: T.self) { m in
            v.withUnsafeMutableBufferPointer(as: T.self) { v in
                data.withUnsafeMutableBufferPointer(as: T.self) { p in
                    for i in 0..<p.count {
                        m[i] += b1 * (g[i] - m[i])
                        v[i] += b2 * (g[i] * g[i] - v[i])
                        p[i] -= rate * m[i] / (v[i].squareRoot() + e)
                    }
                }
            }
        }
    }
}
