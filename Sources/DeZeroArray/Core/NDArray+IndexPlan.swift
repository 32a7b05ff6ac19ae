/// The elements an index selects, worked out once and shared by the subscript getter, the
/// subscript setter and `addAt`.
///
/// The result is laid out as NumPy lays it out: the basic dimensions (slices, new axes and the
/// axes nobody indexed) in order, with the broadcast shape of the advanced indices inserted at
/// `advancedPosition` (where the advanced items stand when they are adjacent, first otherwise).
struct IndexPlan {
    /// Storage offset of the first selected element, before any advanced offset.
    var offset: Int
    /// Lengths of the basic result dimensions, in order.
    var basicShape: [Int]
    /// Strides (elements) of the basic result dimensions.
    var basicStrides: [Int]
    /// The broadcast shape of the advanced indices, or nil when the index is basic only.
    var advancedShape: [Int]?
    /// Where the advanced block sits among the basic dimensions.
    var advancedPosition: Int
    /// The storage offset each element of the advanced block adds, in C order.
    var advancedOffsets: [Int]

    /// Whether the index is basic only (the result is a view).
    var isBasic: Bool { advancedShape == nil }

    /// The shape of the selection.
    var shape: [Int] {
        guard let advancedShape else { return basicShape }
        return Array(basicShape[..<advancedPosition]) + advancedShape + basicShape[advancedPosition...]
    }

    /// The selected elements as runs: run `r` holds the `count` elements at storage offsets
    /// `starts[r] + k * stride`, and the runs follow each other in C order of `shape`.
    ///
    /// The run is made of the trailing basic dimensions that the array lays out evenly (a row
    /// of `x[rows]`, say), so copies move whole rows; when the last dimension is advanced each
    /// run is a single element.
    func runs() -> (starts: [Int], count: Int, stride: Int) {
        // The result dimensions in order: a basic one is (size, stride), the advanced block is
        // one dimension whose offsets come from a table.
        var sizes: [Int] = [], steps: [Int] = []
        let tableDimension = advancedShape == nil ? -1 : advancedPosition
        for axis in 0...basicShape.count {
            if axis == tableDimension {
                sizes.append(advancedOffsets.count)
                steps.append(0)
            }
            if axis < basicShape.count {
                sizes.append(basicShape[axis])
                steps.append(basicStrides[axis])
            }
        }
        // Merge trailing basic dimensions into one evenly strided run.
        var count = 1, stride = 0
        var outer = sizes.count
        while outer > 0 && outer - 1 != tableDimension {
            let size = sizes[outer - 1], step = steps[outer - 1]
            if size == 1 {
                outer -= 1
                continue
            }
            if count == 1 {
                (count, stride) = (size, step)
            } else if step == stride * count {
                count *= size
            } else {
                break
            }
            outer -= 1
        }
        let total = sizes[..<outer].reduce(1, *)
        if total == 0 || count == 0 { return ([], count, stride) }
        var current = [Int](repeating: 0, count: total)
        var next = [Int](repeating: 0, count: total)
        current[0] = offset
        var filled = 1
        // Each pass multiplies the filled prefix by one more dimension (an outer product).
        for d in 0..<outer {
            let m = sizes[d], step = steps[d]
            current.withUnsafeBufferPointer { src in
                next.withUnsafeMutableBufferPointer { dst in
                    advancedOffsets.withUnsafeBufferPointer { adv in
                        for i in 0..<filled {
                            let base = src[i], row = i * m
                            if d == tableDimension {
                                for j in 0..<m { dst[row + j] = base + adv[j] }
                            } else {
                                for j in 0..<m { dst[row + j] = base + j * step }
                            }
                        }
                    }
                }
            }
            filled *= m
            swap(&current, &next)
        }
        return (current, count, stride)
    }
}

extension NDArray {
    /// One index item after ellipsis expansion and mask conversion.
    private enum ResolvedItem {
        case integer(Int)
        case slice(NDSlice)
        case newAxis
        case ellipsis(Int)
        /// An `int64` index array; `consumesAxis` is false for a 0-d boolean (it adds an axis).
        case array(NDArray, consumesAxis: Bool)
    }

    /// Works out which elements `indices` selects, or stops with NumPy's message prefixed by
    /// `function`. Three passes: count the axes the items consume, resolve the items (ellipsis
    /// expanded, masks made integer arrays), then walk the axes; the advanced indices, if any,
    /// become a table of offsets.
    func indexPlan(_ indices: [any NDIndex], in function: String) -> IndexPlan {
        let items = indices.map(\.ndIndexItem)
        let consumed = indexedAxisCount(items, in: function)
        let (resolved, hasAdvanced) = resolveIndexItems(items, consumed: consumed, in: function)
        var (plan, advanced) = walkIndexAxes(resolved, hasAdvanced: hasAdvanced, in: function)
        if hasAdvanced {
            (plan.advancedShape, plan.advancedOffsets) = advancedIndexOffsets(advanced, in: function)
        }
        return plan
    }

    /// Pass 1: the number of axes `items` consume (an ellipsis none), after checking that there
    /// is at most one ellipsis, that index arrays are integers or booleans, and that the array
    /// has that many axes.
    private func indexedAxisCount(_ items: [NDIndexItem], in function: String) -> Int {
        var consumed = 0
        var ellipses = 0
        for item in items {
            switch item {
            case .integer, .slice: consumed += 1
            case .newAxis: break
            case .ellipsis: ellipses += 1
            case .array(let a):
                switch a.dtype {
                case .bool: consumed += a.ndim
                case .int64: consumed += 1
                case .float32, .float64:
                    misuse(
                        "\(function): arrays used as indices must be of integer (or boolean) type, got \(a.dtype)")
                }
            }
        }
        require(ellipses <= 1, "\(function): an index can only have a single ellipsis ('...')")
        require(
            consumed <= ndim,
            "\(function): too many indices for array: array is \(ndim)-dimensional, but \(consumed) were indexed (array shape \(shape))")
        return consumed
    }

    /// Pass 2: `items` with the ellipsis expanded to the axes the others leave (`ndim -
    /// consumed`) and masks turned into integer arrays (their nonzero positions); and whether
    /// any item is advanced.
    private func resolveIndexItems(
        _ items: [NDIndexItem], consumed: Int, in function: String
    ) -> (resolved: [ResolvedItem], hasAdvanced: Bool) {
        var resolved: [ResolvedItem] = []
        resolved.reserveCapacity(items.count + 1)
        var axis = 0
        var hasAdvanced = false
        for item in items {
            switch item {
            case .integer(let i):
                resolved.append(.integer(i))
                axis += 1
            case .slice(let s):
                resolved.append(.slice(s))
                axis += 1
            case .newAxis:
                resolved.append(.newAxis)
            case .ellipsis:
                resolved.append(.ellipsis(ndim - consumed))
                axis += ndim - consumed
            case .array(let a) where a.dtype == .int64:
                resolved.append(.array(a, consumesAxis: true))
                axis += 1
                hasAdvanced = true
            case .array(let mask):
                hasAdvanced = true
                if mask.ndim == 0 {
                    // NumPy: a 0-d boolean adds an axis of length 1 (true) or 0 (false).
                    let n = mask.item() != 0 ? 1 : 0
                    resolved.append(.array(NDArray.zeros([n], dtype: .int64), consumesAxis: false))
                    continue
                }
                for d in 0..<mask.ndim {
                    require(
                        mask.shape[d] == shape[axis + d],
                        "\(function): boolean index did not match indexed array along dimension \(axis + d); dimension is \(shape[axis + d]) but corresponding boolean dimension is \(mask.shape[d]) (array shape \(shape))")
                }
                for positions in NDArray.indexingNonzero(mask) {
                    resolved.append(.array(positions, consumesAxis: true))
                }
                axis += mask.ndim
            }
        }
        return (resolved, hasAdvanced)
    }

    /// Pass 3: walks the axes, building the basic view (a plan without advanced offsets) and
    /// collecting the advanced indices with the axis each one indexes (nil for none).
    private func walkIndexAxes(
        _ resolved: [ResolvedItem], hasAdvanced: Bool, in function: String
    ) -> (plan: IndexPlan, advanced: [(index: NDArray, axis: Int?)]) {
        var offset = self.offset
        var basicShape: [Int] = [], basicStrides: [Int] = []
        var advanced: [(index: NDArray, axis: Int?)] = []
        var placement = AdvancedIndexPlacement()
        var axis = 0
        for item in resolved {
            switch item {
            case .integer(let i) where hasAdvanced:
                // Next to advanced indices NumPy treats integers as 0-d advanced indices.
                placement.noteAdvanced(basicCount: basicShape.count)
                advanced.append((NDArray(scalar: Int64(i)), axis))
                axis += 1
            case .integer(let i):
                offset += normalizedIndex(i, axis: axis, in: function) * strides[axis]
                axis += 1
            case .slice(let s):
                placement.noteBasic()
                require(s.step != 0, "\(function): slice step cannot be zero")
                let (start, _, step) = s.indices(length: shape[axis])
                let count = s.count(length: shape[axis])
                if count > 0 { offset += start * strides[axis] }
                basicShape.append(count)
                basicStrides.append(strides[axis] * step)
                axis += 1
            case .newAxis:
                placement.noteBasic()
                basicShape.append(1)
                basicStrides.append(0)
            case .ellipsis(let n):
                placement.noteBasic()
                for a in axis..<(axis + n) {
                    basicShape.append(shape[a])
                    basicStrides.append(strides[a])
                }
                axis += n
            case .array(let a, let consumesAxis):
                placement.noteAdvanced(basicCount: basicShape.count)
                advanced.append((a, consumesAxis ? axis : nil))
                if consumesAxis { axis += 1 }
            }
        }
        for a in axis..<ndim {
            basicShape.append(shape[a])
            basicStrides.append(strides[a])
        }
        let plan = IndexPlan(
            offset: offset, basicShape: basicShape, basicStrides: basicStrides,
            advancedShape: nil, advancedPosition: placement.position, advancedOffsets: [])
        return (plan, advanced)
    }

    /// The broadcast shape of the advanced indices and, for each element of it in C order, the
    /// storage offset they add together (each index times the stride of its axis).
    private func advancedIndexOffsets(
        _ advanced: [(index: NDArray, axis: Int?)], in function: String
    ) -> (shape: [Int], offsets: [Int]) {
        var broadcastShape: [Int] = []
        for (index, _) in advanced {
            guard let b = NDArray.broadcastShape(broadcastShape, index.shape) else {
                misuse(
                    "\(function): shape mismatch: indexing arrays could not be broadcast together with shapes \(advanced.map { $0.index.shape.description }.joined(separator: " "))")
            }
            broadcastShape = b
        }
        let count = broadcastShape.reduce(1, *)
        var advancedOffsets = [Int](repeating: 0, count: count)
        for (index, axisOfIndex) in advanced {
            guard let a = axisOfIndex else { continue }
            let n = shape[a], stride = strides[a]
            let values = index.broadcast(to: broadcastShape).contiguous()
            withExtendedLifetime(values) {
                let p = values.base(Int64.self)
                for k in 0..<count {
                    let v = Int(p[k])
                    let i = v < 0 ? v + n : v
                    require(
                        i >= 0 && i < n,
                        "\(function): index \(v) is out of bounds for axis \(a) with size \(n) (array shape \(shape))")
                    advancedOffsets[k] += i * stride
                }
            }
        }
        return (broadcastShape, advancedOffsets)
    }

    /// `i` made non-negative for `axis`, or a bounds failure naming `function`.
    private func normalizedIndex(_ i: Int, axis: Int, in function: String) -> Int {
        let n = shape[axis]
        let j = i < 0 ? i + n : i
        require(
            j >= 0 && j < n,
            "\(function): index \(i) is out of bounds for axis \(axis) with size \(n) (array shape \(shape))")
        return j
    }

    /// The positions of the true elements of `mask`, one `int64` array per axis (`np.nonzero`).
    static func indexingNonzero(_ mask: NDArray) -> [NDArray] {
        let m = mask.contiguous()
        let n = m.size, d = m.ndim
        var coordinates = [[Int64]](repeating: [], count: d)
        withExtendedLifetime(m) {
            let p = m.base(Bool.self)
            var position = [Int](repeating: 0, count: d)
            for k in 0..<n {
                if p[k] {
                    for a in 0..<d { coordinates[a].append(Int64(position[a])) }
                }
                var a = d - 1
                while a >= 0 {
                    position[a] += 1
                    if position[a] < m.shape[a] { break }
                    position[a] = 0
                    a -= 1
                }
            }
        }
        return coordinates.map { NDArray($0) }
    }
}
