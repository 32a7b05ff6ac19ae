import CZlib

/// CRC-32 and raw DEFLATE (RFC 1951, no zlib or gzip wrapper: window bits −15), as ZIP archives
/// store them, on top of the system zlib.
enum Zlib {
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

    /// Why raw DEFLATE data could not be decompressed.
    enum InflateFailure: Error {
        /// The compressed stream ends before its final block.
        case truncated(String)
        /// The stream is invalid or does not decompress to the expected size.
        case corrupt(String)
    }

    /// Decompresses the raw DEFLATE stream `input`, which must produce exactly `expectedSize` bytes.
    ///
    /// The output buffer grows with what the stream actually produces (never past `expectedSize`
    /// and one spare byte), so a size an archive merely claims costs no memory up front.
    static func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(InflateFailure) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        guard inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("cannot start zlib's inflate")
        }
        // One spare byte reveals streams that decompress to more than announced.
        let capacity = expectedSize + 1
        var output = [UInt8](repeating: 0, count: min(capacity, max(4 * input.count, 1 << 16)))
        var produced = 0
        var consumed = 0
        var failure: InflateFailure?
        var done = false
        while !done && failure == nil {
            if produced == output.count {
                guard output.count < capacity else {
                    failure = .corrupt("the data decompresses to more than the \(expectedSize) bytes announced")
                    break
                }
                output.append(contentsOf: repeatElement(0, count: min(output.count, capacity - output.count)))
            }
            output.withUnsafeMutableBytes { out in
                let inChunk = min(input.count - consumed, maxChunk)
                let outChunk = min(out.count - produced, maxChunk)
                stream.pointee.next_in = UnsafeMutablePointer(
                    mutating: (input.baseAddress ?? UnsafeRawPointer(out.baseAddress!)).advanced(by: consumed)
                        .assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = uInt(inChunk)
                stream.pointee.next_out = out.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(outChunk)
                let status = inflate(stream, Z_NO_FLUSH)
                consumed += inChunk - Int(stream.pointee.avail_in)
                produced += outChunk - Int(stream.pointee.avail_out)
                switch status {
                case Z_STREAM_END:
                    done = true
                case Z_OK:
                    break
                case Z_BUF_ERROR:
                    // No progress: either the output is full (grow it above) or the input ran out.
                    if produced < out.count && consumed == input.count {
                        failure = .truncated("the compressed data ends early")
                    }
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = .corrupt("invalid compressed data (\(message))")
                }
            }
        }
        if let failure { throw failure }
        guard produced == expectedSize else {
            throw .corrupt("the data decompresses to \(produced) bytes, \(expectedSize) announced")
        }
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
