/// Broadcasting elementwise loops over typed operands.
///
/// Operands arrive already converted to the kernel's element type; the closure is inlined into
/// each loop so contiguous runs vectorize.
extension NDArray {
    /// `f(a, b)` elementwise over the broadcast shape of `a` and `b` (both of element type `T`),
    /// into a new array, or into `destination` (contiguous, of that shape and of type `R`; it may
    /// be `a` itself: each element is read before it is written).
    @inlinable
    static func zipMap<T: NDElement, R: NDElement>(
        _ a: NDArray, _ b: NDArray, shape: [Int], _: T.Type, _: R.Type, into destination: NDArray? = nil,
        _ f: (T, T) -> R
    ) -> NDArray {
        let out = destination
            ?? (a.shape == shape ? NDArray(uninitializedLike: a, dtype: R.dtype)
                : b.shape == shape ? NDArray(uninitializedLike: b, dtype: R.dtype)
                : NDArray(uninitializedShape: shape, dtype: R.dtype, device: a.device))
        let n = out.size
        let pa = a.base(T.self), pb = b.base(T.self), po = out.base(R.self)
        // An operand that holds as many elements as the result and is contiguous is read in
        // the result's order (broadcasting at most added axes of length 1).
        let aInOrder = a.size == n && a.isContiguous, bInOrder = b.size == n && b.isContiguous
        let done: Bool = withExtendedLifetime((a, b)) {
            if aInOrder && bInOrder {
                for i in 0..<n { po[i] = f(pa[i], pb[i]) }
                return true
            }
            // One operand in order, the other a contiguous block repeated along leading axes
            // (a bias row, a scalar) or a contiguous column repeated along the last axis (as
            // `x - x.max(axis: -1, keepdims: true)`): no strided bookkeeping.
            if aInOrder, let width = NDArray.repeatedBlock(b, in: shape) {
                if width == 1 {
                    let s = pb[0]
                    for i in 0..<n { po[i] = f(pa[i], s) }
                    return true
                }
                for start in stride(from: 0, to: n, by: width) {
                    for j in 0..<width { po[start + j] = f(pa[start + j], pb[j]) }
                }
                return true
            }
            if bInOrder, let width = NDArray.repeatedBlock(a, in: shape) {
                if width == 1 {
                    let s = pa[0]
                    for i in 0..<n { po[i] = f(s, pb[i]) }
                    return true
                }
                for start in stride(from: 0, to: n, by: width) {
                    for j in 0..<width { po[start + j] = f(pa[j], pb[start + j]) }
                }
                return true
            }
            if aInOrder, let width = NDArray.repeatedColumn(b, in: shape) {
                for row in 0..<(n / width) {
                    let s = pb[row], start = row * width
                    for j in 0..<width { po[start + j] = f(pa[start + j], s) }
                }
                return true
            }
            if bInOrder, let width = NDArray.repeatedColumn(a, in: shape) {
                for row in 0..<(n / width) {
                    let s = pa[row], start = row * width
                    for j in 0..<width { po[start + j] = f(s, pb[start + j]) }
                }
                return true
            }
            return false
        }
        if done { return out }
        let va = a.broadcast(to: shape), vb = b.broadcast(to: shape)
        withExtendedLifetime((va, vb)) {
            var position = 0
            StridedLoop.runs2(shape: shape, stridesA: va.strides, stridesB: vb.strides) {
                startA, startB, count, strideA, strideB in
                let o = po + position, x = pa + startA, y = pb + startB
                switch (strideA, strideB) {
                case (1, 1): for i in 0..<count { o[i] = f(x[i], y[i]) }
                case (1, 0): let s = y[0]; for i in 0..<count { o[i] = f(x[i], s) }
                case (0, 1): let s = x[0]; for i in 0..<count { o[i] = f(s, y[i]) }
                default: for i in 0..<count { o[i] = f(x[i * strideA], y[i * strideB]) }
                }
                position += count
            }
        }
        return out
    }

    /// The element count of `x` when it is contiguous and broadcasting it to `shape` only repeats
    /// it along leading axes (its shape is a suffix of `shape`, up to leading 1s), else nil.
    @usableFromInline
    static func repeatedBlock(_ x: NDArray, in shape: [Int]) -> Int? {
        guard x.isContiguous, x.size > 0 else { return nil }
        var dims = x.shape[...]
        while dims.first == 1 { dims = dims.dropFirst() }
        guard dims.count <= shape.count, shape.suffix(dims.count).elementsEqual(dims) else { return nil }
        return x.size
    }

    /// The row length (the last axis of `shape`) when `x` is contiguous and broadcasting it to
    /// `shape` only repeats each element along that last axis (`x.shape` is `shape` with the
    /// last axis 1), else nil.
    @usableFromInline
    static func repeatedColumn(_ x: NDArray, in shape: [Int]) -> Int? {
        guard let width = shape.last, width > 1, x.ndim == shape.count, x.shape.last == 1, x.isContiguous,
            x.shape.dropLast().elementsEqual(shape.dropLast())
        else { return nil }
        return width
    }

    /// `f(c, a, b)` elementwise over the broadcast shape of three operands.
    @inlinable
    static func zipMap3<C: NDElement, T: NDElement, R: NDElement>(
        _ c: NDArray, _ a: NDArray, _ b: NDArray, shape: [Int], _: C.Type, _: T.Type, _: R.Type,
        _ f: (C, T, T) -> R
    ) -> NDArray {
        var out = NDArray(uninitializedShape: shape, dtype: R.dtype, device: a.device)
        let vc = c.broadcast(to: shape), va = a.broadcast(to: shape), vb = b.broadcast(to: shape)
        let pc = vc.base(C.self), pa = va.base(T.self), pb = vb.base(T.self), po = out.base(R.self)
        withExtendedLifetime((vc, va, vb)) {
            var position = 0
            StridedLoop.runs3(
                shape: shape, stridesA: vc.strides, stridesB: va.strides, stridesC: vb.strides
            ) { startC, startA, startB, count, strideC, strideA, strideB in
                let o = po + position, z = pc + startC, x = pa + startA, y = pb + startB
                for i in 0..<count { o[i] = f(z[i * strideC], x[i * strideA], y[i * strideB]) }
                position += count
            }
        }
        return out
    }

    /// `f(element)` for every element, into a new contiguous array of element type `R`.
    @inlinable
    func map<T: NDElement, R: NDElement>(_: T.Type, _: R.Type, _ f: (T) -> R) -> NDArray {
        var out = NDArray(uninitializedLike: self, dtype: R.dtype)
        map(T.self, into: &out, R.self, f)
        return out
    }
}
