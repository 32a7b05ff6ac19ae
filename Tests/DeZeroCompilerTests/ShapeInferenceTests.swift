import DeZeroArray
import Testing

@testable import DeZeroCompiler

/// An array of `shape` and `dtype` holding 0, 1, 2, ... (false, true, true, ... for bool).
private func a(_ shape: [Int], _ dtype: DType = .float32) -> NDArray {
    NDArray.arange(shape.reduce(1, *)).astype(dtype).reshape(shape)
}

/// An int64 index array.
private func idx(_ values: [Int64], _ shape: [Int]? = nil) -> NDArray { NDArray(values, shape: shape) }

/// One primitive applied to real arrays.
struct InferenceCase: Sendable, CustomTestStringConvertible {
    let op: ArrayOp
    let inputs: [NDArray]
    init(_ op: ArrayOp, _ inputs: NDArray...) {
        self.op = op
        self.inputs = inputs
    }
    var testDescription: String { "\(op.mnemonic)(\(inputs.map { TensorType(of: $0).description }.joined(separator: ", ")))" }
}

private let unaryCases: [InferenceCase] =
    [UnaryOperation.exp, .log, .sin, .cos, .tan, .tanh, .sqrt].flatMap { f in
        [InferenceCase(.unary(f), a([2, 3])), InferenceCase(.unary(f), a([3], .int64)), InferenceCase(.unary(f), a([], .bool))]
    } + [
        InferenceCase(.unary(.exp), a([2], .float64)),
        InferenceCase(.negative, a([2, 3])), InferenceCase(.negative, a([3], .int64)), InferenceCase(.negative, a([3], .bool)),
        InferenceCase(.abs, a([3], .bool)), InferenceCase(.abs, a([2], .int64)), InferenceCase(.sign, a([2, 2], .float64)),
        InferenceCase(.sign, a([2], .bool)), InferenceCase(.sigmoid, a([2, 3])), InferenceCase(.sigmoid, a([3], .int64)),
        InferenceCase(.sigmoid, a([3], .bool)),
    ]

private let binaryCases: [InferenceCase] =
    [BinaryOperation.add, .subtract, .multiply, .divide, .power, .maximum, .minimum].flatMap { op in
        [
            InferenceCase(.binary(op), a([2, 3]), a([3])),
            InferenceCase(.binary(op), a([2, 3]), NDArray(scalar: 2.0)),
            InferenceCase(.binary(op), NDArray(scalar: Int64(2)), a([3])),
            InferenceCase(.binary(op), a([3], .int64), NDArray(scalar: 2.0)),
            InferenceCase(.binary(op), a([3], .int64), a([3], .int64)),
            InferenceCase(.binary(op), a([3], .bool), a([3], .bool)),
            InferenceCase(.binary(op), a([3], .int64), a([2, 1])),
            InferenceCase(.binary(op), a([3], .float64), a([3])),
            InferenceCase(.binary(op), NDArray(scalar: 2.0), NDArray(scalar: 3.0)),
            InferenceCase(.binary(op), NDArray(scalar: Float(2)), NDArray(scalar: 3.0)),
            InferenceCase(.binary(op), a([2, 1, 3], .float64), a([4, 1], .bool)),
            InferenceCase(.binary(op), a([0, 3]), a([3])),
        ]
    } + [Comparison.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].flatMap { c in
        [
            InferenceCase(.compare(c), a([2, 3]), NDArray(scalar: 1.0)),
            InferenceCase(.compare(c), a([3], .bool), a([2, 1], .bool)),
            InferenceCase(.compare(c), a([3], .int64), a([3])),
        ]
    } + [
        InferenceCase(.select, a([2, 3], .bool), a([2, 3]), NDArray(scalar: 0.0)),
        InferenceCase(.select, a([3], .bool), a([3], .int64), a([3], .float64)),
        InferenceCase(.select, a([1, 3], .float64), a([2, 1]), a([])),
        InferenceCase(.select, a([3], .bool), NDArray(scalar: 1.0), NDArray(scalar: Int64(0))),
    ]

private let layoutCases: [InferenceCase] =
    DType.allCases.map { InferenceCase(.cast($0), a([2, 3])) } + [
        InferenceCase(.cast(.float32), a([], .bool)),
        InferenceCase(.reshape([2, 3]), a([6])), InferenceCase(.reshape([3, -1]), a([6], .int64)),
        InferenceCase(.reshape([]), a([1, 1])), InferenceCase(.reshape([1]), a([])),
        InferenceCase(.transpose([1, 0, 2]), a([2, 3, 4])), InferenceCase(.transpose([-1, 0, 1]), a([2, 3, 4])),
        InferenceCase(.transpose([]), a([])),
        InferenceCase(.broadcast([2, 3]), a([3])), InferenceCase(.broadcast([4, 2, 5]), a([2, 1], .bool)),
        InferenceCase(.broadcast([3]), a([])),
        InferenceCase(.expandDims(0), a([2, 3])), InferenceCase(.expandDims(-1), a([2, 3])), InferenceCase(.expandDims(0), a([])),
        InferenceCase(.squeeze([0]), a([1, 3, 1])), InferenceCase(.squeeze([]), a([1, 3])), InferenceCase(.squeeze([-1, 0]), a([1, 3, 1])),
        InferenceCase(.concatenate(axis: 0), a([2, 3]), a([4, 3], .float64)),
        InferenceCase(.concatenate(axis: -1), a([2, 1], .int64), a([2, 2], .bool), a([2, 0], .int64)),
        InferenceCase(.concatenate(axis: 0), a([3], .bool)),
        InferenceCase(.pad([.init(1, 2), .init(0, 1)], constant: 0), a([2, 3])),
        InferenceCase(.pad([.init(1, 1)], constant: -1), a([2, 3], .int64)),
        InferenceCase(.pad([], constant: 0), a([])),
    ]

private let reductionCases: [InferenceCase] =
    [ReductionKind.sum, .max, .min].flatMap { kind in
        [
            InferenceCase(.reduce(kind, axes: nil, keepdims: false), a([2, 3])),
            InferenceCase(.reduce(kind, axes: nil, keepdims: true), a([2, 3], .int64)),
            InferenceCase(.reduce(kind, axes: [0], keepdims: false), a([2, 3], .bool)),
            InferenceCase(.reduce(kind, axes: [-1, 0], keepdims: true), a([2, 3, 4], .float64)),
            InferenceCase(.reduce(kind, axes: [], keepdims: false), a([2, 3])),
            InferenceCase(.reduce(kind, axes: nil, keepdims: false), a([])),
            InferenceCase(.reduce(kind, axes: [1], keepdims: false), a([100, 1])),
        ]
    } + [
        InferenceCase(.reduce(.sum, axes: [0], keepdims: false), a([0, 3])),
        InferenceCase(.reduce(.max, axes: [1], keepdims: false), a([0, 3])),
    ] + [true, false].flatMap { greater in
        [
            InferenceCase(.argReduce(greater: greater, axis: nil, keepdims: false), a([2, 3])),
            InferenceCase(.argReduce(greater: greater, axis: nil, keepdims: true), a([2, 3], .int64)),
            InferenceCase(.argReduce(greater: greater, axis: 1, keepdims: false), a([2, 3], .bool)),
            InferenceCase(.argReduce(greater: greater, axis: -3, keepdims: true), a([2, 3, 4], .float64)),
            InferenceCase(.argReduce(greater: greater, axis: nil, keepdims: false), a([])),
        ]
    } + [
        InferenceCase(.softmax(axis: 1), a([2, 3])), InferenceCase(.softmax(axis: 0), a([2, 3], .float64)),
        InferenceCase(.softmax(axis: -1), a([2, 3], .int64)), InferenceCase(.softmax(axis: 1), a([2, 3], .bool)),
        InferenceCase(.softmax(axis: 0), a([1, 3])),
        InferenceCase(.logsumexp(axis: 1, keepdims: true), a([2, 3])),
        InferenceCase(.logsumexp(axis: 0, keepdims: false), a([2, 3], .float64)),
        InferenceCase(.logsumexp(axis: -1, keepdims: false), a([2, 3], .int64)),
        InferenceCase(.logsumexp(axis: 1, keepdims: true), a([2, 3], .bool)),
    ]

private let matmulCases: [InferenceCase] = [
    InferenceCase(.matmul, a([2, 3]), a([3, 4])), InferenceCase(.matmul, a([3]), a([3, 4])),
    InferenceCase(.matmul, a([2, 3]), a([3])), InferenceCase(.matmul, a([3]), a([3])),
    InferenceCase(.matmul, a([2, 1, 2, 3]), a([4, 3, 5])), InferenceCase(.matmul, a([3]), a([2, 3, 4])),
    InferenceCase(.matmul, a([2, 2, 3]), a([3])),
    InferenceCase(.matmul, a([2, 3], .bool), a([3, 2], .bool)), InferenceCase(.matmul, a([2, 3], .int64), a([3, 2])),
    InferenceCase(.matmul, a([2, 3]), a([3, 2], .float64)), InferenceCase(.matmul, a([2, 3], .int64), a([3], .int64)),
    InferenceCase(.matmul, a([2, 0]), a([0, 3])),
]

private let indexCases: [InferenceCase] = [
    InferenceCase(.getItem([.integer(0)]), a([4, 5, 6])),
    InferenceCase(.getItem([.integer(-1), .integer(2)]), a([4, 5, 6], .int64)),
    InferenceCase(.getItem([.slice(NDSlice(start: 1, stop: 3))]), a([4, 5, 6])),
    InferenceCase(.getItem([.slice(NDSlice(step: -1)), .slice(NDSlice(start: -2))]), a([4, 5, 6])),
    InferenceCase(.getItem([.slice(NDSlice(start: 10, stop: 20))]), a([4, 5])),
    InferenceCase(.getItem([.ellipsis, .integer(0)]), a([4, 5, 6], .bool)),
    InferenceCase(.getItem([.newAxis, .integer(1), .slice(NDSlice(step: 2))]), a([4, 5, 6])),
    InferenceCase(.getItem([.integer(1), .ellipsis, .newAxis]), a([4, 5, 6])),
    InferenceCase(.getItem([]), a([4, 5])),
    InferenceCase(.getItem([.array]), a([4, 5, 6]), idx([0, 2, 1, 3, 3, 0], [2, 3])),
    InferenceCase(.getItem([.slice(NDSlice()), .array, .array]), a([4, 5, 6]), idx([0, 4]), idx([5, 1])),
    InferenceCase(.getItem([.array, .slice(NDSlice()), .array]), a([4, 5, 6]), idx([0, 3]), idx([5, 1])),
    InferenceCase(.getItem([.integer(0), .slice(NDSlice()), .array]), a([4, 5, 6]), idx([0, 3, 1])),
    InferenceCase(.getItem([.slice(NDSlice()), .integer(0), .array]), a([4, 5, 6]), idx([0, 3, 1])),
    InferenceCase(.getItem([.array, .array]), a([4, 5, 6]), idx([0, 1], [2, 1]), idx([1, 2, 3])),
    InferenceCase(.getItem([.array]), a([4, 5]), idx([2], [])),
    InferenceCase(.getItem([.ellipsis, .array]), a([4, 5]), idx([4, 0])),
    InferenceCase(.getItem([.newAxis, .array, .newAxis]), a([4, 5]), idx([1, 2])),
    InferenceCase(.getItem([.array, .ellipsis, .array]), a([4, 5, 6]), idx([1, 2]), idx([0, 5])),
    InferenceCase(.getItem([.array]), a([4, 5]), idx([], [0])),
    InferenceCase(.setItem([.integer(0)]), a([4, 5]), a([5], .float64)),
    InferenceCase(.setItem([.array]), a([4, 5], .int64), NDArray(scalar: 1.0), idx([0, 2, 3])),
    InferenceCase(.setItem([.slice(NDSlice(start: 0, stop: 2))]), a([4, 5]), a([1, 1, 5])),
    InferenceCase(.setItem([.slice(NDSlice()), .array]), a([4, 5], .bool), a([4, 1], .bool), idx([1, 2])),
    InferenceCase(.addAt([.array]), a([4, 3]), a([2, 3], .float64), idx([0, 0])),
    InferenceCase(.addAt([.array]), a([4, 3], .int64), a([3], .bool), idx([1, 2, 1])),
    InferenceCase(.addAt([.array, .array]), a([4, 3], .float64), NDArray(scalar: 1.0), idx([1, 2]), idx([0, 2])),
    InferenceCase(.addAt([.integer(1)]), a([4, 3], .bool), a([3], .bool)),
]

private let creationCases: [InferenceCase] = [
    InferenceCase(.im2col(kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true), a([2, 3, 5, 5])),
    InferenceCase(.im2col(kernel: .init(3, 2), stride: .init(2, 1), pad: .init(0, 1), toMatrix: false), a([2, 3, 5, 5], .float64)),
    InferenceCase(.im2col(kernel: .init(2, 2), stride: .init(2, 2), pad: .init(0, 0), toMatrix: true), a([1, 1, 4, 4], .int64)),
    InferenceCase(.col2im(imageShape: [2, 3, 5, 5], kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true), a([50, 27])),
    InferenceCase(.col2im(imageShape: [2, 3, 5, 5], kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true), a([1350])),
    InferenceCase(
        .col2im(imageShape: [2, 3, 5, 5], kernel: .init(3, 2), stride: .init(2, 1), pad: .init(0, 1), toMatrix: false),
        a([2, 3, 3, 2, 2, 6], .float64)),
    InferenceCase(.full(shape: [2, 3], value: 1.5, dtype: .float32)), InferenceCase(.full(shape: [], value: 2, dtype: .int64)),
    InferenceCase(.full(shape: [0], value: 1, dtype: .bool)),
    InferenceCase(.random(.rand(shape: [2, 3]))), InferenceCase(.random(.randn(shape: []))),
    InferenceCase(.random(.uniform(low: -1, high: 1, shape: [4]))), InferenceCase(.random(.normal(loc: 0, scale: 0.01, shape: [2, 2]))),
    InferenceCase(.random(.randint(low: 0, high: 10, shape: [3]))), InferenceCase(.random(.permutation(5))),
]

@Suite struct ShapeInferenceTests {
    @Test(arguments: unaryCases + binaryCases + layoutCases + reductionCases + matmulCases + indexCases + creationCases)
    func inferredTypeIsTheEagerResultType(_ c: InferenceCase) throws {
        let inferred = try c.op.resultType(operands: c.inputs.map { TensorType(of: $0) })
        #expect(inferred == TensorType(of: c.op.evaluate(c.inputs)))
    }

    @Test func everyOperationFamilyIsCovered() {
        let all = unaryCases + binaryCases + layoutCases + reductionCases + matmulCases + indexCases + creationCases
        let names = Set(all.map(\.op.mnemonic))
        let expected = [
            "exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "negative", "abs", "sign", "sigmoid", "add", "subtract",
            "multiply", "divide", "power", "maximum", "minimum", "equal", "not_equal", "less", "less_equal", "greater",
            "greater_equal", "where", "astype", "reshape", "transpose", "broadcast_to", "expand_dims", "squeeze", "sum", "max",
            "min", "argmax", "argmin", "matmul", "getitem", "setitem", "add_at", "concatenate", "pad", "im2col", "col2im",
            "softmax", "logsumexp", "full", "random.rand", "random.randn", "random.uniform", "random.normal",
            "random.randint", "random.permutation",
        ]
        #expect(names == Set(expected))
    }

    /// A float32 array beside a 0-d float64 or int64 keeps float32 by type; NumPy looks at the
    /// value, which the verifier allows for.
    @Test func valueBasedPromotionIsTheVerifiersException() throws {
        let inputs = [a([3]), NDArray(scalar: Int64(70000))]
        let inferred = try ArrayOp.binary(.add).resultType(operands: inputs.map { TensorType(of: $0) })
        #expect(inferred == TensorType(.float32, [3]))
        #expect(TensorType(of: ArrayOp.binary(.add).evaluate(inputs)) == TensorType(.float64, [3]))
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        let op: ArrayOp
        let operands: [TensorType]
        let fragments: [String]
        var testDescription: String { "\(op.mnemonic)\(operands)" }
    }

    @Test(arguments: [
        Rejected(op: .binary(.add), operands: [TensorType(.float32, [2, 3]), TensorType(.float32, [4])], fragments: ["add:", "[2, 3] [4]", "broadcast"]),
        Rejected(op: .binary(.add), operands: [TensorType(.float32, [2])], fragments: ["add: takes 2 operands, got 1"]),
        Rejected(op: .matmul, operands: [TensorType(.float32, [2, 3]), TensorType(.float32, [4, 5])], fragments: ["matmul:", "[2, 3]", "[4, 5]", "transpose"]),
        Rejected(op: .matmul, operands: [TensorType(.float32, []), TensorType(.float32, [4])], fragments: ["at least one dimension"]),
        Rejected(op: .getItem([.array]), operands: [TensorType(.float32, [4]), TensorType(.bool, [4])], fragments: ["getitem:", "mask", "not supported in compiled programs"]),
        Rejected(op: .getItem([.array]), operands: [TensorType(.float32, [4])], fragments: ["getitem: takes 2 operands"]),
        Rejected(op: .getItem([.integer(4)]), operands: [TensorType(.float32, [4])], fragments: ["index 4 is out of bounds"]),
        Rejected(op: .getItem([.integer(0), .integer(0)]), operands: [TensorType(.float32, [4])], fragments: ["too many indices"]),
        Rejected(op: .getItem([.slice(NDSlice(step: 0))]), operands: [TensorType(.float32, [4])], fragments: ["step cannot be zero"]),
        Rejected(op: .getItem([.array, .array]), operands: [TensorType(.float32, [4, 4]), TensorType(.int64, [2]), TensorType(.int64, [3])], fragments: ["could not be broadcast"]),
        Rejected(op: .setItem([.integer(0)]), operands: [TensorType(.float32, [4, 5]), TensorType(.float32, [4])], fragments: ["setitem:", "[4]", "[5]"]),
        Rejected(op: .addAt([.integer(0)]), operands: [TensorType(.int64, [4, 5]), TensorType(.float32, [5])], fragments: ["add_at:", "same_kind"]),
        Rejected(op: .reshape([4]), operands: [TensorType(.float32, [2, 3])], fragments: ["reshape:", "[2, 3]", "[4]"]),
        Rejected(op: .transpose([0]), operands: [TensorType(.float32, [2, 3])], fragments: ["transpose:"]),
        Rejected(op: .squeeze([1]), operands: [TensorType(.float32, [2, 3])], fragments: ["squeeze:", "not 1"]),
        Rejected(op: .reduce(.sum, axes: [2], keepdims: false), operands: [TensorType(.float32, [2, 3])], fragments: ["sum: axis 2 is out of bounds"]),
        Rejected(op: .reduce(.max, axes: nil, keepdims: false), operands: [TensorType(.float32, [0])], fragments: ["no identity"]),
        Rejected(op: .concatenate(axis: 0), operands: [TensorType(.float32, [2, 3]), TensorType(.float32, [2, 4])], fragments: ["concatenate:", "must match"]),
        Rejected(op: .im2col(kernel: .init(7, 7), stride: .init(1, 1), pad: .init(0, 0), toMatrix: true), operands: [TensorType(.float32, [1, 1, 5, 5])], fragments: ["does not fit"]),
        Rejected(op: .col2im(imageShape: [1, 1, 4, 4], kernel: .init(2, 2), stride: .init(2, 2), pad: .init(0, 0), toMatrix: true), operands: [TensorType(.float32, [3, 4])], fragments: ["expected [4, 4]"]),
        Rejected(op: .pad([.init(Int.max, 1)], constant: 0), operands: [TensorType(.float32, [2])], fragments: ["pad:", "too large"]),
        Rejected(op: .im2col(kernel: .init(1, 1), stride: .init(1, 1), pad: .init(Int.max / 2, 0), toMatrix: true), operands: [TensorType(.float32, [1, 1, 5, 5])], fragments: ["im2col:", "too large"]),
        Rejected(op: .getItem([.slice(NDSlice(step: Int.min))]), operands: [TensorType(.float32, [4])], fragments: ["too large"]),
        Rejected(op: .full(shape: [-1], value: 0, dtype: .float32), operands: [], fragments: ["negative dimensions"]),
        Rejected(op: .random(.randint(low: 3, high: 3, shape: [2])), operands: [], fragments: ["low 3 >= high 3"]),
        Rejected(op: .softmax(axis: 0), operands: [TensorType(.float32, [])], fragments: ["softmax: axis 0 is out of bounds"]),
    ])
    func badOperandsAreExplained(_ r: Rejected) {
        do {
            let type = try r.op.resultType(operands: r.operands)
            Issue.record("expected an error, got \(type)")
        } catch {
            #expect(error.kind == .shape)
            for fragment in r.fragments { #expect(error.message.contains(fragment), "\(error.message)") }
        }
    }
}
