/// Reduction loops for integers and extremes (floating-point sums are ``VectorMath/numpySum``).
enum Reduce {
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
