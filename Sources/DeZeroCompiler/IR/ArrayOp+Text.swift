import DeZeroArray

/// The IR text of the array primitives: a mnemonic and named attributes, both ways.
extension ArrayOp {
    /// The attributes in the order IR text prints them.
    public var attributes: [(name: String, value: Attribute)] {
        switch self {
        case .unary, .negative, .abs, .sign, .sigmoid, .binary, .compare, .select, .matmul: []
        case .cast(let dtype): [("dtype", .dtype(dtype))]
        case .reshape(let shape), .broadcast(let shape): [("shape", .ints(shape))]
        case .transpose(let axes), .squeeze(let axes): [("axes", .ints(axes))]
        case .expandDims(let axis): [("axis", .int(axis))]
        case .reduce(_, let axes, let keepdims): [("axes", axes.map(Attribute.ints) ?? .none), ("keepdims", .bool(keepdims))]
        case .argReduce(_, let axis, let keepdims): [("axis", axis.map(Attribute.int) ?? .none), ("keepdims", .bool(keepdims))]
        case .getItem(let items), .setItem(let items), .addAt(let items): [("index", .index(items))]
        case .concatenate(let axis): [("axis", .int(axis))]
        case .pad(let pairs, let constant): [("widths", .pairs(pairs)), ("constant", .double(constant))]
        case .im2col(let k, let s, let p, let toMatrix):
            [("kernel", .pairs([k])), ("stride", .pairs([s])), ("pad", .pairs([p])), ("to_matrix", .bool(toMatrix))]
        case .col2im(let shape, let k, let s, let p, let toMatrix):
            [("image_shape", .ints(shape)), ("kernel", .pairs([k])), ("stride", .pairs([s])), ("pad", .pairs([p])),
             ("to_matrix", .bool(toMatrix))]
        case .softmax(let axis): [("axis", .int(axis))]
        case .logsumexp(let axis, let keepdims): [("axis", .int(axis)), ("keepdims", .bool(keepdims))]
        case .full(let shape, let value, let dtype): [("shape", .ints(shape)), ("value", .double(value)), ("dtype", .dtype(dtype))]
        case .random(let draw):
            switch draw {
            case .rand(let shape), .randn(let shape): [("shape", .ints(shape))]
            case .uniform(let low, let high, let shape): [("low", .double(low)), ("high", .double(high)), ("shape", .ints(shape))]
            case .normal(let loc, let scale, let shape): [("loc", .double(loc)), ("scale", .double(scale)), ("shape", .ints(shape))]
            case .randint(let low, let high, let shape): [("low", .int(low)), ("high", .int(high)), ("shape", .ints(shape))]
            case .permutation(let n): [("n", .int(n))]
            }
        }
    }

    /// The primitive named `mnemonic` with `attributes`, or an error naming what is missing,
    /// unknown or of the wrong kind.
    public init(mnemonic: String, attributes: [String: Attribute]) throws(AttributeError) {
        var a = AttributeReader(mnemonic: mnemonic, attributes: attributes)
        if let f = UnaryOperation(rawValue: mnemonic) {
            self = .unary(f)
        } else if let op = BinaryOperation(rawValue: mnemonic) {
            self = .binary(op)
        } else if let c = Comparison(rawValue: mnemonic) {
            self = .compare(c)
        } else if let kind = ReductionKind(rawValue: mnemonic) {
            self = .reduce(kind, axes: try a.optionalInts("axes"), keepdims: try a.bool("keepdims"))
        } else {
            switch mnemonic {
            case "negative": self = .negative
            case "abs": self = .abs
            case "sign": self = .sign
            case "sigmoid": self = .sigmoid
            case "where": self = .select
            case "matmul": self = .matmul
            case "astype": self = .cast(try a.dtype("dtype"))
            case "reshape": self = .reshape(try a.ints("shape"))
            case "broadcast_to": self = .broadcast(try a.ints("shape"))
            case "transpose": self = .transpose(try a.ints("axes"))
            case "squeeze": self = .squeeze(try a.ints("axes"))
            case "expand_dims": self = .expandDims(try a.int("axis"))
            case "argmax", "argmin":
                self = .argReduce(greater: mnemonic == "argmax", axis: try a.optionalInt("axis"), keepdims: try a.bool("keepdims"))
            case "getitem": self = .getItem(try a.index("index"))
            case "setitem": self = .setItem(try a.index("index"))
            case "add_at": self = .addAt(try a.index("index"))
            case "concatenate": self = .concatenate(axis: try a.int("axis"))
            case "pad": self = .pad(try a.pairs("widths"), constant: try a.double("constant"))
            case "im2col":
                self = .im2col(
                    kernel: try a.pair("kernel"), stride: try a.pair("stride"), pad: try a.pair("pad"),
                    toMatrix: try a.bool("to_matrix"))
            case "col2im":
                self = .col2im(
                    imageShape: try a.ints("image_shape"), kernel: try a.pair("kernel"), stride: try a.pair("stride"),
                    pad: try a.pair("pad"), toMatrix: try a.bool("to_matrix"))
            case "softmax": self = .softmax(axis: try a.int("axis"))
            case "logsumexp": self = .logsumexp(axis: try a.int("axis"), keepdims: try a.bool("keepdims"))
            case "full": self = .full(shape: try a.ints("shape"), value: try a.double("value"), dtype: try a.dtype("dtype"))
            case "random.rand": self = .random(.rand(shape: try a.ints("shape")))
            case "random.randn": self = .random(.randn(shape: try a.ints("shape")))
            case "random.uniform":
                self = .random(.uniform(low: try a.double("low"), high: try a.double("high"), shape: try a.ints("shape")))
            case "random.normal":
                self = .random(.normal(loc: try a.double("loc"), scale: try a.double("scale"), shape: try a.ints("shape")))
            case "random.randint":
                self = .random(.randint(low: try a.int("low"), high: try a.int("high"), shape: try a.ints("shape")))
            case "random.permutation": self = .random(.permutation(try a.int("n")))
            default: throw AttributeError("unknown operation '\(mnemonic)'")
            }
        }
        try a.finish()
    }
}

/// Reads named attributes of one instruction, checking kinds, and that none is left over.
private struct AttributeReader {
    let mnemonic: String
    var attributes: [String: Attribute]

    mutating func take(_ name: String) throws(AttributeError) -> Attribute {
        guard let value = attributes.removeValue(forKey: name) else {
            throw AttributeError("\(mnemonic) needs the attribute '\(name)'")
        }
        return value
    }

    func wrongKind(_ name: String, _ expected: String, _ value: Attribute) -> AttributeError {
        AttributeError("\(mnemonic): attribute '\(name)' must be \(expected), got \(value)")
    }

    mutating func int(_ name: String) throws(AttributeError) -> Int {
        let v = try take(name)
        guard case .int(let i) = v else { throw wrongKind(name, "an integer", v) }
        return i
    }
    mutating func optionalInt(_ name: String) throws(AttributeError) -> Int? {
        let v = try take(name)
        if case .none = v { return nil }
        guard case .int(let i) = v else { throw wrongKind(name, "an integer or none", v) }
        return i
    }
    mutating func double(_ name: String) throws(AttributeError) -> Double {
        let v = try take(name)
        switch v {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw wrongKind(name, "a number", v)
        }
    }
    mutating func bool(_ name: String) throws(AttributeError) -> Bool {
        let v = try take(name)
        guard case .bool(let b) = v else { throw wrongKind(name, "true or false", v) }
        return b
    }
    mutating func ints(_ name: String) throws(AttributeError) -> [Int] {
        let v = try take(name)
        guard case .ints(let xs) = v else { throw wrongKind(name, "a list of integers like [1,2]", v) }
        return xs
    }
    mutating func optionalInts(_ name: String) throws(AttributeError) -> [Int]? {
        let v = try take(name)
        if case .none = v { return nil }
        guard case .ints(let xs) = v else { throw wrongKind(name, "a list of integers or none", v) }
        return xs
    }
    mutating func pairs(_ name: String) throws(AttributeError) -> [ArrayOp.Pair] {
        let v = try take(name)
        if case .ints(let xs) = v, xs.isEmpty { return [] }
        guard case .pairs(let ps) = v else { throw wrongKind(name, "a list of pairs like [[1,1],[0,0]]", v) }
        return ps
    }
    mutating func pair(_ name: String) throws(AttributeError) -> ArrayOp.Pair {
        let ps = try pairs(name)
        guard ps.count == 1 else { throw wrongKind(name, "one pair like [[3,3]]", .pairs(ps)) }
        return ps[0]
    }
    mutating func dtype(_ name: String) throws(AttributeError) -> DType {
        let v = try take(name)
        guard case .dtype(let d) = v else { throw wrongKind(name, "a dtype (f32, f64, i64, bool)", v) }
        return d
    }
    mutating func index(_ name: String) throws(AttributeError) -> [IndexTemplate] {
        let v = try take(name)
        if case .ints(let xs) = v { return xs.map { .integer($0) } }
        guard case .index(let items) = v else { throw wrongKind(name, "an index like [0, 1:3, array]", v) }
        return items
    }
    func finish() throws(AttributeError) {
        if let extra = attributes.keys.sorted().first {
            throw AttributeError("\(mnemonic) has no attribute '\(extra)'")
        }
    }
}
