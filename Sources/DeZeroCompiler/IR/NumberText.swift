/// Numbers as IR text spells them, read back to the same bits: Swift's shortest round-trip
/// decimal form, and `nan`, `-nan`, `inf`, `-inf` (which `Float.description` and
/// ``Attribute/format(_:)`` print).
enum NumberText {
    /// The float `text` spells, parsed directly in `T` (no double rounding through `Double`).
    static func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ text: String, as _: T.Type) -> T? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let special: T? = switch body.lowercased() {
        case "nan": T.nan
        case "snan": T.signalingNaN
        case "inf", "infinity": T.infinity
        default: nil
        }
        if let special { return negative ? -special : special }
        // Digits, a point and an exponent only (no hexadecimal floats or stray letters).
        guard body.first.map({ $0.isNumber || $0 == "." }) == true,
              body.allSatisfy({ $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) })
        else { return nil }
        return T(text)
    }

    /// The integer `text` spells, if it is one that fits in `Int64`.
    static func integer(_ text: String) -> Int64? { Int64(text) }
}
