import DeZeroTestSupport
import Foundation
import Testing
@testable import DeZeroArray

// Loads Fixtures/ops.json (written by scripts/fixtures/ops_fixtures.py from NumPy 1.23), maps each
// case's op name to our NDArray call, and compares the results with NumPy's.

/// A JSON value of a case's `params`.
enum FixtureValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FixtureValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            self = .array(try c.decode([FixtureValue].self))
        }
    }

    /// The number, reading "nan"/"inf"/"-inf" strings as the script writes non-finite floats.
    var double: Double? {
        switch self {
        case .number(let d): d
        case .string(let s): FixtureValue.nonFinite(s)
        default: nil
        }
    }

    var int: Int? { double.map { Int($0) } }
    var ints: [Int]? {
        if case .array(let values) = self { return values.compactMap(\.int) }
        return nil
    }

    static func nonFinite(_ s: String) -> Double? {
        switch s {
        case "nan": .nan
        case "inf": .infinity
        case "-inf": -.infinity
        default: nil
        }
    }
}

/// One float in a tensor's data: a JSON number or "nan"/"inf"/"-inf".
struct FixtureFloat: Decodable, Sendable {
    let value: Double
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) {
            value = d
        } else {
            let s = try c.decode(String.self)
            guard let d = FixtureValue.nonFinite(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad float \(s)")
            }
            value = d
        }
    }
}

/// A view step applied to an input after it is built contiguous.
enum FixtureViewStep: Decodable, Sendable {
    case transposeT
    case transpose([Int])
    case broadcast([Int])
    case expandDims(Int)
    case swapaxes(Int, Int)

    init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let kind = try c.decode(String.self)
        switch kind {
        case "T": self = .transposeT
        case "transpose": self = .transpose(try c.decode([Int].self))
        case "broadcast_to": self = .broadcast(try c.decode([Int].self))
        case "expand_dims": self = .expandDims(try c.decode(Int.self))
        case "swapaxes":
            let axes = try c.decode([Int].self)
            self = .swapaxes(axes[0], axes[1])
        default:
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown view step \(kind)")
        }
    }
}

/// A tensor: dtype, shape and flat C-order data (plus view steps for inputs).
struct FixtureTensor: Decodable, Sendable {
    enum Values: Sendable {
        case bools([Bool])
        case ints([Int64])
        case floats([Double])
    }

    let dtype: DType
    let shape: [Int]
    let values: Values
    let view: [FixtureViewStep]

    enum CodingKeys: String, CodingKey { case dtype, shape, data, view }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .dtype)
        guard let dtype = DType(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .dtype, in: c, debugDescription: "dtype \(name)")
        }
        self.dtype = dtype
        shape = try c.decode([Int].self, forKey: .shape)
        switch dtype {
        case .bool: values = .bools(try c.decode([Bool].self, forKey: .data))
        case .int64: values = .ints(try c.decode([Int64].self, forKey: .data))
        case .float32:
            // Written with float32's shortest repr: narrowing the parsed Double gives the value.
            values = .floats(try c.decode([FixtureFloat].self, forKey: .data).map { Double(Float($0.value)) })
        case .float64: values = .floats(try c.decode([FixtureFloat].self, forKey: .data).map(\.value))
        }
        view = try c.decodeIfPresent([FixtureViewStep].self, forKey: .view) ?? []
    }

    /// The contiguous base array, built with `NDArray(_:shape:)` for the dtype's element type.
    var base: NDArray {
        switch values {
        case .bools(let v): NDArray(v, shape: shape)
        case .ints(let v): NDArray(v, shape: shape)
        case .floats(let v): dtype == .float32 ? NDArray(v.map { Float($0) }, shape: shape) : NDArray(v, shape: shape)
        }
    }

    /// The operand: the base array with the view steps applied.
    var array: NDArray {
        var a = base
        for step in view {
            switch step {
            case .transposeT: a = a.T
            case .transpose(let axes): a = a.transpose(axes)
            case .broadcast(let shape): a = a.broadcast(to: shape)
            case .expandDims(let axis): a = a.expandDims(axis)
            case .swapaxes(let p, let q): a = a.swapaxes(p, q)
            }
        }
        return a
    }

    var count: Int { shape.reduce(1, *) }
}

/// How outputs are compared.
struct FixtureComparison: Decodable, Sendable {
    /// "exact": bit for bit (NaN matches NaN, the sign of zero counts); "close": within tolerances.
    let mode: String
    let rtol: Double?
    let atol: Double?
}

/// One NumPy parity case.
struct OpCase: Sendable, CustomTestStringConvertible {
    let name: String
    let group: String
    let op: String
    let inputs: [FixtureTensor]
    let params: [String: FixtureValue]
    let outputs: [FixtureTensor]
    let cmp: FixtureComparison
    let flags: [String: Bool]?

    var testDescription: String { name }

    subscript(_ key: String) -> FixtureValue { params[key] ?? .null }
    func int(_ key: String) -> Int { self[key].int! }
    func double(_ key: String) -> Double { self[key].double! }
    func ints(_ key: String) -> [Int] { self[key].ints! }
    func bool(_ key: String) -> Bool {
        if case .bool(let b) = self[key] { return b }
        return false
    }
    func dtype(_ key: String) -> DType? {
        if case .string(let s) = self[key] { return DType(rawValue: s) }
        return nil
    }
    func string(_ key: String) -> String? {
        if case .string(let s) = self[key] { return s }
        return nil
    }
}

/// This target's fixtures (Tests/DeZeroArrayTests/Fixtures).
let fixtures = FixtureFiles(.module)

enum Fixtures {
    private struct RawCase: Decodable {
        let name: String
        let group: String
        let op: String
        let inputs: [Int]
        let params: [String: FixtureValue]
        let outputs: [FixtureTensor]
        let cmp: FixtureComparison
        let flags: [String: Bool]?
    }

    private struct File: Decodable {
        let numpy: String
        let tensors: [FixtureTensor]
        let cases: [RawCase]
    }

    /// Every case in Fixtures/ops.json, in file order.
    static let all: [OpCase] = {
        let file = fixtures.decode(File.self, from: "ops.json")
        return file.cases.map { raw in
            OpCase(
                name: raw.name, group: raw.group, op: raw.op, inputs: raw.inputs.map { file.tensors[$0] },
                params: raw.params, outputs: raw.outputs, cmp: raw.cmp, flags: raw.flags)
        }
    }()

    /// The cases of one group (as the script names them), optionally only some ops.
    static func cases(_ group: String, ops: Set<String>? = nil) -> [OpCase] {
        all.filter { $0.group == group && (ops == nil || ops!.contains($0.op)) }
    }
}

// MARK: - Comparing with NumPy

/// Checks our outputs against the case's expected outputs: dtype and shape exactly, values by
/// the case's comparison.
func expectParity(_ c: OpCase, _ actual: [NDArray], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == c.outputs.count, "\(c.name): \(actual.count) outputs, NumPy has \(c.outputs.count)",
            sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, c.outputs).enumerated() {
        let label = c.outputs.count > 1 ? "\(c.name) [output \(i)]" : c.name
        #expect(a.dtype == e.dtype, "\(label): dtype \(a.dtype), NumPy \(e.dtype)", sourceLocation: sourceLocation)
        #expect(a.shape == e.shape, "\(label): shape \(a.shape), NumPy \(e.shape)", sourceLocation: sourceLocation)
        guard a.dtype == e.dtype && a.shape == e.shape else { continue }
        if let mismatch = valueMismatch(a, e, c.cmp) {
            Issue.record("\(label): \(mismatch)", sourceLocation: sourceLocation)
        }
    }
}

/// A description of the first differing elements, or nil when the values agree.
func valueMismatch(_ a: NDArray, _ e: FixtureTensor, _ cmp: FixtureComparison) -> String? {
    var bad: [String] = []
    var count = 0
    func note(_ i: Int, _ x: String, _ y: String) {
        count += 1
        if bad.count < 6 { bad.append("[\(i)] \(x) vs NumPy \(y)") }
    }
    switch e.values {
    case .bools(let expected):
        for (i, (x, y)) in zip(a.scalars(as: Bool.self), expected).enumerated() where x != y { note(i, "\(x)", "\(y)") }
    case .ints(let expected):
        for (i, (x, y)) in zip(a.scalars(as: Int64.self), expected).enumerated() where x != y { note(i, "\(x)", "\(y)") }
    case .floats(let expected):
        let rtol = cmp.rtol ?? 0, atol = cmp.atol ?? 0
        for (i, (x, y)) in zip(a.scalars(as: Double.self), expected).enumerated() {
            if !floatsAgree(x, y, exact: cmp.mode == "exact", rtol: rtol, atol: atol) {
                note(i, x.bitPatternDescription, y.bitPatternDescription)
            }
        }
    }
    if count == 0 { return nil }
    let tolerance = cmp.mode == "exact" ? "exact" : "rtol \(cmp.rtol ?? 0), atol \(cmp.atol ?? 0)"
    return "\(count) of \(e.count) elements differ (\(tolerance)): " + bad.joined(separator: ", ")
}

/// Whether `x` matches NumPy's `y`: NaN matches NaN, infinities match exactly; "exact" also needs
/// the same sign of zero; otherwise |x - y| <= atol + rtol * |y|.
func floatsAgree(_ x: Double, _ y: Double, exact: Bool, rtol: Double, atol: Double) -> Bool {
    if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
    if exact || x.isInfinite || y.isInfinite { return x == y && x.sign == y.sign }
    return Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
}

extension Double {
    /// The value with enough digits to tell neighbours apart.
    var bitPatternDescription: String {
        isNaN ? "nan" : "\(self)"
    }
}

// MARK: - The op catalog

/// Runs a case's op with our NDArray API and returns its outputs.
enum OpCatalog {
    /// Op names the dispatcher knows; a fixture op outside this set fails `FixtureSanityTests`.
    static let knownOps: Set<String> = [
        "add", "subtract", "multiply", "divide", "power", "maximum", "minimum",
        "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
        "add_scalar", "subtract_scalar", "multiply_scalar", "divide_scalar", "power_scalar",
        "maximum_scalar", "minimum_scalar", "equal_scalar", "not_equal_scalar", "less_scalar",
        "less_equal_scalar", "greater_scalar", "greater_equal_scalar",
        "iadd", "isubtract", "imultiply", "idivide", "iadd_scalar", "isubtract_scalar", "imultiply_scalar",
        "idivide_scalar",
        "negative", "exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "abs", "sign", "square",
        "clip", "where", "where_scalar", "astype",
        "zeros", "ones", "full", "zeros_like", "ones_like", "full_like", "arange_int", "arange_float",
        "linspace", "eye", "literal", "init_values",
        "reshape", "reshape_varargs", "transpose", "transpose_varargs", "T", "swapaxes", "broadcast_to",
        "expand_dims", "squeeze", "squeeze_axis", "flatten", "ravel", "contiguous", "copy",
        "sum", "mean", "max", "min", "argmax", "argmin", "logsumexp",
        "matmul", "dot", "tensordot", "concatenate", "stack", "split_sections", "split_indices",
    ]

    /// The op families, each a function that runs the ops it knows and returns nil for others.
    static let families: [@Sendable (OpCase, [NDArray]) -> [NDArray]?] = [
        binary, withScalar, inPlace, unary, creation, view, reductionOrArg, linearAlgebra,
    ]

    static func run(_ c: OpCase) -> [NDArray] {
        let x = c.inputs.map(\.array)
        for family in families {
            if let outputs = family(c, x) { return outputs }
        }
        Issue.record("unknown fixture op \(c.op)")
        return []
    }

    /// Binary operators and functions on two arrays.
    static func binary(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "add": return [x[0] + x[1]]
        case "subtract": return [x[0] - x[1]]
        case "multiply": return [x[0] * x[1]]
        case "divide": return [x[0] / x[1]]
        case "power": return [pow(x[0], x[1])]
        case "maximum": return [maximum(x[0], x[1])]
        case "minimum": return [minimum(x[0], x[1])]
        case "equal": return [x[0] .== x[1]]
        case "not_equal": return [x[0] .!= x[1]]
        case "less": return [x[0] .< x[1]]
        case "less_equal": return [x[0] .<= x[1]]
        case "greater": return [x[0] .> x[1]]
        case "greater_equal": return [x[0] .>= x[1]]
        default: return nil
        }
    }

    /// Operators and functions with a Swift scalar.
    static func withScalar(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "add_scalar", "subtract_scalar", "multiply_scalar", "divide_scalar":
            return [arithmeticWithScalar(c, x[0])]
        case "power_scalar":
            let s = c.double("scalar")
            let method = x[0].pow(s), function = pow(x[0], s)
            #expect(method.dtype == function.dtype && method.shape == function.shape)
            return [method]
        case "maximum_scalar": return [maximum(x[0], c.double("scalar"))]
        case "minimum_scalar": return [minimum(x[0], c.double("scalar"))]
        case "equal_scalar": return [x[0] .== c.double("scalar")]
        case "not_equal_scalar": return [x[0] .!= c.double("scalar")]
        case "less_scalar": return [x[0] .< c.double("scalar")]
        case "less_equal_scalar": return [x[0] .<= c.double("scalar")]
        case "greater_scalar": return [x[0] .> c.double("scalar")]
        case "greater_equal_scalar": return [x[0] .>= c.double("scalar")]
        default: return nil
        }
    }

    /// In place: keeps the left operand's dtype; the operand's other copies stay unchanged.
    static func inPlace(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "iadd", "isubtract", "imultiply", "idivide", "iadd_scalar", "isubtract_scalar", "imultiply_scalar",
            "idivide_scalar":
            let original = x[0]
            let before = original.scalars(as: Double.self)
            var y = original
            switch c.op {
            case "iadd": y += x[1]
            case "isubtract": y -= x[1]
            case "imultiply": y *= x[1]
            case "idivide": y /= x[1]
            case _ where c.string("type") == "int":
                let s = c.int("scalar")
                switch c.op {
                case "iadd_scalar": y += s
                case "isubtract_scalar": y -= s
                case "imultiply_scalar": y *= s
                default: y /= s
                }
            case "iadd_scalar": y += c.double("scalar")
            case "isubtract_scalar": y -= c.double("scalar")
            case "imultiply_scalar": y *= c.double("scalar")
            default: y /= c.double("scalar")
            }
            let after = original.scalars(as: Double.self)
            #expect(zip(before, after).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) },
                    "\(c.name): in-place op changed another copy of the operand")
            return [y]
        default: return nil
        }
    }

    /// Unary functions, clip, where and astype.
    static func unary(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "negative": return [-x[0]]
        case "exp": return [exp(x[0])]
        case "log": return [log(x[0])]
        case "sin": return [sin(x[0])]
        case "cos": return [cos(x[0])]
        case "tan": return [tan(x[0])]
        case "tanh": return [tanh(x[0])]
        case "sqrt": return [sqrt(x[0])]
        case "abs": return [abs(x[0])]
        case "sign": return [sign(x[0])]
        case "square": return [x[0].square()]
        case "clip": return [clip(x[0], c.double("low"), c.double("high"))]
        case "where": return [`where`(x[0], x[1], x[2])]
        case "where_scalar": return [`where`(x[0], c.double("a"), c.double("b"))]
        case "astype": return [x[0].astype(c.dtype("dtype")!)]
        default: return nil
        }
    }

    /// Creation.
    static func creation(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "zeros":
            return [c.dtype("dtype").map { NDArray.zeros(c.ints("shape"), dtype: $0) } ?? NDArray.zeros(c.ints("shape"))]
        case "ones":
            return [c.dtype("dtype").map { NDArray.ones(c.ints("shape"), dtype: $0) } ?? NDArray.ones(c.ints("shape"))]
        case "full":
            let shape = c.ints("shape"), value = c.double("value")
            return [c.dtype("dtype").map { NDArray.full(shape, value, dtype: $0) } ?? NDArray.full(shape, value)]
        case "zeros_like":
            return [c.dtype("dtype").map { NDArray.zerosLike(x[0], dtype: $0) } ?? NDArray.zerosLike(x[0])]
        case "ones_like":
            return [c.dtype("dtype").map { NDArray.onesLike(x[0], dtype: $0) } ?? NDArray.onesLike(x[0])]
        case "full_like":
            let value = c.double("value")
            return [c.dtype("dtype").map { NDArray.fullLike(x[0], value, dtype: $0) } ?? NDArray.fullLike(x[0], value)]
        case "arange_int":
            if c.params["start"] == nil { return [NDArray.arange(c.int("stop"))] }
            if c.params["step"] == nil { return [NDArray.arange(c.int("start"), c.int("stop"))] }
            return [NDArray.arange(c.int("start"), c.int("stop"), c.int("step"))]
        case "arange_float":
            let start = c.double("start"), stop = c.double("stop"), step = c.double("step")
            return [c.dtype("dtype").map { NDArray.arange(start, stop, step, dtype: $0) }
                ?? NDArray.arange(start, stop, step)]
        case "linspace":
            let start = c.double("start"), stop = c.double("stop"), num = c.int("num"), endpoint = c.bool("endpoint")
            return [c.dtype("dtype").map { NDArray.linspace(start, stop, num: num, endpoint: endpoint, dtype: $0) }
                ?? NDArray.linspace(start, stop, num: num, endpoint: endpoint)]
        case "eye":
            let n = c.int("n"), k = c.int("k")
            let m = c.params["m"] == nil ? nil : c.int("m")
            return [c.dtype("dtype").map { NDArray.eye(n, m, k: k, dtype: $0) } ?? NDArray.eye(n, m, k: k)]
        case "literal": return [literal(c.string("id")!)]
        case "init_values":
            let t = c.inputs[0]
            let shape = c.params["shape"] == nil ? nil : c.ints("shape")
            switch t.values {
            case .bools(let v): return [NDArray(v, shape: shape)]
            case .ints(let v): return [NDArray(v, shape: shape)]
            case .floats(let v):
                return [t.dtype == .float32 ? NDArray(v.map { Float($0) }, shape: shape) : NDArray(v, shape: shape)]
            }
        default: return nil
        }
    }

    /// Views.
    static func view(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "reshape": return [x[0].reshape(c.ints("shape"))]
        case "reshape_varargs":
            let s = c.ints("shape")
            precondition(s.count == 2)
            return [x[0].reshape(s[0], s[1])]
        case "transpose": return [c[("axes")] == .null ? x[0].transpose() : x[0].transpose(c.ints("axes"))]
        case "transpose_varargs":
            let a = c.ints("axes")
            precondition(a.count == 3)
            return [x[0].transpose(a[0], a[1], a[2])]
        case "T": return [x[0].T]
        case "swapaxes": return [x[0].swapaxes(c.int("a"), c.int("b"))]
        case "broadcast_to": return [x[0].broadcast(to: c.ints("shape"))]
        case "expand_dims": return [x[0].expandDims(c.int("axis"))]
        case "squeeze": return [c["axes"] == .null ? x[0].squeeze() : x[0].squeeze(c.ints("axes"))]
        case "squeeze_axis": return [x[0].squeeze(axis: c.int("axis"))]
        case "flatten": return [x[0].flatten()]
        case "ravel": return [x[0].ravel()]
        case "contiguous": return [x[0].contiguous()]
        case "copy": return [x[0].copy()]
        default: return nil
        }
    }

    /// Reductions.
    static func reductionOrArg(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "sum", "mean", "max", "min": return [reduction(c, x[0])]
        case "argmax", "argmin":
            let axis = c["axis"] == .null ? nil : c.int("axis"), keepdims = c.bool("keepdims")
            if c.op == "argmax" {
                return [axis == nil && !keepdims ? x[0].argmax() : x[0].argmax(axis: axis, keepdims: keepdims)]
            }
            return [axis == nil && !keepdims ? x[0].argmin() : x[0].argmin(axis: axis, keepdims: keepdims)]
        case "logsumexp":
            if c.params.isEmpty { return [logsumexp(x[0])] }
            return [logsumexp(x[0], axis: c.int("axis"), keepdims: c.bool("keepdims"))]
        default: return nil
        }
    }

    /// Linear algebra and joins.
    static func linearAlgebra(_ c: OpCase, _ x: [NDArray]) -> [NDArray]? {
        switch c.op {
        case "matmul": return [matmul(x[0], x[1])]
        case "dot": return [dot(x[0], x[1])]
        case "tensordot":
            if c.params["axes"] != nil { return [tensordot(x[0], x[1], axes: c.int("axes"))] }
            return [tensordot(x[0], x[1], axes: (c.ints("axes_a"), c.ints("axes_b")))]
        case "concatenate": return [concatenate(x, axis: c.int("axis"))]
        case "stack": return [stack(x, axis: c.int("axis"))]
        case "split_sections": return split(x[0], c.int("sections"), axis: c.int("axis"))
        case "split_indices": return split(x[0], indices: c.ints("indices"), axis: c.int("axis"))
        default: return nil
        }
    }

    /// `x op s` or `s op x` with a Swift `Double` or `Int` scalar.
    static func arithmeticWithScalar(_ c: OpCase, _ x: NDArray) -> NDArray {
        let right = c.string("side") != "left"
        if c.string("type") == "int" {
            let s = c.int("scalar")
            switch (c.op, right) {
            case ("add_scalar", true): return x + s
            case ("add_scalar", false): return s + x
            case ("subtract_scalar", true): return x - s
            case ("subtract_scalar", false): return s - x
            case ("multiply_scalar", true): return x * s
            case ("multiply_scalar", false): return s * x
            case ("divide_scalar", true): return x / s
            default: return s / x
            }
        }
        let s = c.double("scalar")
        switch (c.op, right) {
        case ("add_scalar", true): return x + s
        case ("add_scalar", false): return s + x
        case ("subtract_scalar", true): return x - s
        case ("subtract_scalar", false): return s - x
        case ("multiply_scalar", true): return x * s
        case ("multiply_scalar", false): return s * x
        case ("divide_scalar", true): return x / s
        default: return s / x
        }
    }

    /// sum/mean/max/min with `axis:` (nil or an int: the default-argument forms) or `axes:` (a list).
    static func reduction(_ c: OpCase, _ x: NDArray) -> NDArray {
        let keepdims = c.bool("keepdims")
        switch c["axis"] {
        case .array:
            let axes = c.ints("axis")
            switch c.op {
            case "sum": return x.sum(axes: axes, keepdims: keepdims)
            case "mean": return x.mean(axes: axes, keepdims: keepdims)
            case "max": return x.max(axes: axes, keepdims: keepdims)
            default: return x.min(axes: axes, keepdims: keepdims)
            }
        case .null where !keepdims:
            switch c.op {
            case "sum": return x.sum()
            case "mean": return x.mean()
            case "max": return x.max()
            default: return x.min()
            }
        default:
            let axis = c["axis"].int
            switch c.op {
            case "sum": return x.sum(axis: axis, keepdims: keepdims)
            case "mean": return x.mean(axis: axis, keepdims: keepdims)
            case "max": return x.max(axis: axis, keepdims: keepdims)
            default: return x.min(axis: axis, keepdims: keepdims)
            }
        }
    }

    /// The Swift literal for each `literal` case id (the script builds `np.array` of the same).
    static func literal(_ id: String) -> NDArray {
        switch id {
        case "ints_2d": let a: NDArray = [[1, 2], [3, 4]]; return a
        case "mixed_2d": let a: NDArray = [[1, 2], [3, 4.5]]; return a
        case "bools": let a: NDArray = [true, false, true]; return a
        case "bool_int": let a: NDArray = [true, 2]; return a
        case "scalar_float": return NDArray(scalar: 0.5)
        case "scalar_int": return NDArray(scalar: Int64(3))
        case "scalar_bool": return NDArray(scalar: false)
        case "nested_3d": let a: NDArray = [[[1.5], [2]], [[3], [4]]]; return a
        case "negatives": let a: NDArray = [-1, -2.5, 3]; return a
        case "row": let a: NDArray = [[7, 8, 9]]; return a
        default:
            Issue.record("unknown literal id \(id)")
            return NDArray.zeros([0])
        }
    }
}

/// Runs one fixture case and compares with NumPy, plus the case's output flags.
func checkCase(_ c: OpCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let outputs = OpCatalog.run(c)
    expectParity(c, outputs, sourceLocation: sourceLocation)
    if let contiguous = c.flags?["c_contiguous"], let out = outputs.first, out.size > 0 {
        #expect(out.isContiguous == contiguous, "\(c.name): isContiguous \(out.isContiguous), NumPy \(contiguous)",
                sourceLocation: sourceLocation)
    }
}
