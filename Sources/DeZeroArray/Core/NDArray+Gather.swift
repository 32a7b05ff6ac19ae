/// Fast paths of integer-array indexing for the two forms training loops use on every step:
/// picking rows (`x[batch]`) and picking one element per row (`x[arange(n), t]`). They give the
/// same arrays and the same bounds failures as the general path of ``NDArray/subscript(indices:)``.
extension NDArray {
    /// `self[rows]` or `self[rows, columns]` for `int64` index arrays on a contiguous array,
    /// or nil when the index has another form.
    func gatheredAlongLeadingAxes(_ indices: [any NDIndex]) -> NDArray? {
        guard isContiguous, indices.count == 1 || (indices.count == 2 && ndim == 2) else { return nil }
        guard case .array(let rows) = indices[0].ndIndexItem, rows.dtype == .int64, ndim >= 1 else { return nil }
        if indices.count == 1 {
            let rowSize = shape.dropFirst().reduce(1, *)
            var out = NDArray(uninitializedShape: rows.shape + shape.dropFirst(), dtype: dtype, device: device)
            forEachIndex(rows, axis: 0) { k, i in
                (out.storage.bytes + k * rowSize * dtype.itemSize).copyMemory(
                    from: storage.bytes + (offset + i * rowSize) * dtype.itemSize, byteCount: rowSize * dtype.itemSize)
            }
            return out
        }
        guard case .array(let columns) = indices[1].ndIndexItem, columns.dtype == .int64, columns.shape == rows.shape
        else { return nil }
        var out = NDArray(uninitializedLike: rows, dtype: dtype)
        let width = shape[1]
        var positions = [Int](repeating: 0, count: rows.size)
        forEachIndex(rows, axis: 0) { k, i in positions[k] = offset + i * width }
        forEachIndex(columns, axis: 1) { k, j in positions[k] += j }
        switch dtype {
        case .bool: copyElements(positions, into: &out, Bool.self)
        case .int64: copyElements(positions, into: &out, Int64.self)
        case .float32: copyElements(positions, into: &out, Float.self)
        case .float64: copyElements(positions, into: &out, Double.self)
        }
        return out
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
                precondition(
                    i >= 0 && i < n,
                    "subscript: index \(v) is out of bounds for axis \(axis) with size \(n) (array shape \(shape))")
                body(k, i)
            }
        }
    }

    /// Copies the elements at storage `positions` into the contiguous `out`, in order.
    private func copyElements<T>(_ positions: [Int], into out: inout NDArray, _: T.Type) {
        let src = storage.bytes.assumingMemoryBound(to: T.self), dst = out.base(T.self)
        withExtendedLifetime(self) {
            for (k, position) in positions.enumerated() { dst[k] = src[position] }
        }
    }
}
