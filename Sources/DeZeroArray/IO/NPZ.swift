/// Reading and writing NumPy `.npz` archives: ZIP files holding one `.npy` file per array, as
/// `np.savez`, `np.savez_compressed` and `np.load` use them.
public enum NPZ {
    /// The arrays of an `.npz` archive, in the order `np.load(path).files` lists them.
    ///
    /// Names are the member names without their `.npy` suffix, as `np.load(path)[name]` takes
    /// them. Stored and deflated members are read, plain ZIP or ZIP64, and every member's CRC-32
    /// is checked. Members that are not `.npy` files (no NumPy magic and no `.npy` suffix) are
    /// skipped; NumPy would return their raw bytes.
    ///
    /// - Throws: ``NDArrayIOError``: `fileNotFound`, `readFailed`, `truncated`, `corrupt`
    ///   (bad ZIP structure, CRC mismatch, bad `.npy` member), or `unsupportedDType`.
    public static func load(_ path: String) throws -> [(name: String, array: NDArray)] {
        let bytes = try FileIO.readAll(path)
        return try bytes.withUnsafeBytesTyped { (raw) throws(NDArrayIOError) in try decode(raw, path: path) }
    }

    /// The arrays of an `.npz` archive keyed by name (see ``load(_:)``). When two members have
    /// the same name the later one wins, as in NumPy.
    public static func loadDictionary(_ path: String) throws -> [String: NDArray] {
        var result: [String: NDArray] = [:]
        for (name, array) in try load(path) { result[name] = array }
        return result
    }

    /// Writes `arrays` to an `.npz` archive that `np.load` reads back with the same names, order,
    /// dtypes, shapes and values.
    ///
    /// Each array becomes the member `name + ".npy"`, holding exactly the bytes `np.save` would
    /// write. With `compressed`, members are deflated, as `np.savez_compressed` does; otherwise
    /// they are stored, as `np.savez` does. Unlike NumPy, no `.npz` suffix is appended to `path`.
    /// The write is atomic: a temporary file in the same directory replaces `path` only once
    /// complete, and an existing file at `path` is untouched when anything fails.
    ///
    /// - Throws: ``NDArrayIOError/writeFailed(path:detail:)``, also for an empty or repeated name.
    public static func save(
        _ arrays: [(name: String, array: NDArray)], to path: String, compressed: Bool = false
    ) throws {
        try save(arrays, to: path, compressed: compressed, forceZip64: false)
    }

    /// ``save(_:to:compressed:)``, optionally with ZIP64 records throughout (to test readers).
    static func save(
        _ arrays: [(name: String, array: NDArray)], to path: String, compressed: Bool, forceZip64: Bool
    ) throws {
        var seen = Set<String>()
        for (name, _) in arrays {
            guard !name.isEmpty else { throw NDArrayIOError.writeFailed(path: path, detail: "an array name is empty") }
            guard seen.insert(name).inserted else {
                throw NDArrayIOError.writeFailed(path: path, detail: "the array name '\(ZIPFormat.shown(name))' is used twice")
            }
        }
        try FileIO.writeAtomically(to: path) { sink in
            let zip = ZIPWriter(sink: sink, forceZip64: forceZip64)
            for (name, array) in arrays {
                let header = NPYHeader.encode(dtype: array.dtype, shape: array.shape)
                try header.withUnsafeBytes { headerBytes in
                    try array.withUnsafeBytes { data in
                        try zip.addEntry(name: name + ".npy", parts: [headerBytes, data], compress: compressed)
                    }
                }
            }
            try zip.finish()
        }
    }

    /// Decodes a whole `.npz` archive from `bytes`; `path` names it in errors.
    static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws(NDArrayIOError)
        -> [(name: String, array: NDArray)]
    {
        let zip = try ZIPReader(bytes, path: path)
        var arrays: [(name: String, array: NDArray)] = []
        for entry in zip.entries where !entry.name.hasSuffix("/") {
            let isNPYName = entry.name.hasSuffix(".npy")
            let name = isNPYName ? String(entry.name.dropLast(4)) : entry.name
            let memberPath = "\(path):\(entry.shownName)"
            let array: NDArray?
            switch try zip.contents(of: entry) {
            case .stored(let data):
                array = try decodeMember(data, path: memberPath, required: isNPYName)
            case .inflated(let data):
                array = try data.withUnsafeBytesTyped { (raw) throws(NDArrayIOError) in
                    try decodeMember(raw, path: memberPath, required: isNPYName)
                }
            }
            if let array { arrays.append((name, array)) }
        }
        return arrays
    }

    /// A member's array; `nil` for a member that is not a `.npy` file unless its name claims so.
    private static func decodeMember(_ data: UnsafeRawBufferPointer, path: String, required: Bool)
        throws(NDArrayIOError) -> NDArray?
    {
        let isNPY = ByteReader(data, path: path).peek(matches: NPYHeader.magic)
        guard isNPY || required else { return nil }
        return try NDArray.decodeNPY(data, path: path)
    }
}
