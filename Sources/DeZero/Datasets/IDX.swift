/// The IDX file format of the MNIST files (`train-images-idx3-ubyte` and friends): two zero bytes,
/// a type code, the number of dimensions, each dimension as a big-endian 32-bit integer, then the
/// elements in C order, big-endian.
public enum IDX {
    /// The element types IDX files declare, by their type code.
    public enum ElementType: UInt8, Sendable {
        /// 0x08: unsigned byte (MNIST's pixels and labels).
        case unsignedByte = 0x08
        /// 0x09: signed byte.
        case signedByte = 0x09
        /// 0x0B: 16-bit integer.
        case short = 0x0B
        /// 0x0C: 32-bit integer.
        case int = 0x0C
        /// 0x0D: 32-bit float.
        case float = 0x0D
        /// 0x0E: 64-bit float.
        case double = 0x0E

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .unsignedByte, .signedByte: 1
            case .short: 2
            case .int, .float: 4
            case .double: 8
            }
        }

        /// The dtype that holds every value exactly: `int64` for integers, `float32` or `float64`.
        public var naturalDType: DType {
            switch self {
            case .unsignedByte, .signedByte, .short, .int: .int64
            case .float: .float32
            case .double: .float64
            }
        }
    }

    /// Reads the IDX file at `path`, gzip-compressed (`.gz`, recognized by its contents) or not,
    /// as an array of `dtype` (by default the element type's ``ElementType/naturalDType``).
    ///
    /// A gzip file is decompressed no further than its IDX header says the data needs, so a small
    /// file that inflates to gigabytes is rejected instead of exhausting memory.
    ///
    /// Throws ``DatasetError`` when the file is missing, unreadable, or not a complete IDX file.
    public static func load(_ path: String, dtype: DType? = nil) throws(DatasetError) -> NDArray {
        var bytes = try DataFiles.read(path)
        if Gzip.isGzip(bytes) {
            let head = try Gzip.decompress(bytes, source: path, limit: maxHeaderSize, keepPrefix: true)
            let header = try Header(head, source: path)
            guard let size = header.fileSize else { throw tooLarge(header, source: path) }
            bytes = try Gzip.decompress(
                bytes, source: path, limit: size,
                excess: "IDX file has bytes after the data of shape \(header.shape) (its header needs \(size) bytes)")
        }
        return try decode(bytes, dtype: dtype, source: path)
    }

    /// The largest IDX header: 4 bytes, then 255 dimensions of 4 bytes.
    static let maxHeaderSize = 4 + 4 * 255

    /// What an IDX header declares.
    struct Header {
        /// The element type.
        var type: ElementType
        /// The dimensions, as read (each below 2^32).
        var shape: [Int]
        /// The header's length in bytes.
        var size: Int
        /// The element count; `nil` when the shape cannot be held (its non-zero dimensions
        /// multiply past what an `Int` byte offset can address, even if a zero makes it empty).
        var count: Int?

        /// Header plus data bytes, or `nil` when the shape cannot be held.
        var fileSize: Int? { count.map { size + $0 * type.size } }

        /// The header at the start of `bytes` (which may hold only a prefix of the file).
        init(_ bytes: [UInt8], source: String) throws(DatasetError) {
            guard bytes.count >= 4 else {
                throw .corruptFile(path: source, reason: "IDX header truncated: \(bytes.count) bytes, need at least 4")
            }
            guard bytes[0] == 0, bytes[1] == 0 else {
                throw .corruptFile(
                    path: source,
                    reason: "bad IDX magic number \(hex(bytes[0..<4])): an IDX file starts with two zero bytes")
            }
            guard let type = ElementType(rawValue: bytes[2]) else {
                throw .corruptFile(path: source, reason: "unknown IDX element type code \(hex(bytes[2..<3]))")
            }
            let ndim = Int(bytes[3])
            size = 4 + 4 * ndim
            guard bytes.count >= size else {
                throw .corruptFile(
                    path: source,
                    reason: "IDX header truncated: \(ndim) dimensions need \(size) header bytes, the file has \(bytes.count)")
            }
            self.type = type
            shape = (0..<ndim).map { Int(bigEndian32(bytes, at: 4 + 4 * $0)) }
            // Strides multiply the non-zero dimensions, so bound their product (in the widest
            // dtype's bytes), not only the element count, which a zero-length axis makes 0.
            var nonZero = 1
            for d in shape {
                let (product, overflow) = nonZero.multipliedReportingOverflow(by: Swift.max(d, 1))
                guard !overflow, product <= Int.max / 16 else {
                    count = nil
                    return
                }
                nonZero = product
            }
            count = shape.contains(0) ? 0 : nonZero
        }
    }

    private static func tooLarge(_ header: Header, source: String) -> DatasetError {
        .corruptFile(
            path: source,
            reason: "IDX shape \(header.shape) of \(header.type) is too large: its dimensions multiply past what memory can address")
    }

    /// Decodes the (uncompressed) IDX data `bytes` as an array of `dtype` (by default the element
    /// type's natural dtype). `source` names the data in errors.
    ///
    /// Throws ``DatasetError/corruptFile(path:reason:)`` for a bad header, a shape too large to
    /// address, or data whose length disagrees with the header (a truncated file).
    public static func decode(_ bytes: [UInt8], dtype: DType? = nil, source: String) throws(DatasetError) -> NDArray {
        let header = try Header(bytes, source: source)
        let (type, shape, headerSize) = (header.type, header.shape, header.size)
        guard let count = header.count else {
            if header.shape.contains(0) { throw tooLarge(header, source: source) }
            throw .corruptFile(
                path: source,
                reason: "IDX data truncated: shape \(shape) of \(type) needs more than the \(bytes.count) bytes the file has")
        }
        let expected = headerSize + count * type.size
        guard bytes.count >= expected else {
            throw .corruptFile(
                path: source,
                reason: "IDX data truncated: shape \(shape) of \(type) needs \(expected) bytes, the file has \(bytes.count)")
        }
        guard bytes.count == expected else {
            throw .corruptFile(
                path: source,
                reason: "IDX file has \(bytes.count - expected) bytes after the data of shape \(shape)")
        }
        let target = dtype ?? type.naturalDType
        return bytes.withUnsafeBufferPointer { raw in
            let body = UnsafeBufferPointer(rebasing: raw[headerSize...])
            switch target {
            case .float32: return NDArray(convert(body, type: type, count: count) { Float($0) }, shape: shape)
            case .float64: return NDArray(convert(body, type: type, count: count) { $0 }, shape: shape)
            case .int64: return NDArray(convert(body, type: type, count: count) { Int64(ndDouble: $0) }, shape: shape)
            case .bool: return NDArray(convert(body, type: type, count: count) { $0 != 0 }, shape: shape)
            }
        }
    }

    /// The `count` big-endian elements of `body`, each read as a Double (exact for every IDX
    /// type) and converted by `make`.
    private static func convert<T>(
        _ body: UnsafeBufferPointer<UInt8>, type: ElementType, count: Int, _ make: (Double) -> T
    ) -> [T] {
        switch type {
        case .unsignedByte:
            return body.map { make(Double($0)) }
        case .signedByte:
            return body.map { make(Double(Int8(bitPattern: $0))) }
        case .short:
            return (0..<count).map {
                make(Double(Int16(bitPattern: UInt16(body[2 * $0]) << 8 | UInt16(body[2 * $0 + 1]))))
            }
        case .int:
            return (0..<count).map { make(Double(Int32(bitPattern: bigEndian32(body, at: 4 * $0)))) }
        case .float:
            return (0..<count).map { make(Double(Float(bitPattern: bigEndian32(body, at: 4 * $0)))) }
        case .double:
            return (0..<count).map { i in
                make(Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(body[8 * i + $1]) }))
            }
        }
    }

    private static func bigEndian32<C: Collection<UInt8>>(_ bytes: C, at offset: Int) -> UInt32 where C.Index == Int {
        let b = bytes.startIndex + offset
        return UInt32(bytes[b]) << 24 | UInt32(bytes[b + 1]) << 16 | UInt32(bytes[b + 2]) << 8 | UInt32(bytes[b + 3])
    }

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
