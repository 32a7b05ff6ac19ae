import DeZeroArray

/// The checks and shape arithmetic of ``ArrayOp/resultType(operands:)``, mirroring the
/// preconditions of the eager NDArray code, with messages that name the operation.
struct ShapeRule {
    /// The operation's mnemonic, for messages.
    let op: String
    /// The operands' types.
    let operands: [TensorType]

    /// A shape error naming the operation.
    func fail(_ message: String) -> IRError { IRError(.shape, "\(op): \(message)") }

    /// Checks that there are `n` operands (`what` says which).
    func count(_ n: Int, _ what: String? = nil) throws(IRError) {
        guard operands.count == n else {
            let which = what.map { " (\($0))" } ?? ""
            throw fail("takes \(n) operand\(n == 1 ? "" : "s")\(which), got \(operands.count)")
        }
    }

    /// The only operand.
    func single() throws(IRError) -> TensorType {
        try count(1)
        return operands[0]
    }

    /// `axis` made non-negative for `ndim` axes.
    func axis(_ axis: Int, ndim: Int) throws(IRError) -> Int {
        let a = axis < 0 ? axis + ndim : axis
        guard a >= 0 && a < ndim else {
            throw fail("axis \(axis) is out of bounds for an array of dimension \(ndim)")
        }
        return a
    }

    /// `axis` of `x`, which must not be empty (softmax, logsumexp take its maximum).
    func nonEmptyAxis(_ axis: Int, of x: TensorType) throws(IRError) -> Int {
        let a = try self.axis(axis, ndim: x.shape.count)
        guard x.shape[a] > 0 else { throw fail("axis \(axis) of shape \(x.shape) is empty; it has no maximum") }
        return a
    }

    /// NumPy's broadcast of two shapes.
    func broadcast(_ a: [Int], _ b: [Int]) throws(IRError) -> [Int] {
        guard let shape = NDArray.broadcastShape(a, b) else {
            throw fail("operands could not be broadcast together with shapes \(a) \(b); make the axes equal or 1 (reshape or broadcast_to first)")
        }
        return shape
    }

    /// A shape for a new array: no negative lengths.
    func creation(_ shape: [Int]) throws(IRError) -> [Int] {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("negative dimensions are not allowed, got shape \(shape)") }
        return shape
    }

    /// `reshape`, with one `-1` worked out as the eager code does.
    func reshape(_ target: [Int]) throws(IRError) -> TensorType {
        let x = try single()
        if target == x.shape { return x }
        var shape = target
        let unknown = shape.indices.filter { shape[$0] == -1 }
        guard unknown.count <= 1 else { throw fail("can only specify one unknown dimension, got \(target)") }
        let known = shape.filter { $0 != -1 }.reduce(1, *)
        let wrong = fail("cannot reshape an array of shape \(x.shape) (\(x.count) elements) into shape \(target); the lengths' product must be \(x.count)")
        if let u = unknown.first {
            guard known > 0 && x.count % known == 0 else { throw wrong }
            shape[u] = x.count / known
        }
        guard shape.allSatisfy({ $0 >= 0 }) && shape.reduce(1, *) == x.count else { throw wrong }
        return TensorType(x.dtype, shape)
    }

    /// `broadcast_to(target)`.
    func broadcastTo(_ target: [Int]) throws(IRError) -> TensorType {
        let x = try single()
        if target == x.shape { return x }
        let lead = target.count - x.shape.count
        guard lead >= 0, x.shape.indices.allSatisfy({ x.shape[$0] == target[lead + $0] || x.shape[$0] == 1 }) else {
            throw fail("cannot broadcast shape \(x.shape) to \(target); each axis must equal the target's or be 1")
        }
        return TensorType(x.dtype, target)
    }

    /// `sum`, `max` or `min` over `axes` (all when nil).
    func reduce(_ kind: ReductionKind, axes: [Int]?, keepdims: Bool) throws(IRError) -> TensorType {
        let x = try single()
        let ndim = x.shape.count
        let reduced: [Int]
        if let axes {
            reduced = try axes.map { a throws(IRError) in try axis(a, ndim: ndim) }
            guard Set(reduced).count == reduced.count else { throw fail("duplicate value in 'axes' \(axes)") }
        } else {
            reduced = Array(0..<ndim)
        }
        guard kind == .sum || reduced.allSatisfy({ x.shape[$0] > 0 }) else {
            throw fail("zero-size array of shape \(x.shape) to reduction operation \(kind.rawValue) which has no identity")
        }
        let shape = keepdims
            ? x.shape.indices.map { reduced.contains($0) ? 1 : x.shape[$0] }
            : x.shape.indices.filter { !reduced.contains($0) }.map { x.shape[$0] }
        return TensorType(kind == .sum && x.dtype == .bool ? .int64 : x.dtype, shape)
    }

    /// `argmax` or `argmin` along `axis` (the flat index when nil).
    func argReduce(axis: Int?, keepdims: Bool) throws(IRError) -> TensorType {
        let x = try single()
        guard let axis else {
            guard x.count > 0 else { throw fail("attempt to get \(op) of an empty sequence") }
            return TensorType(.int64, keepdims ? Array(repeating: 1, count: x.shape.count) : [])
        }
        let a = try self.axis(axis, ndim: x.shape.count)
        guard x.shape[a] > 0 else { throw fail("attempt to get \(op) of an empty sequence (axis \(a) of shape \(x.shape))") }
        var shape = x.shape
        if keepdims { shape[a] = 1 } else { shape.remove(at: a) }
        return TensorType(.int64, shape)
    }

    /// NumPy's `matmul`: 1-D operands promoted to matrices and the added axis removed, batch
    /// axes broadcast, two bool operands giving bool.
    func matmul() throws(IRError) -> TensorType {
        try count(2)
        let (a, b) = (operands[0], operands[1])
        guard !a.shape.isEmpty && !b.shape.isEmpty else {
            throw fail("input operands must have at least one dimension, got shapes \(a.shape) and \(b.shape)")
        }
        let x = a.shape.count == 1 ? [1, a.shape[0]] : a.shape
        let y = b.shape.count == 1 ? [b.shape[0], 1] : b.shape
        let (m, k) = (x[x.count - 2], x[x.count - 1])
        let (k2, n) = (y[y.count - 2], y[y.count - 1])
        guard k == k2 else {
            throw fail("shapes \(a.shape) and \(b.shape) are not aligned: \(k) (dim \(a.shape.count - 1)) != \(k2) (dim \(Swift.max(b.shape.count - 2, 0))); transpose one operand or fix the layer size")
        }
        var shape = try broadcast(Array(x.dropLast(2)), Array(y.dropLast(2))) + [m, n]
        if b.shape.count == 1 { shape.removeLast() }
        if a.shape.count == 1 { shape.remove(at: shape.count - (b.shape.count == 1 ? 1 : 2)) }
        return TensorType(DType.promote(a.dtype, b.dtype), shape)
    }

    /// `concatenate` along `axis`: equal shapes but on that axis, dtypes promoted.
    func concatenate(axis: Int) throws(IRError) -> TensorType {
        guard let first = operands.first else { throw fail("need at least one array to concatenate") }
        guard !first.shape.isEmpty else { throw fail("zero-dimensional arrays cannot be concatenated") }
        let a = try self.axis(axis, ndim: first.shape.count)
        var shape = first.shape, dtype = first.dtype
        shape[a] = 0
        for x in operands {
            guard x.shape.count == first.shape.count, x.shape.indices.allSatisfy({ $0 == a || x.shape[$0] == first.shape[$0] }) else {
                throw fail("all input array dimensions except axis \(a) must match; got \(operands.map(\.shape))")
            }
            shape[a] += x.shape[a]
            dtype = DType.promote(dtype, x.dtype)
        }
        return TensorType(dtype, shape)
    }

    /// The output shapes of `im2col` on an image of `imageShape` (NCHW): as a matrix and as
    /// columns `(N, C, KH, KW, OH, OW)`.
    func convolution(
        _ imageShape: [Int], _ kernel: ArrayOp.Pair, _ stride: ArrayOp.Pair, _ pad: ArrayOp.Pair
    ) throws(IRError) -> (matrix: [Int], columns: [Int]) {
        let (n, c, h, w) = (imageShape[0], imageShape[1], imageShape[2], imageShape[3])
        guard kernel.first > 0 && kernel.second > 0 else { throw fail("kernel size must be positive, got \(kernel.tuple)") }
        guard stride.first > 0 && stride.second > 0 else { throw fail("stride must be positive, got \(stride.tuple)") }
        guard pad.first >= 0 && pad.second >= 0 else { throw fail("pad must not be negative, got \(pad.tuple)") }
        // getConvOutsize's arithmetic, checked for overflow (the attributes may come from text).
        let oh = try outsize(h, kernel.first, stride.first, pad.first)
        let ow = try outsize(w, kernel.second, stride.second, pad.second)
        guard oh > 0 && ow > 0 else {
            throw fail("kernel \(kernel.tuple) with pad \(pad.tuple) does not fit an image of shape \(imageShape)")
        }
        let (kh, kw) = kernel.tuple
        return ([try product([n, oh, ow]), try product([c, kh, kw])], [n, c, kh, kw, oh, ow])
    }

    /// `(input + 2 * pad - kernel) / stride + 1`, rounded down, as `get_conv_outsize`.
    private func outsize(_ input: Int, _ kernel: Int, _ stride: Int, _ pad: Int) throws(IRError) -> Int {
        let span = try sum([input, try product([2, pad]), -kernel])
        return (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1
    }

    /// The sum of `xs`, or an error when it overflows.
    func sum(_ xs: [Int]) throws(IRError) -> Int {
        var total = 0
        for x in xs {
            let (t, overflow) = total.addingReportingOverflow(x)
            guard !overflow else { throw fail("the sizes \(xs) are too large") }
            total = t
        }
        return total
    }

    /// The product of `xs`, or an error when it overflows.
    func product(_ xs: [Int]) throws(IRError) -> Int {
        var total = 1
        for x in xs {
            let (t, overflow) = total.multipliedReportingOverflow(by: x)
            guard !overflow else { throw fail("the sizes \(xs) are too large") }
            total = t
        }
        return total
    }
}
