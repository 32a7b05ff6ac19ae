import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A random generator that reproduces NumPy's legacy `np.random.RandomState` bit for bit:
/// the same seed gives the same numbers as NumPy for `rand`, `randn`, `randint`, `uniform`,
/// `normal`, `permutation`, `shuffle` and `choice`.
///
/// The state (a Mersenne Twister plus the cached second value of the polar Box-Muller normal
/// draw) sits behind a `Mutex`, so one instance can be shared between tasks; every call draws
/// all its numbers under one lock acquisition, as NumPy does under its lock.
public final class RandomState: Sendable {
    /// What one generator carries between calls.
    struct State: Sendable {
        /// The bit generator.
        var mt: MT19937
        /// Whether `gauss` holds the unused second value of the last polar draw.
        var hasGauss = false
        /// The cached normal value, meaningful only when `hasGauss` is true.
        var gauss = 0.0

        init(mt: MT19937) { self.mt = mt }

        /// A standard normal value by NumPy's legacy polar method (`legacy_gauss`): two values
        /// come out of each accepted pair, the second one is cached for the next call.
        mutating func nextGauss() -> Double {
            if hasGauss {
                hasGauss = false
                let cached = gauss
                gauss = 0
                return cached
            }
            var x1, x2, r2: Double
            repeat {
                x1 = 2.0 * mt.nextDouble() - 1.0
                x2 = 2.0 * mt.nextDouble() - 1.0
                r2 = x1 * x1 + x2 * x2
            } while r2 >= 1.0 || r2 == 0.0
            let f = (-2.0 * log(r2) / r2).squareRoot()
            gauss = f * x1
            hasGauss = true
            return f * x2
        }
    }

    /// The guarded state.
    let state: Mutex<State>

    /// The generator behind the ``Random`` namespace, as `np.random`'s hidden `RandomState`.
    /// It starts from operating-system entropy; call `seed(_:)` with an `Int` for reproducible runs.
    public static let global = RandomState()

    /// A generator seeded as `np.random.RandomState(seed)` with an integer in `0...2^32 - 1`.
    public init(seed: Int) {
        state = Mutex(State(mt: MT19937(seed: RandomState.checkedSeed(seed, in: "RandomState(seed:)"))))
    }

    /// A generator seeded as `np.random.RandomState(key)` with an array of 32-bit words.
    public init(seed key: [UInt32]) {
        require(
            !key.isEmpty,
            "RandomState(seed:): the seed array is empty; pass at least one UInt32 word or an Int seed")
        state = Mutex(State(mt: MT19937(key: key)))
    }

    /// A generator seeded from operating-system entropy, as `np.random.RandomState()`.
    public init() {
        state = Mutex(State(mt: RandomState.entropyGenerator()))
    }

    /// Reseeds as `np.random.seed(seed)` with an integer in `0...2^32 - 1`; also forgets the
    /// cached normal value.
    public func seed(_ seed: Int) {
        let mt = MT19937(seed: RandomState.checkedSeed(seed, in: "RandomState.seed"))
        state.withLock { $0 = State(mt: mt) }
    }

    /// Reseeds as `np.random.seed(key)` with an array of 32-bit words (`init_by_array`); also
    /// forgets the cached normal value.
    public func seed(_ key: [UInt32]) {
        require(
            !key.isEmpty,
            "RandomState.seed: the seed array is empty; pass at least one UInt32 word or an Int seed")
        let mt = MT19937(key: key)
        state.withLock { $0 = State(mt: mt) }
    }

    /// Reseeds from operating-system entropy, as `np.random.seed()` / `seed(None)`.
    public func seed() {
        let mt = RandomState.entropyGenerator()
        state.withLock { $0 = State(mt: mt) }
    }

    /// `seed` as a 32-bit word, or a stop naming `function` when it is out of NumPy's range.
    static func checkedSeed(_ seed: Int, in function: String) -> UInt32 {
        require(
            seed >= 0 && UInt64(seed) <= UInt64(UInt32.max),
            "\(function): seed \(seed) is outside 0...4294967295; pass a seed in that range or an array of UInt32 words")
        return UInt32(seed)
    }

    /// A generator whose state comes from the system's entropy source, set up as NumPy's
    /// legacy seeding with `None` does (first word's top bit set so the state is never zero).
    static func entropyGenerator() -> MT19937 {
        var system = SystemRandomNumberGenerator()
        var key = (0..<MT19937.stateLength).map { _ in UInt32.random(in: .min ... .max, using: &system) }
        key[0] = 0x8000_0000
        return MT19937(key: key, position: MT19937.stateLength)
    }

    /// Checks that no dimension of `shape` is negative, naming `function` otherwise.
    static func checkShape(_ shape: [Int], in function: String) {
        for d in shape {
            require(
                d >= 0,
                "\(function): negative dimension \(d) in shape \(shape); every dimension must be >= 0")
        }
    }

    /// A new `shape`-d array of `T` whose elements, in C order, `fill` writes under the lock.
    func makeArray<T: NDElement>(
        _: T.Type, shape: [Int], function: String,
        _ fill: (inout State, UnsafeMutableBufferPointer<T>) -> Void
    ) -> NDArray {
        RandomState.checkShape(shape, in: function)
        var out = NDArray(uninitializedShape: shape, dtype: T.dtype)
        out.withUnsafeMutableBufferPointer(as: T.self) { buffer in
            state.withLock { fill(&$0, buffer) }
        }
        return out
    }
}
