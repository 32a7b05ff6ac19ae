/// A Python literal as found in an `.npy` header: the header is the `repr` of a dict such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`.
///
/// Only the literal forms NumPy's headers use are understood: dicts with string keys, tuples,
/// lists, strings, integers (with Python 2's `L` suffix), `True`, `False` and `None`.
indirect enum PythonLiteral: Equatable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case bool(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    /// Key–value pairs in the order written.
    case dict([DictEntry])

    /// One `key: value` pair of a dict literal.
    struct DictEntry: Equatable {
        var key: String
        var value: PythonLiteral
    }

    /// The literal as Python's `repr` would print it (used in error messages).
    var description: String {
        switch self {
        case .string(let s):
            var out = "'"
            for c in s.unicodeScalars {
                switch c {
                case "'": out += "\\'"
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(c)
                }
            }
            return out + "'"
        case .int(let v): return String(v)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .tuple(let items):
            return items.count == 1
                ? "(\(items[0]),)" : "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .dict(let entries):
            return "{" + entries.map { "\(PythonLiteral.string($0.key)): \($0.value)" }
                .joined(separator: ", ") + "}"
        }
    }

    /// Looks up a key of a dict literal (the last occurrence wins, as in Python).
    subscript(key: String) -> PythonLiteral? {
        guard case .dict(let entries) = self else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// Parses `text`, which must hold exactly one literal (surrounding whitespace allowed).
    /// Strings inside are decoded as UTF-8 when `utf8` is set, else as Latin-1.
    static func parse(_ text: some Collection<UInt8>, utf8: Bool) throws(ParseError) -> PythonLiteral {
        var parser = Parser(bytes: Array(text), utf8: utf8)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the literal") }
        return value
    }

    /// Why a header is not a literal we understand.
    struct ParseError: Error {
        var message: String
    }

    private struct Parser {
        let bytes: [UInt8]
        let utf8: Bool
        var index = 0
        /// Deeper nesting than this is certainly not a NumPy header (and must not overflow the stack).
        static let maxDepth = 32

        func error(_ message: String) -> ParseError {
            ParseError(message: "\(message) at character \(index)")
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C {
                index += 1
            }
        }

        /// Consumes `c` after optional whitespace, if present.
        mutating func consume(_ c: UInt8) -> Bool {
            skipWhitespace()
            if current == c {
                index += 1
                return true
            }
            return false
        }

        mutating func value(depth: Int) throws(ParseError) -> PythonLiteral {
            guard depth < Parser.maxDepth else { throw error("literal nested too deeply") }
            skipWhitespace()
            guard let c = current else { throw error("unexpected end of header") }
            switch c {
            case UInt8(ascii: "{"): return try dict(depth: depth)
            case UInt8(ascii: "("): return try sequence(close: UInt8(ascii: ")"), depth: depth)
            case UInt8(ascii: "["): return try sequence(close: UInt8(ascii: "]"), depth: depth)
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try integer())
            default:
                let word = identifier()
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                case "None": return .none
                case "u", "U", "b", "B":
                    if let q = current, q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") {
                        return .string(try string())
                    }
                    throw error("unexpected name '\(word)'")
                case "": throw error("unexpected character '\(UnicodeScalar(c))'")
                default: throw error("unexpected name '\(word)'")
                }
            }
        }

        mutating func identifier() -> String {
            var word = ""
            while let c = current,
                (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                    || c == UInt8(ascii: "_")
            {
                word.unicodeScalars.append(UnicodeScalar(c))
                index += 1
            }
            return word
        }

        mutating func dict(depth: Int) throws(ParseError) -> PythonLiteral {
            index += 1  // "{"
            var entries: [DictEntry] = []
            while true {
                if consume(UInt8(ascii: "}")) { return .dict(entries) }
                guard case .string(let key) = try value(depth: depth + 1) else {
                    throw error("dict keys must be strings")
                }
                guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after dict key") }
                let item = try value(depth: depth + 1)
                entries.append(DictEntry(key: key, value: item))
                if consume(UInt8(ascii: ",")) { continue }
                guard consume(UInt8(ascii: "}")) else { throw error("expected ',' or '}' in dict") }
                return .dict(entries)
            }
        }

        /// A tuple `(...)` or list `[...]`; `(x)` without a comma is just `x`, as in Python.
        mutating func sequence(close: UInt8, depth: Int) throws(ParseError) -> PythonLiteral {
            let isTuple = close == UInt8(ascii: ")")
            index += 1
            var items: [PythonLiteral] = []
            var sawComma = false
            while true {
                if consume(close) { break }
                items.append(try value(depth: depth + 1))
                if consume(UInt8(ascii: ",")) {
                    sawComma = true
                    continue
                }
                guard consume(close) else { throw error("expected ',' or '\(UnicodeScalar(close))'") }
                break
            }
            if !isTuple { return .list(items) }
            if items.count == 1 && !sawComma { return items[0] }
            return .tuple(items)
        }

        mutating func integer() throws(ParseError) -> Int {
            var negative = false
            if current == UInt8(ascii: "-") || current == UInt8(ascii: "+") {
                negative = current == UInt8(ascii: "-")
                index += 1
                skipWhitespace()
            }
            var value = 0
            var digits = 0
            while let c = current, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
                guard !o1 && !o2 else { throw error("integer too large") }
                value = s
                digits += 1
                index += 1
            }
            guard digits > 0 else { throw error("expected digits") }
            if current == UInt8(ascii: "L") || current == UInt8(ascii: "l") { index += 1 }  // Python 2 long
            if let c = current, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                || c == UInt8(ascii: "x") || c == UInt8(ascii: "j") || c == UInt8(ascii: "_")
            {
                throw error("only decimal integers are supported")
            }
            return negative ? -value : value
        }

        mutating func string() throws(ParseError) -> String {
            let quote = bytes[index]
            index += 1
            var raw: [UInt8] = []
            while true {
                guard let c = current else { throw error("unterminated string") }
                index += 1
                if c == quote { break }
                if c == 0x0A { throw error("newline inside a string") }
                guard c == UInt8(ascii: "\\") else {
                    raw.append(c)
                    continue
                }
                guard let e = current else { throw error("unterminated string") }
                index += 1
                switch e {
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): raw.append(e)
                case UInt8(ascii: "n"): raw.append(0x0A)
                case UInt8(ascii: "r"): raw.append(0x0D)
                case UInt8(ascii: "t"): raw.append(0x09)
                case UInt8(ascii: "0"): raw.append(0)
                case UInt8(ascii: "x"):
                    guard index + 2 <= bytes.count, let h = UInt8(String(decoding: bytes[index..<index + 2], as: UTF8.self), radix: 16)
                    else { throw error("bad \\x escape") }
                    index += 2
                    // \xHH names a code point; store it as UTF-8 when decoding UTF-8.
                    if utf8 && h >= 0x80 {
                        raw.append(contentsOf: Array(String(UnicodeScalar(h)).utf8))
                    } else {
                        raw.append(h)
                    }
                default:
                    raw.append(UInt8(ascii: "\\"))  // Python keeps unknown escapes verbatim
                    raw.append(e)
                }
            }
            if utf8 {
                guard let s = String(validating: raw, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
                return s
            }
            var s = ""
            for b in raw { s.unicodeScalars.append(UnicodeScalar(b)) }  // Latin-1
            return s
        }
    }
}
