extension NDArray {
    /// Loads an array from a NumPy `.npy` file, as `np.load(path)` does.
    ///
    /// Format versions 1.0, 2.0 and 3.0 are read, in C or Fortran order and either byte order.
    /// `bool`, `int64`, `float32` and `float64` load as they are; other integer types (`int8` to
    /// `int32`, `uint8` to `uint64`) widen to `int64` and `float16` to `float32`, all exactly.
    /// Bytes after the array data are ignored, as NumPy does.
    ///
    /// - Throws: ``NDArrayIOError``: `fileNotFound`, `readFailed`, `truncated`, `corrupt`, or
    ///   `unsupportedDType` for object, string, complex, date or structured arrays.
    public static func load(npy path: String) throws -> NDArray {
        let bytes = try FileIO.readAll(path)
        return try bytes.withUnsafeBytesTyped { (raw) throws(NDArrayIOError) in try decodeNPY(raw, path: path) }
    }

    /// Writes the array to `path` in `.npy` format, byte for byte as `np.save` writes it.
    ///
    /// Unlike `np.save`, the path is used as given: no `.npy` suffix is appended. The write is
    /// atomic: the bytes go to a temporary file in the same directory, which then replaces `path`;
    /// on failure the temporary file is removed and an existing file at `path` is left untouched.
    ///
    /// - Throws: ``NDArrayIOError/writeFailed(path:detail:)``.
    public func save(npy path: String) throws {
        let header = NPYHeader.encode(dtype: dtype, shape: shape)
        try FileIO.writeAtomically(to: path) { sink in
            try sink.write(header)
            try withUnsafeBytes { raw in try sink.write(raw) }
        }
    }

    /// Decodes the contents of a `.npy` file held in memory (see ``load(npy:)``).
    ///
    /// - Throws: ``NDArrayIOError`` with the path `"<npy data>"`.
    public init(npyData: [UInt8]) throws {
        self = try npyData.withUnsafeBytesTyped { (raw) throws(NDArrayIOError) in
            try NDArray.decodeNPY(raw, path: "<npy data>")
        }
    }

    /// The bytes of a `.npy` file holding this array: exactly what `np.save` writes for it
    /// (format version 1.0, or 2.0 for headers over 64 KiB; C order; little endian).
    public func npyData() -> [UInt8] {
        var out = NPYHeader.encode(dtype: dtype, shape: shape)
        withUnsafeBytes { out.append(contentsOf: $0) }
        return out
    }

    /// Decodes a whole `.npy` file from `bytes`; `path` names it in errors.
    static func decodeNPY(_ bytes: UnsafeRawBufferPointer, path: String) throws(NDArrayIOError) -> NDArray {
        var reader = ByteReader(bytes, path: path)
        let header = try NPYHeader.read(from: &reader)
        let (count, byteCount) = try header.dataSize(path: path)
        guard byteCount <= reader.remaining else {
            throw .truncated(
                path: path,
                detail: "shape \(header.shape) of \(PythonLiteral.string(header.format.descr)) needs \(byteCount) data bytes, only \(reader.remaining) present")
        }
        let data = try reader.read(byteCount, "array data")
        let dtype = header.format.dtype
        // Narrow integers widen to int64 (8 bytes each): the array can outgrow the file.
        try FileIO.checkFitsInMemory(
            count * dtype.itemSize, "shape \(header.shape) as \(dtype)", path: path)
        let array = NDArray(uninitializedShape: header.shape, dtype: dtype)
        if header.fortranOrder && header.shape.count > 1 {
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count * dtype.itemSize, 1), alignment: 64)
            defer { scratch.deallocate() }
            try header.format.decode(data, count: count, into: scratch, path: path)
            FortranOrder.toCOrder(scratch, into: array.storage.bytes, shape: header.shape, itemSize: dtype.itemSize)
        } else {
            try header.format.decode(data, count: count, into: array.storage.bytes, path: path)
        }
        return array
    }
}
