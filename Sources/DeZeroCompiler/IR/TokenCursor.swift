import DeZeroArray

/// Reads the tokens of one line in order, with errors that point at the offending token (or
/// just past the end of the line when a token is missing).
struct TokenCursor {
    /// The line's tokens without its trailing comment.
    let tokens: [Token]
    /// The comment that ended the line (the text after `#`), if any.
    let comment: String?
    /// The line's number.
    let line: Int
    /// The column just past the line's last character.
    let endColumn: Int
    /// The next token's position in ``tokens``.
    var position = 0

    /// A cursor over `tokens` of line `line`, whose text is `length` characters long.
    init(_ tokens: [Token], line: Int, length: Int) {
        if case .comment(let text)? = tokens.last?.kind {
            self.tokens = Array(tokens.dropLast())
            comment = text
        } else {
            self.tokens = tokens
            comment = nil
        }
        self.line = line
        endColumn = length + 1
    }

    /// The next token, if any, without taking it.
    var peek: Token? { position < tokens.count ? tokens[position] : nil }
    /// Whether every token has been read.
    var atEnd: Bool { position >= tokens.count }
    /// The column of the next token (past the end of the line when none is left).
    var column: Int { peek?.column ?? endColumn }

    /// A syntax error at `column` (the next token, or the end of the line, by default).
    func error(_ message: String, at column: Int? = nil) -> IRError {
        error(.syntax, message, at: column)
    }

    /// An error of `kind` at `column` (the next token, or the end of the line, by default).
    func error(_ kind: IRError.Kind, _ message: String, at column: Int? = nil) -> IRError {
        IRError(kind, message, line: line, column: column ?? self.column)
    }

    /// What the next token is, for "expected X, got Y" messages.
    var found: String { peek.map { "'\($0.text)'" } ?? "the end of the line" }

    /// Takes the next token.
    mutating func next() -> Token? {
        defer { position += 1 }
        return peek
    }

    /// Whether the next token is the punctuation `p`.
    func isAt(_ p: String) -> Bool { peek?.kind == .punctuation(p) }

    /// Takes the punctuation `p` when it comes next.
    mutating func skip(_ p: String) -> Bool {
        guard isAt(p) else { return false }
        position += 1
        return true
    }

    /// Takes the punctuation `p`, or fails with `expected p` and what `context` needs it for.
    mutating func expect(_ p: String, _ context: String) throws(IRError) {
        guard skip(p) else { throw error("expected '\(p)' \(context), got \(found)") }
    }

    /// Takes a value token (`%3`) and returns it with its column.
    mutating func value(_ context: String) throws(IRError) -> (Value, column: Int) {
        guard let t = peek, case .value(let n) = t.kind else {
            throw error("expected a value like %3 \(context), got \(found)")
        }
        position += 1
        return (Value(n), t.column)
    }

    /// Takes a name token (`@l0.W`).
    mutating func name(_ context: String) throws(IRError) -> String {
        guard let t = peek, case .name(let s) = t.kind else {
            throw error("expected a name like @l0.W \(context), got \(found)")
        }
        position += 1
        return s
    }

    /// Takes a word token (`add`, `f32`).
    mutating func word(_ context: String) throws(IRError) -> String {
        guard let t = peek, case .word(let s) = t.kind else { throw error("expected \(context), got \(found)") }
        position += 1
        return s
    }

    /// Fails unless every token has been read.
    func expectEnd(_ context: String) throws(IRError) {
        guard atEnd else { throw error("unexpected \(found) \(context)") }
    }

    /// Takes an integer token.
    mutating func integer(_ context: String) throws(IRError) -> Int {
        guard let t = peek, case .number(let text) = t.kind else {
            throw error("expected an integer \(context), got \(found)")
        }
        guard let n = Int(text) else { throw error("expected an integer \(context), got '\(text)'") }
        position += 1
        return n
    }

    /// Takes a type: `f32[30,10]`, `f64[]`.
    mutating func type(_ context: String) throws(IRError) -> TensorType {
        let start = column
        guard let t = peek, case .word(let name) = t.kind else {
            throw error(.type, "expected a type like f32[3,2] \(context), got \(found)")
        }
        guard let dtype = DType(irName: name) else {
            throw error(.type, "unknown dtype '\(name)'; the dtypes are f32, f64, i64 and bool")
        }
        position += 1
        guard skip("[") else { throw error(.type, "expected '[' after the dtype '\(name)' (write f64[] for a 0-d array), got \(found)") }
        var shape: [Int] = [], count = 1
        while !skip("]") {
            if atEnd { throw error(.type, "unterminated '[' in the type: no ']' before the end of the line", at: start + name.count) }
            if !shape.isEmpty { try expect(",", "between the lengths of a shape") }
            let c = column
            let n = try integer("as the length of an axis")
            guard n >= 0 else { throw error(.type, "the length of an axis cannot be negative, got \(n)", at: c) }
            shape.append(n)
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw error(.type, "the lengths \(shape) hold more elements than an Int can count", at: c) }
            count = product
        }
        return TensorType(dtype, shape)
    }
}
