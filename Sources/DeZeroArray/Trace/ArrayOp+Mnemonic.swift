extension ArrayOp {
    /// The primitive's name, NumPy's where it has one: `add`, `matmul`, `sum`, `getitem`... (the
    /// IR text's instruction names, and the name in messages)
    public var mnemonic: String {
        switch self {
        case .unary(let f): f.rawValue
        case .negative: "negative"
        case .abs: "abs"
        case .sign: "sign"
        case .sigmoid: "sigmoid"
        case .binary(let op): op.rawValue
        case .compare(let c): c.rawValue
        case .select: "where"
        case .cast: "astype"
        case .reshape: "reshape"
        case .transpose: "transpose"
        case .broadcast: "broadcast_to"
        case .expandDims: "expand_dims"
        case .squeeze: "squeeze"
        case .reduce(let kind, _, _): kind.rawValue
        case .argReduce(let greater, _, _): greater ? "argmax" : "argmin"
        case .matmul: "matmul"
        case .getItem: "getitem"
        case .setItem: "setitem"
        case .addAt: "add_at"
        case .concatenate: "concatenate"
        case .pad: "pad"
        case .im2col: "im2col"
        case .col2im: "col2im"
        case .softmax: "softmax"
        case .logsumexp: "logsumexp"
        case .full: "full"
        case .random(let draw):
            switch draw {
            case .rand: "random.rand"
            case .randn: "random.randn"
            case .uniform: "random.uniform"
            case .normal: "random.normal"
            case .randint: "random.randint"
            case .permutation: "random.permutation"
            }
        }
    }
}
