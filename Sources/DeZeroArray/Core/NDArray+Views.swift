extension NDArray {
    /// The same elements with a new shape; one entry may be -1 to be inferred. A view when the
    /// layout allows it (always for contiguous arrays), a copy otherwise, as `np.reshape`.
    public func reshape(_ newShape: [Int]) -> NDArray {
        if newShape == shape { return self }
        let shape = inferredShape(newShape)
        if Tracing.intercepts, let result = Tracing.intercept(.reshape(shape), [self]) { return result }
        let source = contiguous()
        return NDArray(
            storage: source.storage, dtype: dtype, shape: shape,
            strides: NDArray.contiguousStrides(shape), offset: source.offset)
    }

    /// `newShape` with its -1 entry (if any) worked out, or a stop with a message when this
    /// array's elements do not fill it.
    func inferredShape(_ newShape: [Int]) -> [Int] {
        var shape = newShape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        require(unknown.count <= 1, "reshape: can only specify one unknown dimension, got \(newShape)")
        let known = shape.filter { $0 != -1 }.reduce(1, *)
        if let u = unknown.first {
            require(
                known > 0 && size % known == 0,
                "reshape: cannot reshape array of size \(size) (shape \(self.shape)) into shape \(newShape)")
            shape[u] = size / known
        }
        require(
            shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == size,
            "reshape: cannot reshape array of size \(size) (shape \(self.shape)) into shape \(newShape)")
        return shape
    }

    /// `reshape` with the new shape as variadic arguments: `a.reshape(2, -1)`.
    public func reshape(_ newShape: Int...) -> NDArray { reshape(newShape) }

    /// The axes permuted (reversed when `axes` is nil), as `np.transpose`; always a view.
    public func transpose(_ axes: [Int]? = nil) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.transpose(axes ?? Array((0..<ndim).reversed())), [self]) { return result }
        guard let given = axes else {
            return NDArray(storage: storage, dtype: dtype, shape: shape.reversed(), strides: strides.reversed(), offset: offset)
        }
        let axes = given.map { NDArray.normalizeAxis($0, ndim: ndim, in: "transpose") }
        require(
            axes.count == ndim && Set(axes).count == ndim,
            "transpose: axes \(axes) do not match array of shape \(shape)")
        return NDArray(
            storage: storage, dtype: dtype, shape: axes.map { shape[$0] },
            strides: axes.map { strides[$0] }, offset: offset)
    }

    /// `transpose` with the axes as variadic arguments: `a.transpose(1, 0, 2)`.
    public func transpose(_ first: Int, _ rest: Int...) -> NDArray { transpose([first] + rest) }

    /// The transpose, as NumPy's `a.T`.
    public var T: NDArray { transpose() }

    /// Swaps two axes; a view.
    public func swapaxes(_ a: Int, _ b: Int) -> NDArray {
        var axes = Array(0..<ndim)
        axes.swapAt(
            NDArray.normalizeAxis(a, ndim: ndim, in: "swapaxes"),
            NDArray.normalizeAxis(b, ndim: ndim, in: "swapaxes"))
        return transpose(axes)
    }

    /// A read-only-style view repeated along new or length-1 axes to `shape`, as `np.broadcast_to`.
    public func broadcast(to target: [Int]) -> NDArray {
        if target == shape { return self }
        if Tracing.intercepts, let result = Tracing.intercept(.broadcast(target), [self]) { return result }
        require(
            target.count >= ndim,
            "broadcast_to: cannot broadcast shape \(shape) to \(target): the target has fewer axes")
        let lead = target.count - ndim
        var newStrides = [Int](repeating: 0, count: target.count)
        for axis in 0..<ndim {
            let d = shape[axis]
            require(
                d == target[lead + axis] || d == 1,
                "broadcast_to: cannot broadcast shape \(shape) to \(target)")
            newStrides[lead + axis] = d == 1 && target[lead + axis] != 1 ? 0 : strides[axis]
        }
        return NDArray(storage: storage, dtype: dtype, shape: target, strides: newStrides, offset: offset)
    }

    /// The shape two arrays broadcast to; stops with a message naming both shapes when they do not
    /// broadcast (`function`, built only then, names the operation).
    public static func broadcastShapes(_ a: [Int], _ b: [Int], in function: @autoclosure () -> String = "broadcast") -> [Int] {
        if a == b || b.isEmpty { return a }
        if a.isEmpty { return b }
        guard let shape = broadcastShape(a, b) else {
            misuse("\(function()): operands could not be broadcast together with shapes \(a) \(b)")
        }
        return shape
    }

    /// The shape `a` and `b` broadcast to, or nil when an axis differs and neither length is 1
    /// (the check of ``broadcastShapes(_:_:in:)`` without the trap, for callers that report
    /// their own error).
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let n = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard da == db || da == 1 || db == 1 else { return nil }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// A view with a new axis of length 1 at `axis`, as `np.expand_dims`.
    public func expandDims(_ axis: Int) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.expandDims(axis), [self]) { return result }
        let a = NDArray.normalizeAxis(axis, ndim: ndim + 1, in: "expand_dims")
        var s = shape, st = strides
        s.insert(1, at: a)
        st.insert(a < ndim ? strides[a] * shape[a] : 1, at: a)
        return NDArray(storage: storage, dtype: dtype, shape: s, strides: st, offset: offset)
    }

    /// A view without the given length-1 axes (all of them when `axes` is nil), as `np.squeeze`.
    public func squeeze(_ axes: [Int]? = nil) -> NDArray {
        if Tracing.intercepts, let result = Tracing.intercept(.squeeze(axes ?? shape.indices.filter { shape[$0] == 1 }), [self]) { return result }
        let drop: Set<Int>
        if let axes {
            drop = Set(axes.map { NDArray.normalizeAxis($0, ndim: ndim, in: "squeeze") })
            for a in drop {
                require(shape[a] == 1, "squeeze: cannot select axis \(a) of shape \(shape): its length is not 1")
            }
        } else {
            drop = Set(shape.indices.filter { shape[$0] == 1 })
        }
        let keep = shape.indices.filter { !drop.contains($0) }
        return NDArray(
            storage: storage, dtype: dtype, shape: keep.map { shape[$0] },
            strides: keep.map { strides[$0] }, offset: offset)
    }

    /// `squeeze` of one axis.
    public func squeeze(axis: Int) -> NDArray { squeeze([axis]) }

    /// A 1-D copy of the elements in C order, as `a.flatten()`.
    public func flatten() -> NDArray { copy().reshape([size]) }

    /// A 1-D view of the elements in C order when possible (a copy otherwise), as `np.ravel`.
    public func ravel() -> NDArray { reshape([size]) }
}
