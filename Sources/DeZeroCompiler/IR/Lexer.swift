/// One token of a line of IR text, with the 1-based column where it starts.
struct Token: Equatable {
    /// What the token is.
    enum Kind: Equatable {
        /// `%7`: a value number.
        case value(Int)
        /// `@l0.W`: a binding or function name (without the `@`).
        case name(String)
        /// `add`, `random.rand`, `f32`, `true`, `newaxis`: letters, digits, `_` and `.`.
        case word(String)
        /// `3`, `-1.5e-05`, `inf`, `-nan`: the number's text, read once its type is known.
        case number(String)
        /// One of `( ) [ ] { } , : = ->` or `...`.
        case punctuation(String)
        /// `# ...` to the end of the line (the text after `#`, trimmed).
        case comment(String)
    }

    /// What the token is.
    var kind: Kind
    /// The 1-based column of its first character.
    var column: Int

    /// The token as the text shows it, for messages.
    var text: String {
        switch kind {
        case .value(let n): "%\(n)"
        case .name(let s): "@\(s)"
        case .word(let s), .number(let s), .punctuation(let s): s
        case .comment: "#"
        }
    }
}

/// Splits one line of IR text into tokens.
///
/// A name after `@` is a run of characters other than whitespace, `,`, `:` (and `(` in a
/// function header, where the argument list follows the name directly).
struct Lexer {
    /// The line's characters.
    let characters: [Character]
    /// The line's number, for errors.
    let line: Int
    /// Whether `(` ends a name (in a function header).
    let parenthesisEndsName: Bool

    /// The lexer of `text`, which is line number `line`.
    init(_ text: Substring, line: Int, parenthesisEndsName: Bool = false) {
        characters = Array(text)
        self.line = line
        self.parenthesisEndsName = parenthesisEndsName
    }

    /// The tokens of the whole line, or an error at the first character no token starts with.
    func tokens() throws(IRError) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let column = i + 1
            if c.isWhitespace {
                i += 1
            } else if c == "#" {
                let rest = String(characters[(i + 1)...]).trimmingWhitespace()
                tokens.append(Token(kind: .comment(rest), column: column))
                i = characters.count
            } else if c == "%" {
                var j = i + 1
                while j < characters.count, characters[j].isASCII, characters[j].isNumber { j += 1 }
                guard j > i + 1, let n = Int(String(characters[(i + 1)..<j])) else {
                    throw IRError(.syntax, "expected a value number after '%', like %3", line: line, column: column)
                }
                tokens.append(Token(kind: .value(n), column: column))
                i = j
            } else if c == "@" {
                var j = i + 1
                while j < characters.count, !endsName(characters[j]) { j += 1 }
                guard j > i + 1 else {
                    throw IRError(.syntax, "expected a name after '@'", line: line, column: column)
                }
                tokens.append(Token(kind: .name(String(characters[(i + 1)..<j])), column: column))
                i = j
            } else if c == "-" && i + 1 < characters.count && characters[i + 1] == ">" {
                tokens.append(Token(kind: .punctuation("->"), column: column))
                i += 2
            } else if c == "." && characters[i...].starts(with: "...") {
                tokens.append(Token(kind: .punctuation("..."), column: column))
                i += 3
            } else if "()[]{},:=".contains(c) {
                tokens.append(Token(kind: .punctuation(String(c)), column: column))
                i += 1
            } else if c == "-" || c == "+" || (c.isASCII && c.isNumber) {
                let j = numberEnd(from: i)
                guard j > i + 1 || (c.isASCII && c.isNumber) else {
                    throw IRError(.syntax, "unexpected '\(c)'", line: line, column: column)
                }
                tokens.append(Token(kind: .number(String(characters[i..<j])), column: column))
                i = j
            } else if Lexer.isWordCharacter(c) && !c.isNumber {
                var j = i
                while j < characters.count, Lexer.isWordCharacter(characters[j]) { j += 1 }
                let word = String(characters[i..<j])
                let isNumber = ["inf", "nan", "infinity", "snan"].contains(word.lowercased())
                tokens.append(Token(kind: isNumber ? .number(word) : .word(word), column: column))
                i = j
            } else {
                throw IRError(.syntax, "unexpected '\(c)'", line: line, column: column)
            }
        }
        return tokens
    }

    /// The end of the number starting at `start`: a sign, then digits with `.` and an exponent,
    /// or a word (`inf`, `nan`).
    private func numberEnd(from start: Int) -> Int {
        var j = start
        if characters[j] == "-" || characters[j] == "+" { j += 1 }
        if j < characters.count, characters[j].isLetter {
            while j < characters.count, characters[j].isLetter { j += 1 }
            return j
        }
        while j < characters.count {
            let c = characters[j]
            if c.isASCII && (c.isNumber || c == ".") {
                j += 1
            } else if (c == "e" || c == "E") && j + 1 < characters.count {
                j += 1
                if characters[j] == "-" || characters[j] == "+" { j += 1 }
            } else {
                break
            }
        }
        return j
    }

    /// Whether `c` ends a name after `@`.
    private func endsName(_ c: Character) -> Bool {
        c.isWhitespace || c == "," || c == ":" || (parenthesisEndsName && c == "(")
    }

    /// Whether `c` may appear in a word (an op, an attribute, a dtype).
    static func isWordCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ".")
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
