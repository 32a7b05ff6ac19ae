/// A reduction over axes: a NumPy `ufunc.reduce`.
public enum ReductionKind: String, Sendable {
    case sum, max, min
}

extension NDArray {
    /// Sum over `axes` (all axes when nil), as `np.sum`; ints and bools sum to `int64`.
    public func sum(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.sum, axes: axes, keepdims: keepdims)
    }
    /// Sum over one axis, or all axes when nil.
    public func sum(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        sum(axes: axis.map { [$0] }, keepdims: keepdims)
    }
    /// The largest element over `axes` (all when nil); NaN propagates, as `np.max`.
    public func max(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.max, axes: axes, keepdims: keepdims)
    }
    /// The largest element over one axis, or all axes when nil.
    public func max(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        max(axes: axis.map { [$0] }, keepdims: keepdims)
    }
    /// The smallest element over `axes` (all when nil); NaN propagates, as `np.min`.
    public func min(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        reduce(.min, axes: axes, keepdims: keepdims)
    }
    /// The smallest element over one axis, or all axes when nil.
    public func min(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        min(axes: axis.map { [$0] }, keepdims: keepdims)
    }

    /// The arithmetic mean over `axes` (all when nil), as `np.mean`: `float32` stays `float32`,
    /// integers give `float64`.
    public func mean(axes: [Int]?, keepdims: Bool = false) -> NDArray {
        let reduced = reducedAxes(axes, in: "mean")
        let count = reduced.reduce(1) { $0 * shape[$1] }
        let total = dtype.isFloatingPoint ? sum(axes: axes, keepdims: keepdims)
            : astype(.float64).sum(axes: axes, keepdims: keepdims)
        return (total / Double(count)).astype(total.dtype)
    }
    /// The mean over one axis, or all axes when nil.
    public func mean(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        mean(axes: axis.map { [$0] }, keepdims: keepdims)
    }

    /// Sorted, normalized, distinct axes to reduce (all axes for nil); `function` names the
    /// operation in a message.
    func reducedAxes(_ axes: [Int]?, in function: @autoclosure () -> String) -> [Int] {
        guard let axes else { return Array(0..<ndim) }
        let normalized = axes.map { NDArray.normalizeAxis($0, ndim: ndim, in: function()) }
        require(Set(normalized).count == normalized.count, "\(function()): duplicate value in 'axis' \(axes)")
        return normalized.sorted()
    }

    /// Reduces with `kind` over `axes` (all when nil).
    public func reduce(_ kind: ReductionKind, axes: [Int]?, keepdims: Bool = false) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.reduce(kind, axes: axes, keepdims: keepdims), [self]) { return result }
        if let reduced = reducedAlongRuns(kind, axes: axes, keepdims: keepdims) { return reduced }
        let reduced = reducedAxes(axes, in: kind.rawValue)
        let kept = (0..<ndim).filter { !reduced.contains($0) }
        let outer = kept.reduce(1) { $0 * shape[$1] }
        let inner = reduced.reduce(1) { $0 * shape[$1] }
        require(
            kind == .sum || inner > 0,
            "\(kind.rawValue): zero-size array of shape \(shape) to reduction operation \(kind.rawValue) which has no identity")
        let outShape = keepdims
            ? shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
            : kept.map { shape[$0] }
        let source = kind == .sum && (dtype == .bool) ? astype(.int64) : self

        // NumPy's iterator drops axes of length 1 before it picks its loop: (100, 1) summed over
        // axis 0 adds pairwise as (100,) does, (1, 100, 2) over axis 1 row after row as (100, 2)
        // does. Only float sums depend on the order.
        if kind == .sum && dtype.isFloatingPoint && shape.contains(1) {
            let long = shape.indices.filter { shape[$0] != 1 }
            let longReduced = long.indices.filter { reduced.contains(long[$0]) }
            if !longReduced.isEmpty { return squeeze().reduce(kind, axes: longReduced).reshape(outShape) }
        }

        // Leading axes reduced over a contiguous array: accumulate whole rows, as NumPy does.
        if isContiguous && reduced == Array(0..<reduced.count) && !kept.isEmpty && inner > 1 {
            let rows = source.reshape([inner, outer])
            return NDArray.accumulateRows(kind, rows).reshape(outShape)
        }
        let view = source.transpose(kept + reduced).contiguous()
        var out = NDArray(uninitializedShape: [outer], dtype: source.dtype)
        withExtendedLifetime(view) {
            switch source.dtype {
            case .float32:
                NDArray.reduceRows(kind, view.base(Float.self), out.base(Float.self), outer, inner)
            case .float64:
                NDArray.reduceRows(kind, view.base(Double.self), out.base(Double.self), outer, inner)
            case .int64: NDArray.reduceRows(kind, view.base(Int64.self), out.base(Int64.self), outer, inner)
            case .bool:
                let x = view.base(Bool.self), o = out.base(Bool.self)
                for r in 0..<outer {
                    let row = UnsafeBufferPointer(start: x + r * inner, count: inner)
                    o[r] = kind == .max ? row.contains(true) : !row.contains(false)
                }
            }
        }
        return out.reshape(outShape)
    }

    /// The common reductions of a contiguous float array, over all axes or over the last one,
    /// where each result reduces one contiguous run of elements, as NumPy's inner loop does, or
    /// over the first axis, row after row: the same numbers as the general path of
    /// ``reduce(_:axes:keepdims:)``, without its bookkeeping (which costs more than the
    /// arithmetic on small arrays). Nil for other cases.
    private func reducedAlongRuns(_ kind: ReductionKind, axes: [Int]?, keepdims: Bool) -> NDArray? {
        guard dtype.isFloatingPoint, size > 0, isContiguous else { return nil }
        if let axes, axes == [0], ndim >= 2, !shape.contains(1) {
            let rows = NDArray.accumulateRows(kind, reshape([shape[0], size / shape[0]]))
            return rows.reshape(keepdims ? [1] + shape.dropFirst() : Array(shape.dropFirst()))
        }
        let outShape: [Int]
        if let axes {
            guard axes.count == 1, ndim > 0, axes[0] == ndim - 1 || axes[0] == -1, shape[ndim - 1] > 1 else { return nil }
            outShape = keepdims ? shape.dropLast() + [1] : Array(shape.dropLast())
        } else {
            outShape = keepdims ? [Int](repeating: 1, count: ndim) : []
        }
        let inner = axes == nil ? size : shape[ndim - 1]
        let out = NDArray(uninitializedShape: outShape, dtype: dtype, device: device)
        withExtendedLifetime(self) {
            if dtype == .float32 {
                NDArray.reduceRows(kind, base(Float.self), out.base(Float.self), size / inner, inner)
            } else {
                NDArray.reduceRows(kind, base(Double.self), out.base(Double.self), size / inner, inner)
            }
        }
        return out
    }

    /// Reduces each of `outer` contiguous rows of `inner` floats; `sum` adds a row as NumPy 1.23
    /// does (pairwise, in runs of its buffer size, onto the identity +0.0).
    static func reduceRows<T: VectorMathElement>(
        _ kind: ReductionKind, _ x: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ outer: Int, _ inner: Int
    ) {
        for r in 0..<outer {
            switch kind {
            case .sum: o[r] = VectorMath.numpySum(x + r * inner, count: inner)
            case .max: o[r] = Reduce.extreme(x + r * inner, inner, greater: true)
            case .min: o[r] = Reduce.extreme(x + r * inner, inner, greater: false)
            }
        }
    }

    static func reduceRows(_ kind: ReductionKind, _ x: UnsafePointer<Int64>, _ o: UnsafeMutablePointer<Int64>, _ outer: Int, _ inner: Int) {
        for r in 0..<outer {
            switch kind {
            case .sum: o[r] = Reduce.integerSum(x + r * inner, inner)
            case .max: o[r] = Reduce.extreme(x + r * inner, inner, greater: true)
            case .min: o[r] = Reduce.extreme(x + r * inner, inner, greater: false)
            }
        }
    }

    /// Reduces the rows of a contiguous 2-D array into one row, row after row, as NumPy does
    /// for leading axes (sums start from the identity +0.0, so a column of -0.0 sums to +0.0).
    static func accumulateRows(_ kind: ReductionKind, _ rows: NDArray) -> NDArray {
        switch rows.dtype {
        case .float32: return accumulateRows(kind, rows, Float.self, zero: 0, add: +)
        case .float64: return accumulateRows(kind, rows, Double.self, zero: 0, add: +)
        case .int64: return accumulateRows(kind, rows, Int64.self, zero: 0, add: &+)
        case .bool:
            let operation: BinaryOperation = kind == .max ? .maximum : .minimum
            var acc = rows.sliced(axis: 0, from: 0, to: 1).copy()
            for i in 1..<rows.shape[0] { acc = apply(operation, acc, rows.sliced(axis: 0, from: i, to: i + 1)) }
            return acc
        }
    }

    private static func accumulateRows<T: NDElement & Comparable>(
        _ kind: ReductionKind, _ rows: NDArray, _: T.Type, zero: T, add: (T, T) -> T
    ) -> NDArray {
        let (n, width) = (rows.shape[0], rows.shape[1])
        let out = NDArray(uninitializedShape: [1, width], dtype: rows.dtype, device: rows.device)
        let x = rows.base(T.self), o = out.base(T.self)
        withExtendedLifetime(rows) {
            switch kind {
            case .sum:
                for j in 0..<width { o[j] = add(zero, x[j]) }
                for i in 1..<n {
                    let row = x + i * width
                    for j in 0..<width { o[j] = add(o[j], row[j]) }
                }
            case .max, .min:
                for j in 0..<width { o[j] = x[j] }
                let greater = kind == .max
                for i in 1..<n {
                    let row = x + i * width
                    for j in 0..<width where o[j] == o[j] {
                        let v = row[j]
                        if v != v || (greater ? v > o[j] : v < o[j]) { o[j] = v }
                    }
                }
            }
        }
        return out
    }

    /// The flat index (axis nil) or the indices along `axis` of the largest elements, as `np.argmax`.
    public func argmax(axis: Int? = nil, keepdims: Bool = false) -> NDArray { argExtreme(axis, keepdims, greater: true) }
    /// The flat index (axis nil) or the indices along `axis` of the smallest elements, as `np.argmin`.
    public func argmin(axis: Int? = nil, keepdims: Bool = false) -> NDArray { argExtreme(axis, keepdims, greater: false) }

    func argExtreme(_ axis: Int?, _ keepdims: Bool, greater: Bool) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.argReduce(greater: greater, axis: axis, keepdims: keepdims), [self]) { return result }
        let name = greater ? "argmax" : "argmin"
        guard let axis else {
            require(size > 0, "\(name): attempt to get \(name) of an empty sequence")
            let flat = ravel().argExtreme(0, false, greater: greater)
            return keepdims ? flat.reshape([Int](repeating: 1, count: ndim)) : flat
        }
        let a = NDArray.normalizeAxis(axis, ndim: ndim, in: name)
        require(shape[a] > 0, "\(name): attempt to get \(name) of an empty sequence (axis \(a) of shape \(shape))")
        var order = (0..<ndim).filter { $0 != a }
        order.append(a)
        let view = transpose(order).contiguous()
        let inner = shape[a], outer = size / inner
        var indices = [Int64](repeating: 0, count: outer)
        withExtendedLifetime(view) {
            for r in 0..<outer {
                let i: Int
                switch dtype {
                case .float32: i = Reduce.argExtreme(view.base(Float.self) + r * inner, inner, step: 1, greater: greater)
                case .float64: i = Reduce.argExtreme(view.base(Double.self) + r * inner, inner, step: 1, greater: greater)
                case .int64: i = Reduce.argExtreme(view.base(Int64.self) + r * inner, inner, step: 1, greater: greater)
                case .bool:
                    let x = view.base(Bool.self) + r * inner
                    i = (0..<inner).first { x[$0] == greater } ?? 0
                }
                indices[r] = Int64(i)
            }
        }
        var outShape = shape
        if keepdims { outShape[a] = 1 } else { outShape.remove(at: a) }
        return NDArray(indices, shape: outShape)
    }
}
