import Testing

@testable import DeZeroCompiler

/// A program text that must fail (to parse or to verify), with where and why.
struct TextErrorCase: Sendable, CustomTestStringConvertible {
    let text: String
    let line: Int
    let column: Int
    let kind: IRError.Kind
    let fragment: String
    var testDescription: String { fragment }

    init(_ text: String, line: Int, column: Int, _ kind: IRError.Kind, _ fragment: String) {
        self.text = text
        self.line = line
        self.column = column
        self.kind = kind
        self.fragment = fragment
    }

    /// `body` as the lines between a header of one f32[3] argument and `return %1` / `}`.
    static func body(_ body: String, line: Int = 2, column: Int, _ kind: IRError.Kind = .syntax, _ fragment: String) -> TextErrorCase {
        TextErrorCase("func @f(%0: f32[3]) -> (f32[3]) {\n\(body)\n  return %1\n}\n", line: line, column: column, kind, fragment)
    }

    /// Records an issue unless `error` is this case's error, at this case's place.
    func check(_ error: IRError) {
        #expect(error.line == line, "\(error)")
        #expect(error.column == column, "\(error)")
        #expect(error.kind == kind, "\(error)")
        #expect(error.message.contains(fragment), "\(error)")
        if column > 0 { #expect(error.description.hasPrefix("line \(line), column \(column): ")) }
    }
}
