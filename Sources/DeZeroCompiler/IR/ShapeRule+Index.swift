import DeZeroArray

extension ShapeRule {
    /// The shape `x[items]` selects, as the eager index plan lays it out: the basic dimensions
    /// in order with the broadcast shape of the advanced indices where the advanced items stand
    /// when they are adjacent, in front otherwise (integers next to an index array count as
    /// advanced). `arrays` are the types of the index arrays, in order; they must be `i64`
    /// (a boolean mask selects a number of elements no type can tell).
    func selection(_ items: [IndexTemplate], of x: TensorType, arrays: [TensorType]) throws(IRError) -> [Int] {
        let ndim = x.shape.count
        var consumed = 0, ellipses = 0
        var next = arrays.makeIterator()
        for item in items {
            switch item {
            case .integer, .slice: consumed += 1
            case .newAxis: break
            case .ellipsis: ellipses += 1
            case .array:
                guard let index = next.next() else { throw fail("an 'array' item has no index array operand") }
                switch index.dtype {
                case .int64: consumed += 1
                case .bool:
                    throw fail("boolean mask index \(index) is not supported in compiled programs (the number of selected elements depends on the values); use integer indices, or where(mask, x, 0)")
                case .float32, .float64:
                    throw fail("arrays used as indices must be of integer (or boolean) type, got \(index.dtype)")
                }
            }
        }
        guard ellipses <= 1 else { throw fail("an index can only have a single ellipsis ('...')") }
        guard consumed <= ndim else {
            throw fail("too many indices for array: array is \(ndim)-dimensional, but \(consumed) were indexed (array shape \(x.shape))")
        }
        let hasAdvanced = items.contains(.array)

        var basicShape: [Int] = []
        var advanced: [(shape: [Int], integer: Int?, axis: Int)] = []
        var placement = AdvancedIndexPlacement()
        var axis = 0
        next = arrays.makeIterator()
        for item in items {
            switch item {
            case .integer(let i) where hasAdvanced:
                placement.noteAdvanced(basicCount: basicShape.count)
                advanced.append(([], i, axis))
                axis += 1
            case .integer(let i):
                try checkBounds(i, axis: axis, of: x)
                axis += 1
            case .slice(let s):
                placement.noteBasic()
                guard s.step != 0 else { throw fail("slice step cannot be zero") }
                guard s.step != Int.min else { throw fail("slice step \(Int.min) is too large") }
                basicShape.append(s.count(length: x.shape[axis]))
                axis += 1
            case .newAxis:
                placement.noteBasic()
                basicShape.append(1)
            case .ellipsis:
                placement.noteBasic()
                let n = ndim - consumed
                basicShape += x.shape[axis..<(axis + n)]
                axis += n
            case .array:
                placement.noteAdvanced(basicCount: basicShape.count)
                advanced.append((next.next()?.shape ?? [], nil, axis))
                axis += 1
            }
        }
        basicShape += x.shape[axis...]
        guard hasAdvanced else { return basicShape }

        var broadcastShape: [Int] = []
        for index in advanced {
            guard let b = NDArray.broadcastShape(broadcastShape, index.shape) else {
                throw fail("shape mismatch: indexing arrays could not be broadcast together with shapes \(advanced.map { $0.shape.description }.joined(separator: " "))")
            }
            broadcastShape = b
        }
        if broadcastShape.reduce(1, *) > 0 {
            for index in advanced { if let i = index.integer { try checkBounds(i, axis: index.axis, of: x) } }
        }
        let position = placement.position
        return Array(basicShape[..<position]) + broadcastShape + basicShape[position...]
    }

    /// Fails unless the integer index `i` is within `axis` of `x`.
    private func checkBounds(_ i: Int, axis: Int, of x: TensorType) throws(IRError) {
        let n = x.shape[axis]
        guard i >= -n && i < n else {
            throw fail("index \(i) is out of bounds for axis \(axis) with size \(n) (array shape \(x.shape))")
        }
    }

    /// `setitem` or `add_at`: the type of `x` (operand 0), once the values (operand 1) fit the
    /// selection and, for `add_at`, cast to `x`'s dtype as NumPy's `add` allows.
    func scatter(_ items: [IndexTemplate], isAddAt: Bool) throws(IRError) -> TensorType {
        let x = operands[0], values = operands[1]
        let target = try selection(items, of: x, arrays: Array(operands[2...]))
        var shape = values.shape
        let extra = shape.count - target.count
        let mismatch = fail("could not broadcast input array from shape \(values.shape) into shape \(target); give values of the selection's shape")
        if extra > 0 {
            guard shape[..<extra].allSatisfy({ $0 == 1 }) else { throw mismatch }
            shape = Array(shape[extra...])
        }
        for (i, d) in shape.enumerated() where d != 1 && d != target[target.count - shape.count + i] { throw mismatch }
        if isAddAt {
            let allowed: Bool = switch x.dtype {
            case .float32, .float64: true
            case .int64: values.dtype == .int64 || values.dtype == .bool
            case .bool: values.dtype == .bool
            }
            guard allowed else {
                throw fail("cannot cast ufunc 'add' output from \(DType.promote(x.dtype, values.dtype)) to \(x.dtype) with casting rule 'same_kind'; cast the values with astype")
            }
        }
        return x
    }
}
