import DeZeroArray

/// `sum((x0 - x1) ** 2) / len(x0)` (DeZero's `MeanSquaredError`).
public final class MeanSquaredError: BinaryFunction {
    override public func forward(_ x0: NDArray, _ x1: NDArray) -> NDArray {
        let diff = x0 - x1
        require(diff.ndim > 0, "mean_squared_error: inputs must have a batch axis, got shapes \(x0.shape) and \(x1.shape)")
        return diff.square().sum() / diff.shape[0]
    }
    override public func backward(_ gy: Variable) -> (Variable, Variable?) {
        let diff = input(0) - input(1)
        let gx0 = broadcastTo(gy, diff.shape) * diff * (2.0 / Double(diff.shape[0]))
        return (gx0, -gx0)
    }
}

/// The mean squared error of `x0` against `x1`.
public func meanSquaredError(_ x0: Variable, _ x1: Variable) -> Variable { MeanSquaredError()(x0, x1) }

/// The mean squared error from elementary functions, as DeZero's `mean_squared_error_simple`.
public func meanSquaredErrorSimple(_ x0: Variable, _ x1: Variable) -> Variable {
    let diff = x0 - x1
    return sum(diff ** 2) / Double(diff.count)
}

/// Binary cross entropy of logits `x` against 0/1 targets `t`, averaged over the batch.
public func sigmoidCrossEntropy(_ x: Variable, _ t: Variable) -> Variable {
    let t = x.ndim == t.ndim ? t : reshape(t, x.shape)
    let p = clip(sigmoid(x), 1e-15, 1.0)
    let tlogp = t * log(p) + (1.0 - t) * log(1.0 - p)
    return -1.0 * sum(tlogp) / Double(x.count)
}

/// Binary cross entropy of probabilities `p` against 0/1 targets `t`, averaged over the batch.
public func binaryCrossEntropy(_ p: Variable, _ t: Variable) -> Variable {
    let t = p.ndim == t.ndim ? t : reshape(t, p.shape)
    let q = clip(p, 1e-15, 0.999)
    let tlogp = t * log(q) + (1.0 - t) * log(1.0 - q)
    return -1.0 * sum(tlogp) / Double(t.count)
}

/// Softmax followed by cross entropy against integer labels `t`, averaged over the batch, in
/// one stable function (DeZero's `SoftmaxCrossEntropy`).
public final class SoftmaxCrossEntropy: BinaryFunction {
    override public func forward(_ x: NDArray, _ t: NDArray) -> NDArray {
        require(
            x.ndim == 2 && t.size == x.shape[0],
            "softmax_cross_entropy: expected scores (N, classes) and N labels, got shapes \(x.shape) and \(t.shape)")
        let n = x.shape[0], classes = x.shape[1]
        // Inside a compiler trace the labels are data a compiled program does not read back.
        if !t.dtype.isFloatingPoint, Tracing.recorder == nil, let (row, label) = t.scalars(as: Int64.self).enumerated().first(where: {
            $0.element >= classes || $0.element < -classes
        }) {
            misuse(
                "softmax_cross_entropy: label \(label) (row \(row)) is not a class index for scores of shape \(x.shape): "
                    + "labels must lie in 0..<\(classes); check the labels or the number of classes of the last layer")
        }
        let logP = (x - logsumexp(x, axis: 1))[NDArray.arange(n).to(x.device), t.ravel()]
        return -logP.sum() / NDArray(scalar: Float(n))
    }
    override public func backward(_ gy: Variable) -> (Variable, Variable?) {
        let (x, t) = (input(0), input(1))
        let (n, classes) = (x.shape[0], x.shape[1])
        let gy = gy * (1.0 / Double(n))
        // DeZero builds the one-hot rows in the labels' int dtype, which silently turns the
        // gradient of float32 scores into float64 (and every matmul after it into dgemm); here
        // the gradient keeps the scores' dtype, as PyTorch users expect.
        let oneHot = NDArray.eye(classes, dtype: x.dtype).to(x.data.device)[t.data]
        return ((softmax(x) - oneHot) * gy, nil)
    }
}

/// Softmax cross entropy of scores `x` (N, classes) against integer labels `t` (N).
public func softmaxCrossEntropy(_ x: Variable, _ t: Variable) -> Variable { SoftmaxCrossEntropy()(x, t) }

/// Softmax cross entropy from elementary functions, as DeZero's `softmax_cross_entropy_simple`.
public func softmaxCrossEntropySimple(_ x: Variable, _ t: Variable) -> Variable {
    let n = x.shape[0]
    let p = clip(softmax(x), 1e-15, 1.0)
    let tlogp = getItem(log(p), [NDArray.arange(n).to(t.data.device), t.data])
    return -1.0 * sum(tlogp) / Double(n)
}
