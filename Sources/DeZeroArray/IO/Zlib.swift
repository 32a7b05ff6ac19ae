import CZlib

/// The package's one wrapper of the system zlib: CRC-32 and raw DEFLATE (RFC 1951, no zlib or
/// gzip wrapper: window bits −15), as ZIP archives store them, and gzip (RFC 1952), as datasets
/// ship their files (DeZero's `Gzip` calls ``gunzip(_:limit:keepPrefix:)``).
public enum Zlib {
    /// zlib takes lengths as 32-bit `uInt`; larger buffers go in pieces of at most this many bytes.
    static let maxChunk = 1 << 30

    /// The CRC-32 of `bytes`, continuing from the CRC `initial` of the bytes before them.
    static func crc32(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
        var crc = uLong(initial)
        guard let base = bytes.baseAddress else { return initial }
        var done = 0
        while done < bytes.count {
            let chunk = min(bytes.count - done, maxChunk)
            crc = CZlib.crc32(crc, base.advanced(by: done).assumingMemoryBound(to: Bytef.self), uInt(chunk))
            done += chunk
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC-32 of `bytes`, continuing from `initial` (ZIP's and gzip's checksum; an exported
    /// compiled program's manifest holds its files').
    public static func crc32(_ bytes: [UInt8], initial: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0, initial: initial) }
    }

    /// Why compressed data could not be decompressed.
    public enum InflateFailure: Error, Equatable {
        /// The compressed stream ends before its final block.
        case truncated(String)
        /// The stream is invalid or does not decompress to the expected size.
        case corrupt(String)
        /// The data decompresses to more than `limit` bytes, the most the caller allowed.
        case tooLarge(limit: Int)
    }

    /// One zlib inflate stream: raw DEFLATE (window bits −15) or gzip (16 + 15).
    private final class Inflater {
        private let stream: UnsafeMutablePointer<z_stream>

        /// A stream ready for the first byte of data in the format `windowBits` selects.
        init(windowBits: Int32) throws(InflateFailure) {
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw .corrupt("cannot start zlib's inflate")
            }
        }

        deinit {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        /// Decompresses from `input[consumed...]` into `output[produced...]`, at most
        /// ``Zlib/maxChunk`` bytes of each, advances both counts and returns zlib's status.
        func inflate(
            _ input: UnsafeRawBufferPointer, consumed: inout Int,
            into output: UnsafeMutableRawBufferPointer, produced: inout Int
        ) -> Int32 {
            let inChunk = min(input.count - consumed, maxChunk)
            let outChunk = min(output.count - produced, maxChunk)
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: (input.baseAddress ?? UnsafeRawPointer(output.baseAddress!)).advanced(by: consumed)
                    .assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(inChunk)
            stream.pointee.next_out = output.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(outChunk)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            consumed += inChunk - Int(stream.pointee.avail_in)
            produced += outChunk - Int(stream.pointee.avail_out)
            return status
        }

        /// Starts the next stream (a gzip file's next member) with the same settings.
        func reset() {
            inflateReset(stream)
        }

        /// zlib's message for the failure `status`.
        func message(_ status: Int32) -> String {
            stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        }
    }

    /// What an inflate run reads: its window bits and the words of its failure messages.
    private enum Format {
        /// Raw DEFLATE, as ZIP archives store members; data after the stream's end is ignored.
        case raw
        /// gzip: members follow one another, zero padding after the last is ignored.
        case gzip

        var windowBits: Int32 { self == .raw ? -15 : 16 + 15 }
        var truncated: String { self == .raw ? "the compressed data ends early" : "the gzip data ends early (truncated file?)" }
        var damaged: String { self == .raw ? "invalid compressed data" : "damaged gzip data" }
    }

    /// Decompresses `input` in `format` into a buffer that starts at `initialSize` bytes and
    /// grows with what the stream actually produces, never past `limit` and one spare byte (which
    /// tells "exactly `limit`" from "more"), so a size the data merely claims costs no memory up
    /// front. With `keepPrefix` the first `limit` bytes are returned once that many are out;
    /// otherwise more than `limit` bytes throws ``InflateFailure/tooLarge(limit:)``.
    private static func inflate(
        _ input: UnsafeRawBufferPointer, format: Format, limit: Int, keepPrefix: Bool, initialSize: Int
    ) throws(InflateFailure) -> [UInt8] {
        require(limit >= 0 && limit < Int.max, "Zlib: the output limit must be in 0..<Int.max")
        let inflater = try Inflater(windowBits: format.windowBits)
        let capacity = keepPrefix ? limit : limit + 1
        var output = [UInt8](repeating: 0, count: min(max(initialSize, 1), capacity))
        var produced = 0
        var consumed = 0
        while true {
            if produced == output.count {
                guard output.count < capacity else {
                    if keepPrefix { return output }
                    throw .tooLarge(limit: limit)
                }
                output.append(contentsOf: repeatElement(0, count: min(max(output.count, 1024), capacity - output.count)))
            }
            let status = output.withUnsafeMutableBytes { out in
                inflater.inflate(input, consumed: &consumed, into: out, produced: &produced)
            }
            switch status {
            case Z_STREAM_END:
                // A gzip member may follow (trailing zero padding is ignored, as gzip does).
                if format == .gzip && consumed < input.count && input[consumed...].contains(where: { $0 != 0 }) {
                    guard input.count - consumed >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b else {
                        throw .corrupt("unexpected bytes after the end of the gzip data")
                    }
                    inflater.reset()
                    continue
                }
                // The spare byte filled as the stream ended: one byte more than allowed.
                guard produced <= limit else { throw .tooLarge(limit: limit) }
                output.removeSubrange(produced...)
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress: either the output is full (grown above) or the input ran out.
                if consumed == input.count && produced < output.count { throw .truncated(format.truncated) }
            default:
                throw .corrupt("\(format.damaged) (\(inflater.message(status)))")
            }
        }
    }

    /// Decompresses the raw DEFLATE stream `input`, which must produce exactly `expectedSize` bytes.
    ///
    /// The output buffer grows with what the stream actually produces (never past `expectedSize`
    /// and one spare byte), so a size an archive merely claims costs no memory up front.
    static func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(InflateFailure) -> [UInt8] {
        let output: [UInt8]
        do {
            output = try inflate(
                input, format: .raw, limit: expectedSize, keepPrefix: false, initialSize: max(4 * input.count, 1 << 16))
        } catch .tooLarge {
            throw .corrupt("the data decompresses to more than the \(expectedSize) bytes announced")
        }
        guard output.count == expectedSize else {
            throw .corrupt("the data decompresses to \(output.count) bytes, \(expectedSize) announced")
        }
        return output
    }

    /// Whether `bytes` start with gzip's magic number `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The decompressed contents of the gzip data `bytes` (RFC 1952; several concatenated members
    /// are joined, as `gunzip` and Python's `gzip` do, and zero padding after the last is ignored).
    ///
    /// gzip records no trustworthy output size, so `limit` bounds the output: with `keepPrefix`
    /// the first `limit` bytes are returned (a header to read before deciding how much more is
    /// needed), otherwise more than `limit` bytes throws ``InflateFailure/tooLarge(limit:)``. A
    /// small file that inflates a thousandfold then fails with a typed error, not an abort.
    ///
    /// Throws ``InflateFailure/truncated(_:)`` for data that ends early (a truncated download) and
    /// ``InflateFailure/corrupt(_:)`` for data that is not gzip or is damaged.
    public static func gunzip(
        _ bytes: [UInt8], limit: Int = Int.max - 1, keepPrefix: Bool = false
    ) throws(InflateFailure) -> [UInt8] {
        guard isGzip(bytes) else { throw .corrupt("not gzip data (no 1f 8b magic number)") }
        // The last member's trailer holds its size modulo 2^32: a good first guess, unless the
        // file is damaged (then those bytes are anything; the buffer grows as needed).
        let trailer = bytes.count >= 18 ? bytes[(bytes.count - 4)...].reversed().reduce(0) { $0 << 8 | Int($1) } : 0
        let hint = trailer <= 16 * bytes.count ? trailer : 0
        let initialSize = max(hint, bytes.count * 2, 1024)
        return try bytes.withUnsafeBytes { input in
            Result { () throws(InflateFailure) in
                try inflate(input, format: .gzip, limit: limit, keepPrefix: keepPrefix, initialSize: initialSize)
            }
        }.get()
    }

    /// A raw DEFLATE compressor fed in pieces, at zlib's default level as Python's `zipfile` uses.
    final class Deflater {
        private let stream: UnsafeMutablePointer<z_stream>
        private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)

        /// A compressor ready for the first piece.
        init() {
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let status = deflateInit2_(
                stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size))
            require(status == Z_OK, "Zlib.Deflater: deflateInit2 failed with \(status)")
        }

        deinit {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
            buffer.deallocate()
        }

        /// Compresses `input`, handing every produced piece of output to `emit`; `finish` ends
        /// the stream after this input.
        func compress(
            _ input: UnsafeRawBufferPointer, finish: Bool,
            emit: (UnsafeRawBufferPointer) throws(NDArrayIOError) -> Void
        ) throws(NDArrayIOError) {
            var consumed = 0
            repeat {
                let chunk = min(input.count - consumed, maxChunk)
                let last = consumed + chunk == input.count
                let mode = finish && last ? Z_FINISH : Z_NO_FLUSH
                stream.pointee.next_in =
                    input.baseAddress.map {
                        UnsafeMutablePointer(mutating: $0.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                    }
                stream.pointee.avail_in = uInt(chunk)
                var status: Int32 = Z_OK
                repeat {
                    stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(buffer.count)
                    status = deflate(stream, mode)
                    require(status != Z_STREAM_ERROR, "Zlib.Deflater: deflate failed")
                    let produced = buffer.count - Int(stream.pointee.avail_out)
                    if produced > 0 {
                        try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
                    }
                } while stream.pointee.avail_out == 0 || (mode == Z_FINISH && status != Z_STREAM_END)
                consumed += chunk
            } while consumed < input.count
        }
    }
}
