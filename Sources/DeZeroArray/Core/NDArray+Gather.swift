/// Fast paths of integer-array indexing for the two forms training loops use on every step:
/// picking rows (`x[batch]`) and picking one element per row (`x[arange(n), t]`). They work out
/// the runs to copy without the general ``NDArray/subscript(indices:)`` plan, then copy them the
/// same way, with the same bounds failures.
extension NDArray {
    /// `self[rows]` or `self[rows, columns]` for `int64` index arrays on a contiguous array,
    /// or nil when the index has another form.
    func gatheredAlongLeadingAxes(_ indices: [any NDIndex]) -> NDArray? {
        guard isContiguous, ndim >= 1, indices.count == 1 || (indices.count == 2 && ndim == 2),
            case .array(let rows) = indices[0].ndIndexItem, rows.dtype == .int64
        else { return nil }
        var columns: NDArray?
        if indices.count == 2 {
            guard case .array(let c) = indices[1].ndIndexItem, c.dtype == .int64, c.shape == rows.shape else { return nil }
            columns = c
        }
        // Storage position of each picked row, then of each picked element in it.
        let rowSize = shape.dropFirst().reduce(1, *)
        var starts = [Int](repeating: offset, count: rows.size)
        forEachIndex(rows, axis: 0) { k, i in starts[k] += i * rowSize }
        guard let columns else {
            return gathered(starts: starts, count: rowSize, stride: 1, shape: rows.shape + shape.dropFirst())
        }
        forEachIndex(columns, axis: 1) { k, j in starts[k] += j }
        return gathered(starts: starts, count: 1, stride: 1, shape: rows.shape)
    }

    /// Calls `body(k, i)` for each element `k` (C order) of the index array, `i` made
    /// non-negative for `axis`, or stops with the subscript's bounds message.
    private func forEachIndex(_ index: NDArray, axis: Int, _ body: (Int, Int) -> Void) {
        let values = index.contiguous()
        let n = shape[axis]
        withExtendedLifetime(values) {
            let p = values.base(Int64.self)
            for k in 0..<values.size {
                let v = Int(p[k])
                let i = v < 0 ? v + n : v
                require(
                    i >= 0 && i < n,
                    "subscript: index \(v) is out of bounds for axis \(axis) with size \(n) (array shape \(shape))")
                body(k, i)
            }
        }
    }
}
