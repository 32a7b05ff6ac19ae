/// Bounded integer draws by masked rejection sampling, the method NumPy's legacy
/// `RandomState` keeps for backward compatibility (never Lemire's).
extension MT19937 {
    /// The smallest all-ones bit mask covering `max`.
    @inline(__always)
    static func mask(covering max: UInt64) -> UInt64 {
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        return mask
    }

    /// A uniform integer in `0...max` (NumPy's `random_interval`, used by `shuffle` and
    /// `permutation`): masked words are drawn until one is at most `max`, 32-bit words when
    /// `max` fits in 32 bits, 64-bit words otherwise; no draw at all when `max` is 0.
    public mutating func nextInterval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let mask = MT19937.mask(covering: max)
        if max <= UInt64(UInt32.max) {
            let mask32 = UInt32(mask)
            let max32 = UInt32(max)
            while true {
                let value = nextUInt32() & mask32
                if value <= max32 { return UInt64(value) }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= max { return value }
        }
    }

    /// Fills `out` with `offset + r`, each `r` uniform in `0...range`, wrapping modulo 2^64
    /// (NumPy's `random_bounded_uint64_fill` with the masked method, what `RandomState.randint`
    /// uses for int64): no draw when `range` is 0, one 32-bit word per try when `range` fits in
    /// 32 bits, one 64-bit word per try otherwise.
    public mutating func fillBounded(
        offset: UInt64, range: UInt64, into out: UnsafeMutableBufferPointer<UInt64>
    ) {
        if range == 0 {
            for i in out.indices { out[i] = offset }
        } else if range <= UInt64(UInt32.max) {
            // For range == 2^32 - 1 the mask keeps every word, so this is NumPy's plain
            // `next_uint32` special case too.
            let range32 = UInt32(range)
            let mask32 = UInt32(MT19937.mask(covering: range))
            for i in out.indices {
                var value: UInt32
                repeat { value = nextUInt32() & mask32 } while value > range32
                out[i] = offset &+ UInt64(value)
            }
        } else {
            let mask = MT19937.mask(covering: range)
            for i in out.indices {
                var value: UInt64
                repeat { value = nextUInt64() & mask } while value > range
                out[i] = offset &+ value
            }
        }
    }
}
