import DeZeroArray

/// gzip decompression (RFC 1952) for the `.gz` files datasets ship as; the zlib calls are
/// DeZeroArray's `Zlib.gunzip(_:limit:keepPrefix:)`.
public enum Gzip {
    /// Whether `bytes` start with gzip's magic number `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        Zlib.isGzip(bytes)
    }

    /// The decompressed contents of the gzip data `bytes` (several concatenated members are
    /// joined, as `gunzip` and Python's `gzip` do). `source` names the data in errors.
    ///
    /// gzip records no trustworthy output size, so `limit` bounds the output: with `keepPrefix`
    /// the first `limit` bytes are returned (a header to read before deciding how much more is
    /// needed), otherwise more than `limit` bytes throws, its reason `excess` when given. A
    /// small file that inflates a thousandfold then fails with a typed error, not an abort.
    ///
    /// Throws ``DatasetError/corruptFile(path:reason:)`` for data that is not gzip, is damaged,
    /// ends early (a truncated download), or decompresses to more than `limit` bytes.
    public static func decompress(
        _ bytes: [UInt8], source: String, limit: Int = Int.max - 1, keepPrefix: Bool = false, excess: String? = nil
    ) throws(DatasetError) -> [UInt8] {
        do {
            return try Zlib.gunzip(bytes, limit: limit, keepPrefix: keepPrefix)
        } catch {
            switch error {
            case .truncated(let reason), .corrupt(let reason): throw .corruptFile(path: source, reason: reason)
            case .tooLarge(let limit):
                throw .corruptFile(
                    path: source, reason: excess ?? "the gzip data decompresses to more than the \(limit) bytes expected")
            }
        }
    }
}
