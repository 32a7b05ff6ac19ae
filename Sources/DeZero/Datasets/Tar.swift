/// Reading the members of a tar archive held in memory (POSIX ustar, plus GNU long names), enough
/// for the dataset archives (CIFAR's `.tar.gz`).
enum Tar {
    /// A regular file of the archive: its path and where its bytes lie in the archive.
    struct Member {
        /// The member's path inside the archive, e.g. `cifar-10-batches-bin/data_batch_1.bin`.
        var name: String
        /// The member's contents as a range of the archive's bytes.
        var range: Range<Int>
    }

    /// The regular files of the archive `bytes`, in archive order. `source` names it in errors.
    static func members(_ bytes: [UInt8], source: String) throws(DatasetError) -> [Member] {
        var members: [Member] = []
        var offset = 0
        var longName: String?
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) { return members }
            guard let size = octal(header.dropFirst(124).prefix(12)) else {
                throw .corruptFile(path: source, reason: "tar header at byte \(offset) has no valid size")
            }
            let start = offset + 512
            guard start + size <= bytes.count else {
                throw .corruptFile(path: source, reason: "tar archive truncated inside member at byte \(offset)")
            }
            let type = header[offset + 156]
            var name = text(header.prefix(100))
            let prefix = text(header.dropFirst(345).prefix(155))
            if header.dropFirst(257).prefix(5).elementsEqual("ustar".utf8) && !prefix.isEmpty {
                name = prefix + "/" + name
            }
            switch type {
            case UInt8(ascii: "L"):
                longName = text(bytes[start..<start + size])
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
                members.append(Member(name: longName ?? name, range: start..<start + size))
                longName = nil
            default:
                longName = nil
            }
            offset = start + (size + 511) / 512 * 512
        }
        throw .corruptFile(path: source, reason: "tar archive truncated (no end-of-archive marker)")
    }

    /// The text before the first NUL byte.
    private static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// An octal number field (spaces and NULs around it allowed), or `nil`.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        let digits = field.prefix { $0 != 0 }.filter { $0 != UInt8(ascii: " ") }
        if digits.isEmpty { return 0 }
        var value = 0
        for d in digits {
            guard d >= UInt8(ascii: "0") && d <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int(d - UInt8(ascii: "0"))
        }
        return value
    }
}
