/// The process-wide generator, as the functions of NumPy's `np.random` module: every function
/// forwards to ``RandomState/global``. `Random.seed(0)` then `Random.randn(2, 3)` gives the
/// numbers `np.random.seed(0); np.random.randn(2, 3)` gives.
public enum Random {
    /// The generator behind these functions.
    public static var global: RandomState { RandomState.global }

    /// Reseeds the global generator as `np.random.seed(seed)`, `seed` in `0...2^32 - 1`.
    public static func seed(_ seed: Int) { RandomState.global.seed(seed) }

    /// Reseeds the global generator as `np.random.seed(key)` with an array of 32-bit words.
    public static func seed(_ key: [UInt32]) { RandomState.global.seed(key) }

    /// Reseeds the global generator from operating-system entropy, as `np.random.seed()`.
    public static func seed() { RandomState.global.seed() }

    /// Uniform float64 samples in [0, 1) with the given dimensions (`np.random.rand`).
    public static func rand(_ shape: Int...) -> NDArray { RandomState.global.rand(shape: shape) }

    /// Uniform float64 samples in [0, 1) of the given shape (`np.random.rand(*shape)`).
    public static func rand(shape: [Int]) -> NDArray { RandomState.global.rand(shape: shape) }

    /// Standard normal float64 samples with the given dimensions (`np.random.randn`).
    public static func randn(_ shape: Int...) -> NDArray { RandomState.global.randn(shape: shape) }

    /// Standard normal float64 samples of the given shape (`np.random.randn(*shape)`).
    public static func randn(shape: [Int]) -> NDArray { RandomState.global.randn(shape: shape) }

    /// Uniform float64 samples in [0, 1) (`np.random.random_sample`).
    public static func randomSample(shape: [Int] = []) -> NDArray {
        RandomState.global.randomSample(shape: shape)
    }

    /// Normal float64 samples (`np.random.normal(loc, scale, size)`).
    public static func normal(loc: Double = 0, scale: Double = 1, shape: [Int] = []) -> NDArray {
        RandomState.global.normal(loc: loc, scale: scale, shape: shape)
    }

    /// Uniform float64 samples in [low, high) (`np.random.uniform(low, high, size)`).
    public static func uniform(low: Double = 0, high: Double = 1, shape: [Int] = []) -> NDArray {
        RandomState.global.uniform(low: low, high: high, shape: shape)
    }

    /// Uniform int64 samples in `low..<high`, or `0..<low` without `high`
    /// (`np.random.randint(low, high, size)`).
    public static func randint(low: Int, high: Int? = nil, shape: [Int] = []) -> NDArray {
        RandomState.global.randint(low: low, high: high, shape: shape)
    }

    /// `0..<n` as int64, shuffled (`np.random.permutation(n)`).
    public static func permutation(_ n: Int) -> NDArray { RandomState.global.permutation(n) }

    /// A shuffled copy of `array` along its first axis (`np.random.permutation(x)`).
    public static func permutation(_ array: NDArray) -> NDArray { RandomState.global.permutation(array) }

    /// Shuffles `array` in place along its first axis (`np.random.shuffle(x)`).
    public static func shuffle(_ array: inout NDArray) { RandomState.global.shuffle(&array) }

    /// Indices drawn from `0..<n` in an int64 array of shape `size` (`np.random.choice(n, ...)`).
    public static func choice(
        _ n: Int, size: [Int] = [], replace: Bool = true, p: [Double]? = nil
    ) -> NDArray {
        RandomState.global.choice(n, size: size, replace: replace, p: p)
    }

    /// `size` indices drawn from `0..<n` as a 1-D int64 array (`np.random.choice(n, size)`).
    public static func choice(_ n: Int, size: Int, replace: Bool = true, p: [Double]? = nil) -> NDArray {
        RandomState.global.choice(n, size: size, replace: replace, p: p)
    }

    /// Elements drawn from the 1-D `array` in an array of shape `size` (`np.random.choice(a, ...)`).
    public static func choice(
        _ array: NDArray, size: [Int] = [], replace: Bool = true, p: [Double]? = nil
    ) -> NDArray {
        RandomState.global.choice(array, size: size, replace: replace, p: p)
    }

    /// `size` elements drawn from the 1-D `array` as a 1-D array (`np.random.choice(a, size)`).
    public static func choice(
        _ array: NDArray, size: Int, replace: Bool = true, p: [Double]? = nil
    ) -> NDArray {
        RandomState.global.choice(array, size: size, replace: replace, p: p)
    }
}
