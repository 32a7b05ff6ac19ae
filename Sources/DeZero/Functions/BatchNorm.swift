import DeZeroArray

/// Batch normalization over the batch axis of `(N, C)` inputs, or over `N, H, W` of `(N, C, H, W)`
/// inputs (DeZero's `BatchNorm` function).
///
/// In training mode it normalizes with the batch's statistics and updates the running averages
/// held in `runningMean` and `runningVar` (variables shared with the layer); in test mode it
/// normalizes with those running averages.
public final class BatchNorm: Function {
    /// The running mean, updated in place during training.
    public let runningMean: Variable
    /// The running (unbiased) variance, updated in place during training.
    public let runningVar: Variable
    /// The weight of the old running value in each update.
    public let decay: Double
    /// Added to the variance before the square root.
    public let eps: Double
    private var invStd: NDArray?

    /// Batch norm updating `mean` and `variance` with `decay`.
    public init(mean: Variable, variance: Variable, decay: Double = 0.9, eps: Double = 2e-5) {
        runningMean = mean
        runningVar = variance
        self.decay = decay
        self.eps = eps
    }

    /// `(N, C, H, W)` as `(N*H*W, C)`; 2-D inputs unchanged.
    private static func rows(_ x: NDArray) -> NDArray {
        x.ndim == 4 ? x.transpose([0, 2, 3, 1]).reshape([-1, x.shape[1]]) : x
    }

    override public func forward(_ xs: [NDArray]) -> [NDArray] {
        let (input, gamma, beta) = (xs[0], xs[1], xs[2])
        require(
            input.ndim == 2 || input.ndim == 4,
            "batch_norm: input must be (N, C) or (N, C, H, W), got shape \(input.shape)")
        let x = BatchNorm.rows(input)
        let xc: NDArray
        if Config.train {
            let mean = x.mean(axis: 0)
            let variance = x.variance(axis: 0)
            let invStd = 1.0 / sqrt(variance + eps)
            xc = (x - mean) * invStd
            let m = Double(x.size / gamma.size)
            let s = m - 1.0 > 1.0 ? m - 1.0 : 1.0
            runningMean.data *= decay
            runningMean.data += (1 - decay) * mean
            runningVar.data *= decay
            runningVar.data += (1 - decay) * (m / s) * variance
            self.invStd = invStd
        } else {
            let invStd = 1.0 / sqrt(runningVar.data + eps)
            xc = (x - runningMean.data) * invStd
        }
        let y = gamma * xc + beta
        if input.ndim == 4 {
            let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
            return [y.reshape([n, h, w, c]).transpose([0, 3, 1, 2])]
        }
        return [y]
    }

    override public func backward(_ gys: [Variable]) -> [Variable] {
        guard let invStd else {
            misuse("batch_norm: backward needs a forward pass in training mode")
        }
        let four = gys[0].ndim == 4
        let toRows = { (v: Variable) -> Variable in
            four ? v.transpose(0, 2, 3, 1).reshape(-1, v.shape[1]) : v
        }
        let gy = toRows(gys[0])
        let x = toRows(input(0))
        let gamma = input(1)
        let batch = Double(gy.count)
        let mean = x.sum(axis: 0) / batch
        let xc = (x - mean) * invStd
        let gbeta = sum(gy, axis: 0)
        let ggamma = sum(xc * gy, axis: 0)
        var gx = gy - gbeta / batch - xc * ggamma / batch
        gx = gx * (gamma * invStd)
        if four {
            let s = input(0).shape
            gx = gx.reshape(s[0], s[2], s[3], s[1]).transpose(0, 3, 1, 2)
        }
        return [gx, ggamma, gbeta]
    }
}

/// Batch normalization of `x` with scale `gamma` and shift `beta`, updating the running
/// statistics `mean` and `variance` in training mode (DeZero's misspelled `batch_nrom`).
public func batchNorm(
    _ x: Variable, gamma: Variable, beta: Variable, mean: Variable, variance: Variable,
    decay: Double = 0.9, eps: Double = 2e-5
) -> Variable {
    BatchNorm(mean: mean, variance: variance, decay: decay, eps: eps)(x, gamma, beta)
}
