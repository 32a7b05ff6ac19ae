/// Reduction loops. Floating-point sums use NumPy's pairwise order so results match NumPy's.
enum Reduce {
    /// The sum of `count` contiguous elements in NumPy's pairwise order: a plain loop below 8
    /// elements, eight interleaved partial sums up to 128, and halves (at a multiple of 8) above.
    static func pairwiseSum<T: NDFloat>(_ x: UnsafePointer<T>, _ count: Int) -> T {
        if count < 8 {
            var s: T = 0
            for i in 0..<count { s += x[i] }
            return s
        }
        if count <= 128 {
            var r0 = x[0], r1 = x[1], r2 = x[2], r3 = x[3], r4 = x[4], r5 = x[5], r6 = x[6], r7 = x[7]
            var i = 8
            while i < count - count % 8 {
                r0 += x[i]; r1 += x[i + 1]; r2 += x[i + 2]; r3 += x[i + 3]
                r4 += x[i + 4]; r5 += x[i + 5]; r6 += x[i + 6]; r7 += x[i + 7]
                i += 8
            }
            var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < count { s += x[i]; i += 1 }
            return s
        }
        var half = count / 2
        half -= half % 8
        return pairwiseSum(x, half) + pairwiseSum(x + half, count - half)
    }

    /// The sum of `count` contiguous integers (wrapping like NumPy's int64).
    static func integerSum(_ x: UnsafePointer<Int64>, _ count: Int) -> Int64 {
        var s: Int64 = 0
        for i in 0..<count { s = s &+ x[i] }
        return s
    }

    /// The largest (`greater`) or smallest of `count` contiguous elements; a NaN wins.
    static func extreme<T: NDElement & Comparable>(_ x: UnsafePointer<T>, _ count: Int, greater: Bool) -> T {
        var m = x[0]
        if greater {
            for i in 1..<Swift.max(count, 1) where x[i] > m || x[i] != x[i] { m = x[i] }
        } else {
            for i in 1..<Swift.max(count, 1) where x[i] < m || x[i] != x[i] { m = x[i] }
        }
        return m
    }

    /// The index of the first largest (`greater`) or smallest of `count` elements spaced by
    /// `step`; the first NaN wins, as `np.argmax`.
    static func argExtreme<T: NDElement & Comparable>(
        _ x: UnsafePointer<T>, _ count: Int, step: Int, greater: Bool
    ) -> Int {
        var best = 0
        var m = x[0]
        if m != m { return 0 }
        for i in 1..<Swift.max(count, 1) {
            let v = x[i * step]
            if v != v { return i }
            if greater ? v > m : v < m {
                m = v
                best = i
            }
        }
        return best
    }
}
