import DeZeroArray

extension L {
    /// Batch normalization of `(N, C)` or `(N, C, H, W)` inputs, with a learned scale `gamma` and
    /// shift `beta` per channel (DeZero's `L.BatchNorm`).
    ///
    /// The running averages `avgMean` and `avgVar` are Parameters, as in DeZero, so that they are
    /// saved with the weights (as `avg_mean` and `avg_var`); they never get gradients, so
    /// optimizers leave them alone. All four are sized (and take the input's dtype) at the first
    /// call. In training mode the batch's statistics are used and the averages updated; in test
    /// mode (`withTestMode {}`) the averages are used.
    public final class BatchNorm: Layer {
        /// Its parameters and sub-layers are `let` constants.
        override public var childrenAreFixed: Bool { true }

        /// The running mean, `(C)`, starting at 0.
        public let avgMean: Parameter
        /// The running variance, `(C)`, starting at 1.
        public let avgVar: Parameter
        /// The scale, `(C)`, starting at 1.
        public let gamma: Parameter
        /// The shift, `(C)`, starting at 0.
        public let beta: Parameter
        /// The weight of the old running value in each update.
        public let decay: Double
        /// Added to the variance before the square root.
        public let eps: Double

        /// A batch-norm layer whose sizes are set by the first input.
        public init(decay: Double = 0.9, eps: Double = 2e-5) {
            avgMean = Parameter(uninitialized: [nil], dtype: .float32, name: "avg_mean")
            avgVar = Parameter(uninitialized: [nil], dtype: .float32, name: "avg_var")
            gamma = Parameter(uninitialized: [nil], dtype: .float32, name: "gamma")
            beta = Parameter(uninitialized: [nil], dtype: .float32, name: "beta")
            self.decay = decay
            self.eps = eps
        }

        /// DeZero's names for the running averages: `avg_mean`, `avg_var`.
        override public func childKey(property: String, index: Int?) -> String {
            switch property {
            case "avgMean": "avg_mean"
            case "avgVar": "avg_var"
            default: super.childKey(property: property, index: index)
            }
        }

        /// The normalized `x`.
        override public func forward(_ x: Variable) -> Variable {
            require(x.ndim == 2 || x.ndim == 4, "L.BatchNorm: the input must be (N, C) or (N, C, H, W), got shape \(x.shape)")
            let channels = x.shape[1]
            for (param, value) in [(avgMean, 0.0), (avgVar, 1.0), (gamma, 1.0), (beta, 0.0)] where !param.isInitialized {
                param.initialize(NDArray.full([channels], value, dtype: x.dtype, device: x.data.device))
            }
            require(
                gamma.shape == [channels],
                "L.BatchNorm: input of shape \(x.shape) has \(channels) channels but the layer has \(gamma.shape[0])")
            return batchNorm(x, gamma: gamma, beta: beta, mean: avgMean, variance: avgVar, decay: decay, eps: eps)
        }
    }
}
