/// The 32-bit Mersenne Twister behind NumPy's legacy `np.random` (`RandomState`).
///
/// Seeding and output match NumPy's `MT19937` bit generator when seeded the legacy way:
/// an integer seed fills the state with Knuth's linear recurrence (`init_genrand`), an array
/// seed goes through `init_by_array`. Draws are the tempered 32-bit words, 64-bit words built
/// from two of them (high word first) and 53-bit doubles built from two of them.
public struct MT19937: Sendable {
    /// Number of 32-bit words in the state.
    public static let stateLength = 624
    /// Twist offset (the "M" of the reference implementation).
    static let shift = 397
    /// The twist matrix's last row.
    static let matrixA: UInt32 = 0x9908_b0df
    /// Most significant bit of a word.
    static let upperMask: UInt32 = 0x8000_0000
    /// The 31 low bits of a word.
    static let lowerMask: UInt32 = 0x7fff_ffff

    /// The 624 state words.
    public private(set) var key: [UInt32]
    /// Index of the next word to temper; `stateLength` means the state must be twisted first.
    public private(set) var position: Int

    /// A generator seeded as NumPy's `RandomState(seed)` / `np.random.seed(seed)` with an
    /// integer seed (the reference `init_genrand`).
    public init(seed: UInt32) {
        key = MT19937.genrandKey(seed)
        position = MT19937.stateLength
    }

    /// A generator seeded as NumPy's `np.random.seed(array)` with a non-empty 1-D array of
    /// 32-bit words (the reference `init_by_array`).
    public init(key initKey: [UInt32]) {
        require(
            !initKey.isEmpty,
            "MT19937(key:): the seed array is empty; pass at least one UInt32 word")
        let n = MT19937.stateLength
        var mt = MT19937.genrandKey(19_650_218)
        var i = 1
        var j = 0
        for _ in 0..<max(n, initKey.count) {
            let previous = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = (mt[i] ^ (previous &* 1_664_525)) &+ initKey[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
            if j >= initKey.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let previous = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = (mt[i] ^ (previous &* 1_566_083_941)) &- UInt32(truncatingIfNeeded: i)
            i += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
        }
        mt[0] = 0x8000_0000  // MSB set: the state is never all zero.
        key = mt
        position = n
    }

    /// A generator whose state is `key` (624 words) with the next word at `position`, as
    /// NumPy's `get_state()` reports it.
    public init(key: [UInt32], position: Int) {
        require(
            key.count == MT19937.stateLength,
            "MT19937(key:position:): the state has \(key.count) words; it needs exactly \(MT19937.stateLength)")
        require(
            (0...MT19937.stateLength).contains(position),
            "MT19937(key:position:): position \(position) is outside 0...\(MT19937.stateLength)")
        self.key = key
        self.position = position
    }

    /// The state words Knuth's recurrence makes from `seed` (reference `init_genrand`).
    static func genrandKey(_ seed: UInt32) -> [UInt32] {
        var mt = [UInt32](repeating: 0, count: stateLength)
        mt[0] = seed
        for i in 1..<stateLength {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        return mt
    }

    /// Regenerates all 624 words (the "twist").
    mutating func twist() {
        let n = MT19937.stateLength
        let m = MT19937.shift
        key.withUnsafeMutableBufferPointer { mt in
            @inline(__always) func mix(_ upper: UInt32, _ lower: UInt32, _ far: UInt32) -> UInt32 {
                let y = (upper & MT19937.upperMask) | (lower & MT19937.lowerMask)
                return far ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MT19937.matrixA)
            }
            for i in 0..<(n - m) {
                mt[i] = mix(mt[i], mt[i + 1], mt[i + m])
            }
            for i in (n - m)..<(n - 1) {
                mt[i] = mix(mt[i], mt[i + 1], mt[i + m - n])
            }
            mt[n - 1] = mix(mt[n - 1], mt[0], mt[m - 1])
        }
        position = 0
    }

    /// The next tempered 32-bit word (NumPy's `next_uint32`).
    @inline(__always)
    public mutating func nextUInt32() -> UInt32 {
        if position == MT19937.stateLength { twist() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A 64-bit word from two draws, the first one in the high half (NumPy's `next_uint64`).
    @inline(__always)
    public mutating func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        let low = UInt64(nextUInt32())
        return high << 32 | low
    }

    /// A double in [0, 1) with 53 random bits from two draws (NumPy's `next_double`):
    /// `((a >> 5) * 2^26 + (b >> 6)) / 2^53`.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}
