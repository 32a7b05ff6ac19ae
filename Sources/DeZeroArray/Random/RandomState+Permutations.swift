/// Shuffles, as NumPy's legacy `RandomState.shuffle` and `permutation`: a Fisher-Yates pass
/// from the last position down to 1, each swap partner drawn by masked rejection in `0...i`.
extension RandomState {
    /// Shuffles `array` in place along its first axis (`shuffle(x)`); other axes keep their
    /// order. An array with no elements is left alone and draws nothing, as in NumPy.
    public func shuffle(_ array: inout NDArray) {
        require(
            array.ndim >= 1,
            "RandomState.shuffle: a 0-d array has no axis to shuffle; pass an array with at least one dimension")
        if array.size == 0 { return }
        let n = array.shape[0]
        let rowBytes = array.size / n * array.dtype.itemSize
        array.makeUniqueContiguous()
        let data = array.storage.bytes + array.offset * array.dtype.itemSize
        withExtendedLifetime(array) {
            if rowBytes == 8 {
                state.withLock { state in
                    fisherYates(n, &state.mt) { i, j in
                        let a = data.load(fromByteOffset: i * 8, as: UInt64.self)
                        let b = data.load(fromByteOffset: j * 8, as: UInt64.self)
                        data.storeBytes(of: b, toByteOffset: i * 8, as: UInt64.self)
                        data.storeBytes(of: a, toByteOffset: j * 8, as: UInt64.self)
                    }
                }
            } else {
                let scratch = UnsafeMutableRawPointer.allocate(byteCount: rowBytes, alignment: 64)
                defer { scratch.deallocate() }
                state.withLock { state in
                    fisherYates(n, &state.mt) { i, j in
                        scratch.copyMemory(from: data + j * rowBytes, byteCount: rowBytes)
                        (data + j * rowBytes).copyMemory(from: data + i * rowBytes, byteCount: rowBytes)
                        (data + i * rowBytes).copyMemory(from: scratch, byteCount: rowBytes)
                    }
                }
            }
        }
    }

    /// `0..<n` as int64, shuffled (`permutation(n)`).
    public func permutation(_ n: Int) -> NDArray {
        if self === RandomState.global, let tracer = Tracing.recorder { return tracer.record(.random(.permutation(n)), []) }
        require(
            n >= 0,
            "RandomState.permutation: n = \(n) is negative; pass the number of elements to permute (>= 0)")
        var values = (0..<Int64(n)).map { $0 }
        state.withLock { state in
            fisherYates(n, &state.mt) { i, j in values.swapAt(i, j) }
        }
        return NDArray(values, shape: [n])
    }

    /// A shuffled copy of `array` along its first axis (`permutation(x)`); `array` is unchanged.
    public func permutation(_ array: NDArray) -> NDArray {
        require(
            array.ndim >= 1,
            "RandomState.permutation: a 0-d array has no axis to permute; pass an array with at least one dimension or an Int")
        if array.ndim == 1 {
            var copy = array.copy()
            shuffle(&copy)
            return copy
        }
        // NumPy shuffles an index array here, which draws even when the rows are empty.
        let order = permutationIndices(array.shape[0])
        return RandomState.takeRows(array, order)
    }

    /// `0..<n` shuffled as `permutation(n)` does, as Swift integers.
    func permutationIndices(_ n: Int) -> [Int] {
        var values = Array(0..<n)
        state.withLock { state in
            fisherYates(n, &state.mt) { i, j in values.swapAt(i, j) }
        }
        return values
    }

    /// The rows `rows` of `array` along axis 0, in that order, as a new contiguous array whose
    /// first axis is replaced by `leadingShape` (by default `[rows.count]`).
    static func takeRows(_ array: NDArray, _ rows: [Int], leadingShape: [Int]? = nil) -> NDArray {
        let source = array.contiguous()
        let rowCount = array.shape.first ?? 1
        let rowElements = rowCount == 0 ? 0 : source.size / rowCount
        let rowBytes = rowElements * array.dtype.itemSize
        let shape = (leadingShape ?? [rows.count]) + array.shape.dropFirst()
        let out = NDArray(uninitializedShape: shape, dtype: array.dtype)
        guard rowBytes > 0 else { return out }
        let from = source.storage.bytes + source.offset * array.dtype.itemSize
        withExtendedLifetime(source) {
            for (k, row) in rows.enumerated() {
                (out.storage.bytes + k * rowBytes)
                    .copyMemory(from: from + row * rowBytes, byteCount: rowBytes)
            }
        }
        return out
    }
}

/// Fisher-Yates over `n` positions: for `i` from `n - 1` down to 1, `swap(i, j)` with `j` drawn
/// uniformly in `0...i` (NumPy's `random_interval`); `i == j` swaps are skipped, which changes
/// no draw.
@inline(__always)
func fisherYates(_ n: Int, _ mt: inout MT19937, _ swap: (Int, Int) -> Void) {
    var i = n - 1
    while i >= 1 {
        let j = Int(mt.nextInterval(UInt64(i)))
        if i != j { swap(i, j) }
        i -= 1
    }
}
