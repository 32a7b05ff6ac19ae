import DeZeroArray

/// gzip decompression (RFC 1952) for the `.gz` files datasets ship as; the zlib calls are
/// DeZeroArray's `Zlib.gunzip(_:)`.
public enum Gzip {
    /// Whether `bytes` start with gzip's magic number `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        Zlib.isGzip(bytes)
    }

    /// The decompressed contents of the gzip data `bytes` (several concatenated members are
    /// joined, as `gunzip` and Python's `gzip` do). `source` names the data in errors.
    ///
    /// Throws ``DatasetError/corruptFile(path:reason:)`` for data that is not gzip, is damaged,
    /// or ends early (a truncated download).
    public static func decompress(_ bytes: [UInt8], source: String) throws(DatasetError) -> [UInt8] {
        do {
            return try Zlib.gunzip(bytes)
        } catch {
            switch error {
            case .truncated(let reason), .corrupt(let reason): throw .corruptFile(path: source, reason: reason)
            }
        }
    }
}
