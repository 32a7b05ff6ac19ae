/// A cursor over raw bytes whose every read is bounds-checked: running off the end throws
/// ``NDArrayIOError/truncated(path:detail:)`` instead of trapping.
struct ByteReader {
    /// The bytes being read; they must outlive the reader.
    let bytes: UnsafeRawBufferPointer
    /// The file these bytes come from, for error messages.
    let path: String
    /// The offset of the next byte to read.
    private(set) var position: Int

    /// A reader over `bytes` starting at `position`.
    init(_ bytes: UnsafeRawBufferPointer, path: String, position: Int = 0) {
        self.bytes = bytes
        self.path = path
        self.position = position
    }

    /// How many bytes are left after `position`.
    var remaining: Int { bytes.count - position }

    /// Moves to an absolute offset, which must lie within the bytes (the end included).
    mutating func seek(to offset: Int, _ what: @autoclosure () -> String) throws(NDArrayIOError) {
        guard offset >= 0 && offset <= bytes.count else {
            throw NDArrayIOError.truncated(
                path: path, detail: "\(what()) at offset \(offset) lies past the end (\(bytes.count) bytes)")
        }
        position = offset
    }

    /// Throws unless `count` more bytes are available.
    func require(_ count: Int, _ what: @autoclosure () -> String) throws(NDArrayIOError) {
        guard count >= 0 && count <= remaining else {
            throw NDArrayIOError.truncated(
                path: path,
                detail: "\(what()) needs \(count) bytes at offset \(position), only \(max(remaining, 0)) left")
        }
    }

    /// The next `count` bytes, without copying.
    mutating func read(_ count: Int, _ what: @autoclosure () -> String) throws(NDArrayIOError) -> UnsafeRawBufferPointer {
        try require(count, what())
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
        position += count
        return slice
    }

    /// Skips `count` bytes.
    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws(NDArrayIOError) {
        try require(count, what())
        position += count
    }

    /// The next little-endian integer of type `T`.
    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(NDArrayIOError) -> T {
        try require(MemoryLayout<T>.size, what())
        let value = bytes.loadUnaligned(fromByteOffset: position, as: T.self)
        position += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    /// Whether the next bytes equal `expected` (does not move).
    func peek(matches expected: [UInt8]) -> Bool {
        guard expected.count <= remaining else { return false }
        for (i, byte) in expected.enumerated() where bytes[position + i] != byte { return false }
        return true
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as little-endian bytes.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body with a typed error (the standard one only rethrows `any Error`).
    func withUnsafeBytesTyped<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { raw in
            do throws(E) { return .success(try body(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
