/// The element type named by an `.npy` header's `descr` (e.g. `'<f8'`, `'>i4'`, `'|b1'`), and
/// how its raw elements convert to one of our ``DType``s.
///
/// Bool, signed and unsigned integers of 1–8 bytes and floats of 2, 4 and 8 bytes are read, in
/// either byte order; narrower integers widen to `int64` and half floats to `float32`, exactly.
struct NPYElementFormat: Equatable {
    /// What the stored bits mean.
    enum Kind: Equatable {
        case bool, signedInteger, unsignedInteger, floatingPoint
    }

    /// What the stored bits mean.
    let kind: Kind
    /// Bytes per stored element.
    let size: Int
    /// Whether multi-byte elements are stored most significant byte first.
    let bigEndian: Bool
    /// The descr as the file spells it.
    let descr: String

    /// Whether this machine stores numbers little endian (every platform Swift runs on today).
    static let hostIsLittleEndian = 1.littleEndian == 1

    /// Parses a NumPy array-protocol type string, or throws
    /// ``NDArrayIOError/unsupportedDType(path:descr:)`` naming it and the file at `path`.
    init(descr: String, path: String) throws(NDArrayIOError) {
        self.descr = descr
        var chars = Array(descr.unicodeScalars)
        var big = !NPYElementFormat.hostIsLittleEndian
        if let first = chars.first, "<>|=".unicodeScalars.contains(first) {
            if first == "<" { big = false }
            if first == ">" { big = true }
            chars.removeFirst()
        }
        let unsupported = NDArrayIOError.unsupportedDType(path: path, descr: PythonLiteral.string(descr).description)
        guard let kindChar = chars.first, chars.count >= 2, chars.count <= 3,
            let size = Int(String(String.UnicodeScalarView(chars.dropFirst())))
        else { throw unsupported }
        switch (kindChar, size) {
        case ("b", 1), ("?", 1): kind = .bool
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signedInteger
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsignedInteger
        case ("f", 2), ("f", 4), ("f", 8): kind = .floatingPoint
        default: throw unsupported
        }
        self.size = size
        bigEndian = size > 1 && big
    }

    /// The format NumPy writes for `dtype` on a little-endian machine.
    init(_ dtype: DType) {
        // The descr of every DType is one of the supported ones.
        self = try! NPYElementFormat(descr: dtype.numpyDescr, path: "")
    }

    /// The dtype these elements load as.
    var dtype: DType {
        switch kind {
        case .bool: .bool
        case .signedInteger, .unsignedInteger: .int64
        case .floatingPoint: size == 8 ? .float64 : .float32
        }
    }

    /// Whether the stored bytes already are our in-memory representation of ``dtype``.
    var isNative: Bool {
        kind != .bool && size == dtype.itemSize && bigEndian != NPYElementFormat.hostIsLittleEndian
            && kind != .unsignedInteger
    }

    /// Converts `count` stored elements from `source` into `count` elements of ``dtype`` at
    /// `destination`. Throws only when an unsigned 64-bit value does not fit in `int64`.
    func decode(_ source: UnsafeRawBufferPointer, count: Int, into destination: UnsafeMutableRawPointer, path: String)
        throws(NDArrayIOError)
    {
        precondition(source.count >= count * size)
        guard count > 0, let src = source.baseAddress else { return }
        if isNative {
            destination.copyMemory(from: src, byteCount: count * size)
            return
        }
        switch kind {
        case .bool:
            let dst = destination.assumingMemoryBound(to: UInt8.self)
            // Any non-zero byte is True; storing anything but 0 or 1 in a Swift Bool is undefined.
            for i in 0..<count { dst[i] = src.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
        case .signedInteger:
            let dst = destination.assumingMemoryBound(to: Int64.self)
            switch size {
            case 1: for i in 0..<count { dst[i] = Int64(src.load(fromByteOffset: i, as: Int8.self)) }
            case 2: for i in 0..<count { dst[i] = Int64(Int16(bitPattern: load(UInt16.self, src, i))) }
            case 4: for i in 0..<count { dst[i] = Int64(Int32(bitPattern: load(UInt32.self, src, i))) }
            default: for i in 0..<count { dst[i] = Int64(bitPattern: load(UInt64.self, src, i)) }
            }
        case .unsignedInteger:
            let dst = destination.assumingMemoryBound(to: Int64.self)
            switch size {
            case 1: for i in 0..<count { dst[i] = Int64(src.load(fromByteOffset: i, as: UInt8.self)) }
            case 2: for i in 0..<count { dst[i] = Int64(load(UInt16.self, src, i)) }
            case 4: for i in 0..<count { dst[i] = Int64(load(UInt32.self, src, i)) }
            default:
                for i in 0..<count {
                    let v = load(UInt64.self, src, i)
                    guard let w = Int64(exactly: v) else {
                        throw .unsupportedDType(
                            path: path, descr: "\(PythonLiteral.string(descr)) (value \(v) does not fit in int64)")
                    }
                    dst[i] = w
                }
            }
        case .floatingPoint:
            switch size {
            case 2:
                let dst = destination.assumingMemoryBound(to: Float.self)
                for i in 0..<count { dst[i] = NPYElementFormat.halfToFloat(load(UInt16.self, src, i)) }
            case 4:
                let dst = destination.assumingMemoryBound(to: Float.self)
                for i in 0..<count { dst[i] = Float(bitPattern: load(UInt32.self, src, i)) }
            default:
                let dst = destination.assumingMemoryBound(to: Double.self)
                for i in 0..<count { dst[i] = Double(bitPattern: load(UInt64.self, src, i)) }
            }
        }
    }

    /// Element `i` of `src` as an unsigned integer in host order.
    @inline(__always)
    private func load<T: FixedWidthInteger>(_: T.Type, _ src: UnsafeRawPointer, _ i: Int) -> T {
        let raw = src.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
        return bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
    }

    /// The IEEE 754 half-precision number with bits `h`, as `Float` (exact: every half is a float).
    static func halfToFloat(_ h: UInt16) -> Float {
        let negative = h & 0x8000 != 0
        let exponent = Int(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        let magnitude: Float
        switch exponent {
        case 0: magnitude = Float(mantissa) * 0x1p-24  // zero or subnormal
        case 31: magnitude = Float(bitPattern: 0x7F80_0000 | mantissa << 13)  // inf or NaN
        default: magnitude = Float(bitPattern: UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
        }
        return negative ? -magnitude : magnitude
    }
}
