import DeZeroArray

extension ArrayOp {
    /// The type of the result of this primitive on operands of types `operands`: the dtype and
    /// shape that ``evaluate(_:)`` gives, worked out without running it.
    ///
    /// Dtypes follow NumPy 1.x as the eager code does, with ``DType/result(_:rankA:_:rankB:)``
    /// for a 0-d operand beside an array. (Eager NumPy also looks at the value of a 0-d integer
    /// or float64 operand beside a float32 array, and may give float64: a type alone cannot tell,
    /// so this gives float32 and ``Verifier`` accepts float64 there.) Operands that the primitive
    /// cannot take (their count, shapes or dtypes) throw an ``IRError`` of kind `shape` that
    /// names the operation, the shapes and the fix.
    public func resultType(operands: [TensorType]) throws(IRError) -> TensorType {
        let rule = ShapeRule(op: mnemonic, operands: operands)
        switch self {
        case .unary:
            let x = try rule.single()
            return TensorType(x.dtype.isFloatingPoint ? x.dtype : .float64, x.shape)
        case .negative:
            let x = try rule.single()
            return TensorType(x.dtype == .bool ? .int64 : x.dtype, x.shape)
        case .abs, .sign:
            return try rule.single()
        case .sigmoid:
            let x = try rule.single()
            return TensorType(x.dtype.isFloatingPoint ? x.dtype : .float64, x.shape)
        case .binary(let operation):
            try rule.count(2)
            let (a, b) = (operands[0], operands[1])
            var dtype = DType.result(a.dtype, rankA: a.shape.count, b.dtype, rankB: b.shape.count)
            if operation == .divide && !dtype.isFloatingPoint { dtype = .float64 }
            if dtype == .bool && (operation == .subtract || operation == .power) { dtype = .int64 }
            return TensorType(dtype, try rule.broadcast(a.shape, b.shape))
        case .compare:
            try rule.count(2)
            return TensorType(.bool, try rule.broadcast(operands[0].shape, operands[1].shape))
        case .select:
            try rule.count(3)
            let (c, a, b) = (operands[0], operands[1], operands[2])
            let dtype = DType.result(a.dtype, rankA: a.shape.count, b.dtype, rankB: b.shape.count)
            return TensorType(dtype, try rule.broadcast(try rule.broadcast(c.shape, a.shape), b.shape))
        case .cast(let dtype):
            return TensorType(dtype, try rule.single().shape)
        case .reshape(let shape):
            return try rule.reshape(shape)
        case .transpose(let axes):
            let x = try rule.single()
            let normalized = try axes.map { a throws(IRError) in try rule.axis(a, ndim: x.shape.count) }
            guard normalized.count == x.shape.count && Set(normalized).count == normalized.count else {
                throw rule.fail("axes \(axes) do not match an array of shape \(x.shape); give each of its \(x.shape.count) axes once")
            }
            return TensorType(x.dtype, normalized.map { x.shape[$0] })
        case .broadcast(let target):
            return try rule.broadcastTo(target)
        case .expandDims(let axis):
            var x = try rule.single()
            x.shape.insert(1, at: try rule.axis(axis, ndim: x.shape.count + 1))
            return x
        case .squeeze(let axes):
            let x = try rule.single()
            var drop = Set<Int>()
            for a in axes {
                let n = try rule.axis(a, ndim: x.shape.count)
                guard x.shape[n] == 1 else {
                    throw rule.fail("cannot select axis \(a) of shape \(x.shape): its length is not 1")
                }
                drop.insert(n)
            }
            return TensorType(x.dtype, x.shape.indices.filter { !drop.contains($0) }.map { x.shape[$0] })
        case .reduce(let kind, let axes, let keepdims):
            return try rule.reduce(kind, axes: axes, keepdims: keepdims)
        case .argReduce(_, let axis, let keepdims):
            return try rule.argReduce(axis: axis, keepdims: keepdims)
        case .matmul:
            return try rule.matmul()
        case .getItem(let items):
            try rule.count(1 + items.count { $0 == .array }, "x and one index array per 'array' item")
            return TensorType(operands[0].dtype, try rule.selection(items, of: operands[0], arrays: Array(operands[1...])))
        case .setItem(let items), .addAt(let items):
            try rule.count(2 + items.count { $0 == .array }, "x, the values and one index array per 'array' item")
            return try rule.scatter(items, isAddAt: self != .setItem(items))
        case .concatenate(let axis):
            return try rule.concatenate(axis: axis)
        case .pad(let pairs, _):
            let x = try rule.single()
            guard pairs.count == x.shape.count || pairs.count == 1 else {
                throw rule.fail("\(pairs.count) (before, after) pairs given for an array of shape \(x.shape); give one per axis or one for all")
            }
            let all = pairs.count == x.shape.count ? pairs : Array(repeating: pairs[0], count: x.shape.count)
            guard all.allSatisfy({ $0.first >= 0 && $0.second >= 0 }) else {
                throw rule.fail("widths cannot be negative, got \(pairs.map(\.tuple))")
            }
            return TensorType(x.dtype, try zip(x.shape, all).map { d, p throws(IRError) in try rule.sum([d, p.first, p.second]) })
        case .im2col(let kernel, let stride, let pad, let toMatrix):
            let x = try rule.single()
            guard x.shape.count == 4 else { throw rule.fail("expected an (N, C, H, W) image, got shape \(x.shape)") }
            let g = try rule.convolution(x.shape, kernel, stride, pad)
            return TensorType(x.dtype, toMatrix ? g.matrix : g.columns)
        case .col2im(let imageShape, let kernel, let stride, let pad, let toMatrix):
            let x = try rule.single()
            guard imageShape.count == 4 else { throw rule.fail("expected an (N, C, H, W) image shape, got \(imageShape)") }
            let g = try rule.convolution(imageShape, kernel, stride, pad)
            let expected = toMatrix ? g.matrix : g.columns
            guard x.shape == expected || (toMatrix && x.count == expected.reduce(1, *)) else {
                throw rule.fail("columns of shape \(x.shape) do not match image shape \(imageShape) with kernel \(kernel.tuple), stride \(stride.tuple), pad \(pad.tuple) (expected \(expected))")
            }
            guard x.dtype != .bool else { throw rule.fail("bool columns are not supported; cast them with astype first") }
            return TensorType(x.dtype, imageShape)
        case .softmax(let axis):
            let x = try rule.single()
            _ = try rule.nonEmptyAxis(axis, of: x)
            return TensorType(x.dtype.isFloatingPoint ? x.dtype : .float64, x.shape)
        case .logsumexp(let axis, let keepdims):
            let x = try rule.single()
            let a = try rule.nonEmptyAxis(axis, of: x)
            var shape = x.shape
            if keepdims { shape[a] = 1 } else { shape.remove(at: a) }
            return TensorType(x.dtype.isFloatingPoint ? x.dtype : .float64, shape)
        case .full(let shape, _, let dtype):
            try rule.count(0)
            return TensorType(dtype, try rule.creation(shape))
        case .random(let draw):
            try rule.count(0)
            switch draw {
            case .rand(let shape), .randn(let shape), .uniform(_, _, let shape), .normal(_, _, let shape):
                return TensorType(.float64, try rule.creation(shape))
            case .randint(let low, let high, let shape):
                guard low < high else { throw rule.fail("low \(low) >= high \(high); pass low < high (high is exclusive)") }
                return TensorType(.int64, try rule.creation(shape))
            case .permutation(let n):
                guard n >= 0 else { throw rule.fail("n must not be negative, got \(n)") }
                return TensorType(.int64, [n])
            }
        }
    }
}
