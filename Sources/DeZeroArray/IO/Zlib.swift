import CZlib

/// The package's one wrapper of the system zlib: CRC-32 and raw DEFLATE (RFC 1951, no zlib or
/// gzip wrapper: window bits −15), as ZIP archives store them, and gzip (RFC 1952), as datasets
/// ship their files (DeZero's `Gzip` calls ``gunzip(_:)``).
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

    /// The CRC-32 of `bytes`, continuing from `initial`.
    static func crc32(_ bytes: [UInt8], initial: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0, initial: initial) }
    }

    /// Why compressed data could not be decompressed.
    public enum InflateFailure: Error, Equatable {
        /// The compressed stream ends before its final block.
        case truncated(String)
        /// The stream is invalid or does not decompress to the expected size.
        case corrupt(String)
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

    /// Decompresses the raw DEFLATE stream `input`, which must produce exactly `expectedSize` bytes.
    static func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(InflateFailure) -> [UInt8] {
        let inflater = try Inflater(windowBits: -15)
        // One spare byte reveals streams that decompress to more than announced.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var produced = 0
        var consumed = 0
        var failure: InflateFailure?
        output.withUnsafeMutableBytes { out in
            while true {
                let status = inflater.inflate(input, consumed: &consumed, into: out, produced: &produced)
                switch status {
                case Z_STREAM_END:
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    if produced == out.count {
                        failure = .corrupt("the data decompresses to more than the \(expectedSize) bytes announced")
                    } else if consumed == input.count {
                        failure = .truncated("the compressed data ends early")
                    } else {
                        continue
                    }
                    return
                default:
                    failure = .corrupt("invalid compressed data (\(inflater.message(status)))")
                    return
                }
            }
        }
        if let failure { throw failure }
        guard produced == expectedSize else {
            throw .corrupt("the data decompresses to \(produced) bytes, \(expectedSize) announced")
        }
        output.removeLast()
        return output
    }

    /// Whether `bytes` start with gzip's magic number `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The decompressed contents of the gzip data `bytes` (RFC 1952; several concatenated members
    /// are joined, as `gunzip` and Python's `gzip` do, and zero padding after the last is ignored).
    ///
    /// Throws ``InflateFailure/truncated(_:)`` for data that ends early (a truncated download) and
    /// ``InflateFailure/corrupt(_:)`` for data that is not gzip or is damaged.
    public static func gunzip(_ bytes: [UInt8]) throws(InflateFailure) -> [UInt8] {
        guard isGzip(bytes) else { throw .corrupt("not gzip data (no 1f 8b magic number)") }
        let inflater = try Inflater(windowBits: 16 + 15)
        // The last member's trailer holds its size modulo 2^32: a good first guess, unless the
        // file is damaged (then those bytes are anything; the buffer grows as needed).
        let trailer = bytes.count >= 18 ? bytes[(bytes.count - 4)...].reversed().reduce(0) { $0 << 8 | Int($1) } : 0
        let hint = trailer <= 16 * bytes.count ? trailer : 0
        var output = [UInt8](repeating: 0, count: max(hint, bytes.count * 2, 1024))
        var produced = 0
        var consumed = 0
        var failure: InflateFailure?
        bytes.withUnsafeBytes { input in
            while true {
                if produced == output.count { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let status = output.withUnsafeMutableBytes { out in
                    inflater.inflate(input, consumed: &consumed, into: out, produced: &produced)
                }
                switch status {
                case Z_STREAM_END:
                    // Another member may follow (trailing zero padding is ignored, as gzip does).
                    if consumed < input.count && input[consumed...].contains(where: { $0 != 0 }) {
                        guard input.count - consumed >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b else {
                            failure = .corrupt("unexpected bytes after the end of the gzip data")
                            return
                        }
                        inflater.reset()
                        continue
                    }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    if consumed == input.count && produced < output.count {
                        failure = .truncated("the gzip data ends early (truncated file?)")
                        return
                    }
                    continue
                default:
                    failure = .corrupt("damaged gzip data (\(inflater.message(status)))")
                    return
                }
            }
        }
        if let failure { throw failure }
        output.removeSubrange(produced...)
        return output
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
            precondition(status == Z_OK, "Zlib.Deflater: deflateInit2 failed with \(status)")
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
                    precondition(status != Z_STREAM_ERROR, "Zlib.Deflater: deflate failed")
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
