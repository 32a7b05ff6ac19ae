#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Constants and small encodings of the ZIP file format (PKWARE APPNOTE 6.3), the container of
/// `.npz` files.
enum ZIPFormat {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    static let zip64EndOfCentralDirectorySignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    /// The extra-field id holding 64-bit sizes and offsets.
    static let zip64ExtraID: UInt16 = 0x0001

    /// Fixed sizes of the records, without their variable-length tails.
    static let localHeaderSize = 30
    static let centralHeaderSize = 46
    static let endOfCentralDirectorySize = 22
    static let zip64EndOfCentralDirectorySize = 56
    static let zip64LocatorSize = 20

    /// Compression methods.
    static let methodStored: UInt16 = 0
    static let methodDeflated: UInt16 = 8

    /// General-purpose flag bits.
    static let flagEncrypted: UInt16 = 1 << 0
    static let flagUTF8: UInt16 = 1 << 11

    /// Values above this are written with ZIP64 extra fields, as Python's `zipfile` does
    /// (it keeps 32-bit fields within the signed range that some readers assume).
    static let zip64Limit = Int(Int32.max)

    /// The "see the ZIP64 extra field" placeholders.
    static let sentinel32: UInt32 = 0xFFFF_FFFF
    static let sentinel16: UInt16 = 0xFFFF

    /// The current local time as MS-DOS (time, date) fields; times before 1980 become 1980-01-01.
    static func dosTimestamp() -> (time: UInt16, date: UInt16) {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil, parts.tm_year + 1900 >= 1980 else { return (0, 0x21) }
        let time = UInt16(parts.tm_hour) << 11 | UInt16(parts.tm_min) << 5 | UInt16(min(parts.tm_sec, 59) / 2)
        let date = UInt16(parts.tm_year + 1900 - 1980) << 9 | UInt16(parts.tm_mon + 1) << 5 | UInt16(parts.tm_mday)
        return (time, date)
    }

    /// A member name as stored: ASCII or UTF-8 bytes, and the flag that marks UTF-8.
    static func encodeName(_ name: String) -> (bytes: [UInt8], flags: UInt16) {
        let bytes = Array(name.utf8)
        return (bytes, bytes.allSatisfy { $0 < 0x80 } ? 0 : flagUTF8)
    }

    /// A stored member name: UTF-8 when `flags` says so, else code page 437 (as Python reads it).
    static func decodeName(_ bytes: UnsafeRawBufferPointer, flags: UInt16) -> String {
        if flags & flagUTF8 != 0 { return String(decoding: bytes, as: UTF8.self) }
        var name = ""
        for byte in bytes {
            if byte < 0x80 {
                name.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                name.unicodeScalars.append(cp437High[Int(byte - 0x80)])
            }
        }
        return name
    }

    /// Code page 437's characters for bytes 0x80–0xFF.
    private static let cp437High: [UnicodeScalar] = Array(
        ("ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀"
            + "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}").unicodeScalars)

    /// Names longer than this are shortened in error messages.
    static let shownNameLimit = 80

    /// `name` for an error message: a name of up to ``shownNameLimit`` characters as it is, a
    /// longer one (ZIP allows 65,535 bytes) as its start, "…" and its length.
    static func shown(_ name: String) -> String {
        guard name.count > shownNameLimit else { return name }
        return String(name.prefix(shownNameLimit - 20)) + "… (\(name.count) characters)"
    }
}
