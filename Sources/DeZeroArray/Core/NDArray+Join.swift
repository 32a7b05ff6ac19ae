/// Joins `arrays` along an existing `axis`, promoting dtypes, as `np.concatenate`.
public func concatenate(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
    if Tracing.intercepts, let result = Tracing.intercept(.concatenate(axis: axis), arrays) { return result }
    require(!arrays.isEmpty, "concatenate: need at least one array to concatenate")
    let first = arrays[0]
    require(first.ndim > 0, "concatenate: zero-dimensional arrays cannot be concatenated")
    let a = NDArray.normalizeAxis(axis, ndim: first.ndim, in: "concatenate")
    var dtype = first.dtype
    var length = 0
    for x in arrays {
        require(
            x.ndim == first.ndim
                && x.shape.indices.allSatisfy { $0 == a || x.shape[$0] == first.shape[$0] },
            "concatenate: all input array dimensions except axis \(a) must match; got \(arrays.map(\.shape))")
        dtype = DType.promote(dtype, x.dtype)
        length += x.shape[a]
    }
    var shape = first.shape
    shape[a] = length
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    var out = NDArray(uninitializedShape: shape, dtype: dtype)
    let item = dtype.itemSize
    let dst = out.storage.bytes
    var column = 0
    for x in arrays {
        let c = x.astype(dtype).contiguous()
        let block = x.shape[a] * inner * item
        let src = c.storage.bytes + c.offset * item
        for o in 0..<outer {
            (dst + (o * length * inner + column * inner) * item).copyMemory(from: src + o * block, byteCount: block)
        }
        column += x.shape[a]
        withExtendedLifetime(c) {}
    }
    return out
}

/// Joins `arrays` of one shape along a new `axis`, as `np.stack`.
public func stack(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
    require(!arrays.isEmpty, "stack: need at least one array to stack")
    let shape = arrays[0].shape
    for x in arrays {
        require(x.shape == shape, "stack: all input arrays must have the same shape; got \(arrays.map(\.shape))")
    }
    let a = NDArray.normalizeAxis(axis, ndim: shape.count + 1, in: "stack")
    return concatenate(arrays.map { $0.expandDims(a) }, axis: a)
}

/// Splits `array` along `axis` into `sections` equal parts, as `np.split` with an integer.
public func split(_ array: NDArray, _ sections: Int, axis: Int = 0) -> [NDArray] {
    let a = NDArray.normalizeAxis(axis, ndim: array.ndim, in: "split")
    require(
        sections > 0 && array.shape[a] % sections == 0,
        "split: array split does not result in an equal division (axis \(a) of shape \(array.shape) into \(sections))")
    let step = array.shape[a] / sections
    return split(array, indices: (1..<sections).map { $0 * step }, axis: a)
}

/// Splits `array` along `axis` before each of `indices`, as `np.split` with a list.
public func split(_ array: NDArray, indices: [Int], axis: Int = 0) -> [NDArray] {
    let a = NDArray.normalizeAxis(axis, ndim: array.ndim, in: "split")
    let n = array.shape[a]
    let bounds = [0] + indices.map { $0 < 0 ? Swift.max($0 + n, 0) : Swift.min($0, n) } + [n]
    return (0..<(bounds.count - 1)).map { i in
        // A basic index (a view, as before), so that a trace records the pieces.
        array[indices: Array(repeating: NDSlice(), count: a) + [NDSlice(start: bounds[i], stop: Swift.max(bounds[i], bounds[i + 1]))]]
    }
}

extension NDArray {
    /// The view `[from, to)` along one axis (bounds already in range).
    func sliced(axis: Int, from: Int, to: Int) -> NDArray {
        var s = shape
        s[axis] = to - from
        return NDArray(storage: storage, dtype: dtype, shape: s, strides: strides, offset: offset + from * strides[axis])
    }
}
