import CZlib

/// gzip decompression (RFC 1952) on top of the system zlib, for the `.gz` files datasets ship as.
public enum Gzip {
    /// Whether `bytes` start with gzip's magic number `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
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
        guard isGzip(bytes) else { throw .corruptFile(path: source, reason: "not gzip data (no 1f 8b magic number)") }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        // 16 + 15: a gzip wrapper and the largest window.
        guard inflateInit2_(stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corruptFile(path: source, reason: "zlib cannot start decompressing")
        }
        // The last member's trailer holds its size modulo 2^32: a good first guess, unless the
        // file is damaged (then those bytes are anything; the buffer grows as needed).
        let trailer = bytes.count >= 18 ? bytes[(bytes.count - 4)...].reversed().reduce(0) { $0 << 8 | Int($1) } : 0
        let hint = trailer <= 16 * bytes.count ? trailer : 0
        // One byte past the limit tells "exactly the limit" from "more".
        let capacity = keepPrefix ? limit : limit + 1
        var output = [UInt8](repeating: 0, count: min(max(hint, bytes.count * 2, 1024), capacity))
        var produced = 0
        var consumed = 0
        var failure: String?
        let chunkLimit = 1 << 30
        bytes.withUnsafeBytes { input in
            while true {
                if produced == output.count {
                    guard output.count < capacity else { return }  // past the limit: checked below
                    output.append(contentsOf: repeatElement(0, count: min(output.count, capacity - output.count)))
                }
                let inChunk = min(input.count - consumed, chunkLimit)
                let outChunk = min(output.count - produced, chunkLimit)
                let status: Int32 = output.withUnsafeMutableBytes { out in
                    stream.pointee.next_in = UnsafeMutablePointer(
                        mutating: input.baseAddress!.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                    stream.pointee.avail_in = uInt(inChunk)
                    stream.pointee.next_out = out.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(outChunk)
                    return inflate(stream, Z_NO_FLUSH)
                }
                consumed += inChunk - Int(stream.pointee.avail_in)
                produced += outChunk - Int(stream.pointee.avail_out)
                switch status {
                case Z_STREAM_END:
                    // Another member may follow (trailing zero padding is ignored, as gzip does).
                    if consumed < input.count && input[consumed...].contains(where: { $0 != 0 }) {
                        guard input.count - consumed >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b else {
                            failure = "unexpected bytes after the end of the gzip data"
                            return
                        }
                        inflateReset(stream)
                        continue
                    }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    if consumed == input.count && produced < output.count {
                        failure = "the gzip data ends early (truncated file?)"
                        return
                    }
                    continue
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = "damaged gzip data (\(message))"
                    return
                }
            }
        }
        if failure == nil && !keepPrefix && produced > limit {
            failure = excess ?? "the gzip data decompresses to more than the \(limit) bytes expected"
        }
        if let failure { throw .corruptFile(path: source, reason: failure) }
        output.removeSubrange(produced...)
        return output
    }
}
