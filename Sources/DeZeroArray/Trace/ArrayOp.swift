/// One NDArray primitive with its attributes: the closed set of operations a traced program is
/// made of. ``evaluate(_:)`` runs it with the same code the eager program runs, which is what
/// makes a compiled program give the eager numbers.
public enum ArrayOp: Hashable, Sendable {
    /// exp, log, sin, cos, tan, tanh, sqrt.
    case unary(UnaryOperation)
    /// Negation, keeping the dtype.
    case negative
    /// Absolute value.
    case abs
    /// Sign (-1, 0, 1).
    case sign
    /// DeZero's logistic function in one pass.
    case sigmoid
    /// A broadcasting binary operation with NumPy's promotion.
    case binary(BinaryOperation)
    /// An elementwise comparison giving `bool`.
    case compare(Comparison)
    /// `where(condition, a, b)`.
    case select
    /// Conversion to a dtype (always a new array).
    case cast(DType)
    /// A new shape (the target shape, no -1).
    case reshape([Int])
    /// Permuted axes.
    case transpose([Int])
    /// Repetition along new or length-1 axes.
    case broadcast([Int])
    /// A new axis of length 1.
    case expandDims(Int)
    /// Length-1 axes removed (normalized axes).
    case squeeze([Int])
    /// `sum`, `max` or `min` over axes (all when nil).
    case reduce(ReductionKind, axes: [Int]?, keepdims: Bool)
    /// `argmax` (`greater`) or `argmin` along an axis (the flat index when nil).
    case argReduce(greater: Bool, axis: Int?, keepdims: Bool)
    /// NumPy's `matmul`.
    case matmul
    /// Indexing `x[...]`; array items are the inputs after `x`.
    case getItem([IndexTemplate])
    /// `x[...] = v` on a copy; inputs `x`, `v`, then the index arrays.
    case setItem([IndexTemplate])
    /// `np.add.at` on a copy; inputs `x`, `values`, then the index arrays.
    case addAt([IndexTemplate])
    /// Concatenation along an axis.
    case concatenate(axis: Int)
    /// Constant padding, one (before, after) pair per axis.
    case pad([Pair], constant: Double)
    /// Image patches to columns.
    case im2col(kernel: Pair, stride: Pair, pad: Pair, toMatrix: Bool)
    /// Columns folded back into an image of `imageShape`.
    case col2im(imageShape: [Int], kernel: Pair, stride: Pair, pad: Pair, toMatrix: Bool)
    /// Softmax along an axis.
    case softmax(axis: Int)
    /// Log-sum-exp along an axis.
    case logsumexp(axis: Int, keepdims: Bool)
    /// An array of `shape` filled with `value`.
    case full(shape: [Int], value: Double, dtype: DType)
    /// Draws from the global random generator.
    case random(RandomDraw)

    /// A pair of integers (a kernel size, a stride, padding before and after).
    public struct Pair: Hashable, Sendable {
        /// The first (height, before).
        public var first: Int
        /// The second (width, after).
        public var second: Int
        /// The pair `(first, second)`.
        public init(_ first: Int, _ second: Int) {
            self.first = first
            self.second = second
        }
        /// As a Swift tuple.
        public var tuple: (Int, Int) { (first, second) }
    }

    /// Runs the primitive on `inputs` with the eager code (recording nothing when called by a
    /// tracer, which pauses recording around it).
    public func evaluate(_ inputs: [NDArray]) -> NDArray {
        switch self {
        case .unary(let f): return inputs[0].apply(f)
        case .negative: return inputs[0].negative()
        case .abs: return inputs[0].abs()
        case .sign: return inputs[0].sign()
        case .sigmoid: return DeZeroArray.sigmoid(inputs[0])
        case .binary(let op): return NDArray.apply(op, inputs[0], inputs[1])
        case .compare(let c): return NDArray.compare(c, inputs[0], inputs[1])
        case .select: return DeZeroArray.where(inputs[0], inputs[1], inputs[2])
        case .cast(let dtype): return inputs[0].astype(dtype, forceCopy: true)
        case .reshape(let shape): return inputs[0].reshape(shape)
        case .transpose(let axes): return inputs[0].transpose(axes)
        case .broadcast(let shape): return inputs[0].broadcast(to: shape)
        case .expandDims(let axis): return inputs[0].expandDims(axis)
        case .squeeze(let axes): return inputs[0].squeeze(axes)
        case .reduce(let kind, let axes, let keepdims): return inputs[0].reduce(kind, axes: axes, keepdims: keepdims)
        case .argReduce(let greater, let axis, let keepdims):
            return greater ? inputs[0].argmax(axis: axis, keepdims: keepdims) : inputs[0].argmin(axis: axis, keepdims: keepdims)
        case .matmul: return DeZeroArray.matmul(inputs[0], inputs[1])
        case .getItem(let items): return inputs[0][indices: IndexTemplate.indices(items, inputs.dropFirst(1))]
        case .setItem(let items):
            var x = inputs[0]
            x[indices: IndexTemplate.indices(items, inputs.dropFirst(2))] = inputs[1]
            return x
        case .addAt(let items):
            var x = inputs[0]
            x.addAt(IndexTemplate.indices(items, inputs.dropFirst(2)), inputs[1])
            return x
        case .concatenate(let axis): return DeZeroArray.concatenate(inputs, axis: axis)
        case .pad(let pairs, let constant): return DeZeroArray.pad(inputs[0], pairs.map(\.tuple), constant: constant)
        case .im2col(let k, let s, let p, let toMatrix):
            return DeZeroArray.im2col(inputs[0], kernelSize: k.tuple, stride: s.tuple, pad: p.tuple, toMatrix: toMatrix)
        case .col2im(let shape, let k, let s, let p, let toMatrix):
            return DeZeroArray.col2im(
                inputs[0], imageShape: shape, kernelSize: k.tuple, stride: s.tuple, pad: p.tuple, toMatrix: toMatrix)
        case .softmax(let axis): return DeZeroArray.softmax(inputs[0], axis: axis)
        case .logsumexp(let axis, let keepdims): return DeZeroArray.logsumexp(inputs[0], axis: axis, keepdims: keepdims)
        case .full(let shape, let value, let dtype): return NDArray.full(shape, value, dtype: dtype)
        case .random(let draw): return draw.draw(from: RandomState.global)
        }
    }
}

/// One item of a recorded index: the items of ``NDIndexItem`` with arrays replaced by a
/// placeholder for the next array input.
public enum IndexTemplate: Hashable, Sendable {
    /// An integer position.
    case integer(Int)
    /// A slice.
    case slice(NDSlice)
    /// `...`.
    case ellipsis
    /// A new axis.
    case newAxis
    /// The next index array among the operation's inputs.
    case array

    /// The template of `indices` and their arrays in order.
    public static func split(_ indices: [any NDIndex]) -> (items: [IndexTemplate], arrays: [NDArray]) {
        var items: [IndexTemplate] = [], arrays: [NDArray] = []
        for index in indices {
            switch index.ndIndexItem {
            case .integer(let i): items.append(.integer(i))
            case .slice(let s): items.append(.slice(s))
            case .ellipsis: items.append(.ellipsis)
            case .newAxis: items.append(.newAxis)
            case .array(let a):
                items.append(.array)
                arrays.append(a)
            }
        }
        return (items, arrays)
    }

    /// The indices of `items` with their arrays taken from `arrays` in order.
    public static func indices(_ items: [IndexTemplate], _ arrays: ArraySlice<NDArray>) -> [any NDIndex] {
        var next = arrays.startIndex
        return items.map { item -> any NDIndex in
            switch item {
            case .integer(let i): return i
            case .slice(let s): return s
            case .ellipsis: return NDIndexMarker.ellipsis
            case .newAxis: return NDIndexMarker.newAxis
            case .array:
                defer { next += 1 }
                return arrays[next]
            }
        }
    }
}

/// A draw from a random generator, as NumPy's `RandomState` methods.
public enum RandomDraw: Hashable, Sendable {
    /// `rand(*shape)`.
    case rand(shape: [Int])
    /// `randn(*shape)`.
    case randn(shape: [Int])
    /// `uniform(low, high, shape)`.
    case uniform(low: Double, high: Double, shape: [Int])
    /// `normal(loc, scale, shape)`.
    case normal(loc: Double, scale: Double, shape: [Int])
    /// `randint(low, high, shape)`.
    case randint(low: Int, high: Int, shape: [Int])
    /// `permutation(n)`.
    case permutation(Int)

    /// Draws from `state`, advancing it as the eager call does.
    public func draw(from state: RandomState) -> NDArray {
        switch self {
        case .rand(let shape): state.rand(shape: shape)
        case .randn(let shape): state.randn(shape: shape)
        case .uniform(let low, let high, let shape): state.uniform(low: low, high: high, shape: shape)
        case .normal(let loc, let scale, let shape): state.normal(loc: loc, scale: scale, shape: shape)
        case .randint(let low, let high, let shape): state.randint(low: low, high: high, shape: shape)
        case .permutation(let n): state.permutation(n)
        }
    }
}
