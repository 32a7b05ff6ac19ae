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
    /// Throws ``DatasetError`` when the file is missing, unreadable, or not a complete IDX file.
    public static func load(_ path: String, dtype: DType? = nil) throws(DatasetError) -> NDArray {
        var bytes = try DataFiles.read(path)
        if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes, source: path) }
        return try decode(bytes, dtype: dtype, source: path)
    }

    /// Decodes the (uncompressed) IDX data `bytes` as an array of `dtype` (by default the element
    /// type's natural dtype). `source` names the data in errors.
    ///
    /// Throws ``DatasetError/corruptFile(path:reason:)`` for a bad header or data whose length
    /// disagrees with the header (a truncated file).
    public static func decode(_ bytes: [UInt8], dtype: DType? = nil, source: String) throws(DatasetError) -> NDArray {
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
        let headerSize = 4 + 4 * ndim
        guard bytes.count >= headerSize else {
            throw .corruptFile(
                path: source,
                reason: "IDX header truncated: \(ndim) dimensions need \(headerSize) header bytes, the file has \(bytes.count)")
        }
        let shape = (0..<ndim).map { Int(bigEndian32(bytes, at: 4 + 4 * $0)) }
        // Dimensions read from a damaged header can overflow: such a file is too short anyway.
        var count: Int? = 1
        for d in shape {
            guard let total = count else { break }
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            count = overflow || product > Int.max / 16 ? nil : product
        }
        guard let count, bytes.count >= headerSize + count * type.size else {
            let need = count.map { "\(headerSize + $0 * type.size) bytes, the file has \(bytes.count)" }
                ?? "more than the \(bytes.count) bytes the file has"
            throw .corruptFile(path: source, reason: "IDX data truncated: shape \(shape) of \(type) needs \(need)")
        }
        let expected = headerSize + count * type.size
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
