/// Continuous draws and bounded integers, as NumPy's legacy `RandomState` methods of the same
/// names. An empty shape (the default) gives a 0-d array holding one draw, which consumes the
/// same random numbers as NumPy's `size=None` scalar.
extension RandomState {
    /// Uniform float64 samples in [0, 1) (`random_sample(size=shape)`).
    public func randomSample(shape: [Int] = []) -> NDArray {
        if self === RandomState.global, let tracer = Tracing.recorder { return tracer.record(.random(.rand(shape: shape)), []) }
        return makeArray(Double.self, shape: shape, function: "RandomState.randomSample") { state, out in
            for i in out.indices { out[i] = state.mt.nextDouble() }
        }
    }

    /// Uniform float64 samples in [0, 1) with the given dimensions (`rand(d0, d1, ...)`).
    public func rand(_ shape: Int...) -> NDArray {
        rand(shape: shape)
    }

    /// Uniform float64 samples in [0, 1) of the given shape (`rand(*shape)`).
    public func rand(shape: [Int]) -> NDArray {
        if self === RandomState.global, let tracer = Tracing.recorder { return tracer.record(.random(.rand(shape: shape)), []) }
        return makeArray(Double.self, shape: shape, function: "RandomState.rand") { state, out in
            for i in out.indices { out[i] = state.mt.nextDouble() }
        }
    }

    /// Standard normal float64 samples with the given dimensions (`randn(d0, d1, ...)`), by the
    /// legacy polar method whose cached second value carries over between calls.
    public func randn(_ shape: Int...) -> NDArray {
        randn(shape: shape)
    }

    /// Standard normal float64 samples of the given shape (`randn(*shape)`).
    public func randn(shape: [Int]) -> NDArray {
        if self === RandomState.global, let tracer = Tracing.recorder { return tracer.record(.random(.randn(shape: shape)), []) }
        return makeArray(Double.self, shape: shape, function: "RandomState.randn") { state, out in
            for i in out.indices { out[i] = state.nextGauss() }
        }
    }

    /// Normal float64 samples `loc + scale * z` (`normal(loc, scale, size=shape)`).
    public func normal(loc: Double = 0, scale: Double = 1, shape: [Int] = []) -> NDArray {
        if self === RandomState.global, let tracer = Tracing.recorder { return tracer.record(.random(.normal(loc: loc, scale: scale, shape: shape)), []) }
        require(
            scale >= 0,
            "RandomState.normal: scale \(scale) must be >= 0; pass a non-negative standard deviation")
        return makeArray(Double.self, shape: shape, function: "RandomState.normal") { state, out in
            for i in out.indices { out[i] = loc + scale * state.nextGauss() }
        }
    }

    /// Uniform float64 samples `low + (high - low) * u` in [low, high)
    /// (`uniform(low, high, size=shape)`); as in NumPy, `high < low` is allowed and gives
    /// samples in (high, low].
    public func uniform(low: Double = 0, high: Double = 1, shape: [Int] = []) -> NDArray {
        if self === RandomState.global, let tracer = Tracing.recorder { return tracer.record(.random(.uniform(low: low, high: high, shape: shape)), []) }
        let range = high - low
        require(
            range.isFinite,
            "RandomState.uniform: high - low = \(high) - \(low) is not finite; pass finite bounds whose difference fits in a Double")
        return makeArray(Double.self, shape: shape, function: "RandomState.uniform") { state, out in
            for i in out.indices { out[i] = low + range * state.mt.nextDouble() }
        }
    }

    /// Uniform int64 samples in `low..<high`, or in `0..<low` when `high` is nil
    /// (`randint(low, high, size=shape)`), by NumPy's masked rejection sampling: 32-bit words
    /// when `high - low - 1` fits in 32 bits, 64-bit words otherwise.
    public func randint(low: Int, high: Int? = nil, shape: [Int] = []) -> NDArray {
        let (low, high) = high.map { (low, $0) } ?? (0, low)
        if self === RandomState.global, let tracer = Tracing.recorder { return tracer.record(.random(.randint(low: low, high: high, shape: shape)), []) }
        RandomState.checkShape(shape, in: "RandomState.randint")
        if shape.reduce(1, *) == 0 {
            return NDArray([Int64](), shape: shape)  // NumPy checks nothing and draws nothing.
        }
        require(
            low < high,
            "RandomState.randint: low \(low) >= high \(high); pass low < high (high is exclusive)")
        let offset = UInt64(bitPattern: Int64(low))
        let range = UInt64(bitPattern: Int64(high)) &- offset &- 1
        return makeArray(Int64.self, shape: shape, function: "RandomState.randint") { state, out in
            out.withMemoryRebound(to: UInt64.self) { words in
                state.mt.fillBounded(offset: offset, range: range, into: words)
            }
        }
    }
}
