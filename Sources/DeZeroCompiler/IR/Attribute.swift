import DeZeroArray

/// An attribute value of an instruction in IR text: `axes=[0,1]`, `keepdims=true`,
/// `dtype=f32`, `index=[:, array]`, `axes=none`.
public enum Attribute: Hashable, Sendable, CustomStringConvertible {
    /// An integer.
    case int(Int)
    /// A float (printed so that it parses back to the same bits).
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `[1,2,3]`.
    case ints([Int])
    /// `[[1,1],[0,0]]`.
    case pairs([ArrayOp.Pair])
    /// A dtype name.
    case dtype(DType)
    /// An index: `[0, 1:3, ::2, ..., newaxis, array]`.
    case index([IndexTemplate])
    /// `none`.
    case none

    /// The attribute as IR text.
    public var description: String {
        switch self {
        case .int(let i): "\(i)"
        case .double(let d): Attribute.format(d)
        case .bool(let b): "\(b)"
        case .ints(let xs): "[\(xs.map(String.init).joined(separator: ","))]"
        case .pairs(let ps): "[\(ps.map { "[\($0.first),\($0.second)]" }.joined(separator: ","))]"
        case .dtype(let d): d.irName
        case .index(let items): "[\(items.map(Attribute.format).joined(separator: ", "))]"
        case .none: "none"
        }
    }

    /// A double as text that parses back to the same value: Swift's shortest round-trip form,
    /// with `inf`, `-inf` and `nan` spelled out.
    public static func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return "\(d)"
    }

    /// One index item as text.
    static func format(_ item: IndexTemplate) -> String {
        switch item {
        case .integer(let i): "\(i)"
        case .slice(let s): [s.start, s.stop].map { $0.map(String.init) ?? "" }.joined(separator: ":")
            + (s.step.map { ":\($0)" } ?? "")
        case .ellipsis: "..."
        case .newAxis: "newaxis"
        case .array: "array"
        }
    }
}

/// A malformed attribute list, found when an instruction is built from its text form.
public struct AttributeError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
