extension NDArray {
    /// NumPy indexing: `x[0]`, `x[1..<3, .all]`, `x[.ellipsis, -1]`, `x[.newAxis]`,
    /// `x[NDArray.arange(3), t]`, `x[[0, 0, 1]]`, `x[mask]`. See ``NDIndex`` for the items.
    ///
    /// Reading follows NumPy exactly:
    /// - An index of basic items only (integers, slices, `.ellipsis`, `.newAxis`) gives a **view**
    ///   sharing this array's storage; nothing is copied. Integers remove their axis, slices keep
    ///   it, `.newAxis` inserts one of length 1, and axes left unindexed are kept whole.
    /// - Any `int64` or `bool` array makes the index advanced and the result a **copy**. The index
    ///   arrays (masks become their nonzero positions; integers next to arrays count as arrays)
    ///   broadcast together, and their broadcast shape replaces the indexed axes: in place when
    ///   the advanced items are adjacent, in front of all other axes otherwise.
    ///
    /// Writing (`x[i] = v`) broadcasts `v` to the shape the index selects, converts it to this
    /// array's dtype and stores it in place, after copying the storage if it is shared
    /// (copy-on-write): views taken earlier keep their values. With repeated advanced indices the
    /// last write wins; use ``addAt(_:_:)`` to accumulate instead.
    ///
    /// An out-of-bounds position, too many indices, a mask of the wrong shape or indices that
    /// do not broadcast stop the program with NumPy's message, e.g.
    /// `subscript: index 5 is out of bounds for axis 0 with size 3 (array shape [3, 4])`.
    public subscript(_ indices: any NDIndex...) -> NDArray {
        get { self[indices: indices] }
        set { self[indices: indices] = newValue }
    }

    /// The subscript with its items in an array, for indices built at run time (DeZero's
    /// `get_item` stores them): `x[indices: [0, NDSlice(step: 2)]]` is `x[0, ::2]`.
    public subscript(indices indices: [any NDIndex]) -> NDArray {
        get {
            if Tracing.intercepts {
                let (items, arrays) = IndexTemplate.split(indices)
                if let result = Tracing.intercept(.getItem(items), [self] + arrays) { return result }
            }
            if let picked = gatheredAlongLeadingAxes(indices) { return picked }
            let plan = indexPlan(indices, in: "subscript")
            if plan.isBasic {
                return NDArray(
                    storage: storage, dtype: dtype, shape: plan.basicShape,
                    strides: plan.basicStrides, offset: plan.offset)
            }
            return gathered(plan)
        }
        set {
            if Tracing.intercepts {
                let (items, arrays) = IndexTemplate.split(indices)
                if let result = Tracing.intercept(.setItem(items), [self, newValue] + arrays) {
                    self = result
                    return
                }
            }
            makeUniqueForIndexedWrite()
            let plan = indexPlan(indices, in: "subscript")
            let value = newValue.indexedValue(fitting: plan.shape, dtype: dtype, in: "subscript")
            if plan.isBasic {
                switch dtype {
                case .bool: writeStrided(value, plan, Bool.self)
                case .int64: writeStrided(value, plan, Int64.self)
                case .float32: writeStrided(value, plan, Float.self)
                case .float64: writeStrided(value, plan, Double.self)
                }
            } else {
                switch dtype {
                case .bool: scatter(value, plan, Bool.self) { _, v in v }
                case .int64: scatter(value, plan, Int64.self) { _, v in v }
                case .float32: scatter(value, plan, Float.self) { _, v in v }
                case .float64: scatter(value, plan, Double.self) { _, v in v }
                }
            }
        }
    }

    // MARK: - Helpers shared with addAt

    /// Copies the storage first when it is shared, or when this view repeats elements (a
    /// broadcast), so that writes through `self` reach nobody else.
    mutating func makeUniqueForIndexedWrite() {
        let repeats = zip(shape, strides).contains { $0 > 1 && $1 == 0 }
        if !isKnownUniquelyReferenced(&storage) || repeats {
            self = copy()
        }
    }

    /// `self` as a value to store into a selection of `shape`: leading length-1 axes beyond the
    /// selection's rank dropped (as NumPy allows), converted to `dtype` and broadcast (a view).
    func indexedValue(fitting shape: [Int], dtype: DType, in function: String) -> NDArray {
        var value = self
        if value.ndim > shape.count {
            let extra = value.ndim - shape.count
            require(
                value.shape[..<extra].allSatisfy { $0 == 1 },
                "\(function): could not broadcast input array from shape \(self.shape) into shape \(shape)")
            value = value.reshape(Array(value.shape[extra...]))
        }
        for (i, d) in value.shape.enumerated() {
            let target = shape[shape.count - value.ndim + i]
            require(
                d == target || d == 1,
                "\(function): could not broadcast input array from shape \(self.shape) into shape \(shape)")
        }
        return value.astype(dtype).broadcast(to: shape)
    }

    /// The elements an advanced `plan` selects, as a new contiguous array.
    private func gathered(_ plan: IndexPlan) -> NDArray {
        let (starts, count, stride) = plan.runs()
        return gathered(starts: starts, count: count, stride: stride, shape: plan.shape)
    }

    /// A new contiguous array of `shape` holding, in turn, the runs of `count` elements `stride`
    /// apart that begin at the storage positions `starts`.
    func gathered(starts: [Int], count: Int, stride: Int, shape: [Int]) -> NDArray {
        var out = NDArray(uninitializedShape: shape, dtype: dtype, device: device)
        switch dtype {
        case .bool: gather(starts, count, stride, into: &out, Bool.self)
        case .int64: gather(starts, count, stride, into: &out, Int64.self)
        case .float32: gather(starts, count, stride, into: &out, Float.self)
        case .float64: gather(starts, count, stride, into: &out, Double.self)
        }
        return out
    }

    private func gather<T>(_ starts: [Int], _ count: Int, _ stride: Int, into out: inout NDArray, _: T.Type) {
        let src = storage.bytes.assumingMemoryBound(to: T.self)
        var dst = out.base(T.self)
        withExtendedLifetime(self) {
            for start in starts {
                let s = src + start
                if count == 1 {
                    dst[0] = s[0]
                } else if stride == 1 {
                    dst.update(from: s, count: count)
                } else {
                    for k in 0..<count { dst[k] = s[k * stride] }
                }
                dst += count
            }
        }
    }

    /// Stores the broadcast `value` into the basic selection `plan` (a strided view of `self`).
    private mutating func writeStrided<T>(_ value: NDArray, _ plan: IndexPlan, _: T.Type) {
        let dst = storage.bytes.assumingMemoryBound(to: T.self) + plan.offset
        let src = value.base(T.self)
        withExtendedLifetime(value) {
            StridedLoop.runs2(shape: plan.basicShape, stridesA: plan.basicStrides, stridesB: value.strides) {
                startA, startB, count, strideA, strideB in
                let d = dst + startA, s = src + startB
                if strideA == 1 && strideB == 1 {
                    d.update(from: s, count: count)
                } else {
                    for i in 0..<count { d[i * strideA] = s[i * strideB] }
                }
            }
        }
    }

    /// For each element of `value` (shaped like the selection) in C order, replaces the selected
    /// element `x` with `combine(x, v)`, one element at a time, so repeated positions see earlier
    /// writes.
    mutating func scatter<T, V>(_ value: NDArray, _ plan: IndexPlan, _: T.Type, _ combine: (T, V) -> T) {
        let (starts, count, stride) = plan.runs()
        let dst = storage.bytes.assumingMemoryBound(to: T.self)
        // A broadcast scalar stays one element; anything else is read in C order.
        let constant = value.strides.allSatisfy { $0 == 0 }
        let source = constant ? value : value.contiguous()
        var src = source.base(V.self)
        withExtendedLifetime(source) {
            for start in starts {
                let d = dst + start
                if constant {
                    let v = src[0]
                    for k in 0..<count { d[k * stride] = combine(d[k * stride], v) }
                } else {
                    for k in 0..<count { d[k * stride] = combine(d[k * stride], src[k]) }
                    src += count
                }
            }
        }
    }
}
