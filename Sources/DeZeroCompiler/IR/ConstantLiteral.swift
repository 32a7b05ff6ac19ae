import DeZeroArray

/// The elements of a `const` instruction as text: one scalar (`2.5`, `true`) for a 0-d array,
/// or a flat bracketed list in C order (`[1.0, 2.0, nan]`), turned into an array once the type
/// after `:` is known.
struct ConstantLiteral {
    /// The element tokens, in order.
    var items: [Token] = []
    /// Whether the elements were written as a bracketed list.
    var isList = false
    /// The column where the literal starts.
    var column: Int

    /// Reads the literal at the cursor.
    init(_ c: inout TokenCursor) throws(IRError) {
        column = c.column
        if c.skip("[") {
            isList = true
            while !c.skip("]") {
                if c.atEnd { throw c.error("unterminated '[': no ']' before the end of the line", at: column) }
                if !items.isEmpty { try c.expect(",", "between constant elements") }
                items.append(try ConstantLiteral.element(&c))
            }
        } else {
            items.append(try ConstantLiteral.element(&c))
        }
    }

    /// One element: a number, `true` or `false`.
    private static func element(_ c: inout TokenCursor) throws(IRError) -> Token {
        guard let t = c.peek else { throw c.error("expected a constant element (a number, true or false), got \(c.found)") }
        switch t.kind {
        case .number, .word("true"), .word("false"):
            _ = c.next()
            return t
        default:
            throw c.error("expected a constant element (a number, true or false), got \(c.found)")
        }
    }

    /// The array of `type` the elements spell, or an error at the first element that does not
    /// fit the dtype or when the count does not fill the shape.
    func array(of type: TensorType, line: Int, typeColumn: Int) throws(IRError) -> NDArray {
        if type.shape.isEmpty && isList {
            throw IRError(.type, "a 0-d constant is written as one element without brackets, like 2.0", line: line, column: column)
        }
        if !type.shape.isEmpty && !isList {
            throw IRError(.type, "a constant of type \(type) is written as a bracketed list in C order, like [1.0, 2.0]", line: line, column: column)
        }
        guard items.count == type.count else {
            throw IRError(
                .type, "the constant has \(items.count) elements but its type \(type) holds \(type.count)",
                line: line, column: typeColumn)
        }
        switch type.dtype {
        case .float32: return NDArray(try elements(line, "f32") { NumberText.float($0, as: Float.self) }, shape: type.shape)
        case .float64: return NDArray(try elements(line, "f64") { NumberText.float($0, as: Double.self) }, shape: type.shape)
        case .int64: return NDArray(try elements(line, "i64", NumberText.integer), shape: type.shape)
        case .bool:
            let values = try elements(line, "bool") { text -> Bool? in nil }
            return NDArray(values, shape: type.shape)
        }
    }

    /// Every element read by `parse` (numbers) or as `true`/`false` (bool only), or an error
    /// naming the first that does not fit `dtype`.
    private func elements<T>(_ line: Int, _ dtype: String, _ parse: (String) -> T?) throws(IRError) -> [T] {
        var values: [T] = []
        values.reserveCapacity(items.count)
        for t in items {
            let value: T?
            switch t.kind {
            case .number(let text): value = parse(text)
            case .word(let w): value = (T.self == Bool.self ? (w == "true") as? T : nil)
            default: value = nil
            }
            guard let value else {
                throw IRError(.type, "'\(t.text)' is not a \(dtype) element", line: line, column: t.column)
            }
            values.append(value)
        }
        return values
    }
}
