/// A problem in IR text or in a program: malformed text found by ``ProgramParser`` or a broken
/// rule found by ``Verifier``, with the place it was found.
///
/// `description` reads `line 12, column 9: %4 used before it is defined`; the position is left
/// out when it is unknown (line 0).
public struct IRError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What sort of problem it is.
    public enum Kind: String, Hashable, Sendable {
        /// The text does not follow the grammar (a missing `=`, an unterminated bracket, junk).
        case syntax
        /// A name the text or program refers to is unknown (an op, an attribute, a dtype, a binding).
        case unknownName
        /// An attribute is missing, extra or of the wrong kind.
        case attribute
        /// A type is malformed, or a value's type differs from the one inferred or declared.
        case type
        /// An operation cannot be applied to its operands (their count, shapes or dtypes).
        case shape
        /// A value is used before its definition, defined twice or never defined.
        case dominance
        /// A binding or constant is misused (a store to a scalar, two stores, a bad index).
        case binding
    }

    /// What sort of problem it is.
    public var kind: Kind
    /// What is wrong, and where it helps, how to fix it.
    public var message: String
    /// The 1-based line of the offending text, 0 when unknown.
    public var line: Int
    /// The 1-based column of the offending token, 0 when unknown.
    public var column: Int

    /// An error of `kind` with `message` at `line` and `column` (0 when unknown).
    public init(_ kind: Kind, _ message: String, line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line 12, column 9: message`, `line 12: message` without a column, or the message alone.
    public var description: String {
        if line == 0 { return message }
        if column == 0 { return "line \(line): \(message)" }
        return "line \(line), column \(column): \(message)"
    }

    /// The same error placed at `line` (and `column`), unless it already has a place.
    func placed(line: Int, column: Int = 0) -> IRError {
        guard self.line == 0 else { return self }
        var e = self
        e.line = line
        e.column = column
        return e
    }
}
