import DeZeroArray

/// The gradient of the scalar-valued (or summed) `f` at `x` by central differences with step
/// `eps`, as DeZero's `numerical_grad` (each output element's sum is differentiated).
public func numericalGrad(_ f: (Variable) -> Variable, _ x: NDArray, eps: Double = 1e-4) -> NDArray {
    var point = x.astype(x.dtype, forceCopy: true)
    var grad = [Double](repeating: 0, count: x.size)
    let flat = point.scalars(as: Double.self)
    for i in 0..<x.size {
        func evaluate(_ value: Double) -> Double {
            var values = flat
            values[i] = value
            point = NDArray(values, shape: x.shape).astype(x.dtype)
            return f(Variable(point)).data.astype(.float64).sum().item()
        }
        grad[i] = (evaluate(flat[i] + eps) - evaluate(flat[i] - eps)) / (2 * eps)
    }
    return NDArray(grad, shape: x.shape).astype(x.dtype)
}

/// Whether backprop's gradient of `f` at `x` (in float64) matches the numerical one within
/// `rtol`/`atol`, as DeZero's `gradient_check`. Returns the two gradients for messages.
public func gradientCheck(
    _ f: (Variable) -> Variable, _ x: NDArray, rtol: Double = 1e-4, atol: Double = 1e-5
) -> (passed: Bool, numerical: NDArray, backprop: NDArray) {
    let x64 = x.astype(.float64)
    let numerical = numericalGrad(f, x64)
    let v = Variable(x64)
    let y = f(v)
    y.backward()
    // No gradient reached x: the output does not depend on it, so its gradient is zero.
    let grad = v.grad?.data ?? NDArray.zerosLike(x64)
    return (grad.shape == numerical.shape && allclose(numerical, grad, rtol: rtol, atol: atol), numerical, grad)
}
