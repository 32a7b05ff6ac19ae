/// Loops over strided views in C order, one innermost run at a time.
///
/// Kernels call these with a closure that does the tight inner loop over `count` elements, so the
/// per-element work stays free of index arithmetic. Adjacent axes that are laid out as one are
/// merged first, so a contiguous view is a single run.
@usableFromInline
enum StridedLoop {
    /// Merges axes `i` and `i + 1` wherever every operand steps over them as over one axis.
    @usableFromInline
    static func coalesce(_ shape: [Int], _ strides: [[Int]]) -> ([Int], [[Int]]) {
        var outShape: [Int] = []
        var outStrides = [[Int]](repeating: [], count: strides.count)
        for axis in shape.indices where shape[axis] != 1 {
            if let last = outShape.last,
                strides.indices.allSatisfy({ strides[$0][axis] * shape[axis] == outStrides[$0].last! })
            {
                outShape[outShape.count - 1] = last * shape[axis]
                for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][axis] }
            } else {
                outShape.append(shape[axis])
                for k in strides.indices { outStrides[k].append(strides[k][axis]) }
            }
        }
        if outShape.isEmpty {
            return ([1], strides.map { _ in [0] })
        }
        return (outShape, outStrides)
    }

    /// Calls `body(start, count, stride)` for each innermost run of one strided operand.
    @inlinable
    static func runs(
        shape: [Int], strides: [Int], _ body: (_ start: Int, _ count: Int, _ stride: Int) -> Void
    ) {
        if shape.contains(0) { return }
        let (s, st) = coalesce(shape, [strides])
        let a = st[0]
        let n = s.count
        let inner = s[n - 1]
        let innerStride = a[n - 1]
        var index = [Int](repeating: 0, count: n)
        var start = 0
        while true {
            body(start, inner, innerStride)
            var axis = n - 2
            while axis >= 0 {
                index[axis] += 1
                start += a[axis]
                if index[axis] < s[axis] { break }
                start -= a[axis] * s[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// Calls `body(startA, startB, count, strideA, strideB)` for each innermost run of two
    /// operands of the same (broadcast) shape.
    @inlinable
    static func runs2(
        shape: [Int], stridesA: [Int], stridesB: [Int],
        _ body: (_ startA: Int, _ startB: Int, _ count: Int, _ strideA: Int, _ strideB: Int) -> Void
    ) {
        if shape.contains(0) { return }
        let (s, st) = coalesce(shape, [stridesA, stridesB])
        let a = st[0], b = st[1]
        let n = s.count
        var index = [Int](repeating: 0, count: n)
        var startA = 0, startB = 0
        while true {
            body(startA, startB, s[n - 1], a[n - 1], b[n - 1])
            var axis = n - 2
            while axis >= 0 {
                index[axis] += 1
                startA += a[axis]
                startB += b[axis]
                if index[axis] < s[axis] { break }
                startA -= a[axis] * s[axis]
                startB -= b[axis] * s[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// Calls `body(startA, startB, startC, count, strideA, strideB, strideC)` for each innermost
    /// run of three operands of the same (broadcast) shape.
    @inlinable
    static func runs3(
        shape: [Int], stridesA: [Int], stridesB: [Int], stridesC: [Int],
        _ body: (
            _ startA: Int, _ startB: Int, _ startC: Int, _ count: Int,
            _ strideA: Int, _ strideB: Int, _ strideC: Int
        ) -> Void
    ) {
        if shape.contains(0) { return }
        let (s, st) = coalesce(shape, [stridesA, stridesB, stridesC])
        let a = st[0], b = st[1], c = st[2]
        let n = s.count
        var index = [Int](repeating: 0, count: n)
        var startA = 0, startB = 0, startC = 0
        while true {
            body(startA, startB, startC, s[n - 1], a[n - 1], b[n - 1], c[n - 1])
            var axis = n - 2
            while axis >= 0 {
                index[axis] += 1
                startA += a[axis]
                startB += b[axis]
                startC += c[axis]
                if index[axis] < s[axis] { break }
                startA -= a[axis] * s[axis]
                startB -= b[axis] * s[axis]
                startC -= c[axis] * s[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
