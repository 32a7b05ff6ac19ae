/// One member of a ZIP archive, as its central-directory record describes it.
struct ZIPEntry: Equatable {
    /// The member's path inside the archive.
    var name: String
    /// General-purpose flags.
    var flags: UInt16
    /// ``ZIPFormat/methodStored`` or ``ZIPFormat/methodDeflated`` (others are refused on reading).
    var method: UInt16
    /// The CRC-32 of the uncompressed contents.
    var crc32: UInt32
    /// Bytes stored in the archive.
    var compressedSize: Int
    /// Bytes after decompression.
    var uncompressedSize: Int
    /// Where the member's local header starts, in the archive as read.
    var localHeaderOffset: Int

    /// The name as error messages show it (a long one shortened).
    var shownName: String { ZIPFormat.shown(name) }
}

/// Reads the members of a ZIP archive held in memory: the end-of-central-directory record
/// (ZIP64 included), the central directory, and each member's stored or deflated contents,
/// checking their CRC-32. Every offset and size is checked against the bytes actually present.
struct ZIPReader {
    /// The archive's path, for error messages.
    let path: String
    /// The whole archive; must outlive the reader.
    let bytes: UnsafeRawBufferPointer
    /// The members in central-directory order (the order `np.load(...).files` lists them).
    private(set) var entries: [ZIPEntry] = []

    /// Reads the central directory of the archive in `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, path: String) throws(NDArrayIOError) {
        self.bytes = bytes
        self.path = path
        try readCentralDirectory()
    }

    private func corrupt(_ detail: String) -> NDArrayIOError { .corrupt(path: path, detail: detail) }

    /// Finds the last end-of-central-directory record (it is followed by at most a 64 KiB comment).
    private func findEndRecord() throws(NDArrayIOError) -> Int {
        let size = ZIPFormat.endOfCentralDirectorySize
        guard bytes.count >= size else {
            if bytes.count >= 4 && bytes.loadUnaligned(as: UInt32.self) == ZIPFormat.localHeaderSignature.littleEndian {
                throw .truncated(path: path, detail: "\(bytes.count) bytes, too short for a ZIP archive")
            }
            if bytes.count < 4 {
                throw .truncated(path: path, detail: "\(bytes.count) bytes, too short for a ZIP archive")
            }
            throw corrupt("not a ZIP archive")
        }
        let lowest = max(0, bytes.count - size - Int(UInt16.max))
        var offset = bytes.count - size
        while offset >= lowest {
            if bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                == ZIPFormat.endOfCentralDirectorySignature.littleEndian
            {
                let commentLength = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 20, as: UInt16.self)))
                if offset + size + commentLength <= bytes.count { return offset }
            }
            offset -= 1
        }
        // An archive cut short loses its end record: tell that apart from a file that is no ZIP at all.
        if bytes.loadUnaligned(as: UInt32.self) == ZIPFormat.localHeaderSignature.littleEndian {
            throw .truncated(path: path, detail: "the end of central directory record is missing")
        }
        throw corrupt("not a ZIP archive (no end of central directory record)")
    }

    private mutating func readCentralDirectory() throws(NDArrayIOError) {
        let endOffset = try findEndRecord()
        var end = ByteReader(bytes, path: path, position: endOffset + 4)
        let disk = try end.read(UInt16.self, "disk number")
        let directoryDisk = try end.read(UInt16.self, "directory disk")
        _ = try end.read(UInt16.self, "entries on disk")
        var entryCount = Int(try end.read(UInt16.self, "entry count"))
        var directorySize = Int(try end.read(UInt32.self, "directory size"))
        var directoryOffset = Int(try end.read(UInt32.self, "directory offset"))
        guard disk == 0 && directoryDisk == 0 else { throw corrupt("multi-disk ZIP archives are not supported") }

        // The record the central directory ends at: the ZIP64 end record when there is one.
        var directoryEnd = endOffset
        let locatorOffset = endOffset - ZIPFormat.zip64LocatorSize
        if locatorOffset >= 0
            && bytes.loadUnaligned(fromByteOffset: locatorOffset, as: UInt32.self)
                == ZIPFormat.zip64LocatorSignature.littleEndian
        {
            var locator = ByteReader(bytes, path: path, position: locatorOffset + 4)
            _ = try locator.read(UInt32.self, "ZIP64 locator")
            let recordOffset = try locator.read(UInt64.self, "ZIP64 end record offset")
            let expected = locatorOffset - ZIPFormat.zip64EndOfCentralDirectorySize
            // Python assumes the record sits right before the locator (archives may be prefixed).
            var candidates: [Int] = []
            if let r = Int(exactly: recordOffset) { candidates.append(r) }
            candidates.append(expected)
            guard
                let recordStart = candidates.first(where: {
                    $0 >= 0 && $0 <= locatorOffset - ZIPFormat.zip64EndOfCentralDirectorySize
                        && bytes.loadUnaligned(fromByteOffset: $0, as: UInt32.self)
                            == ZIPFormat.zip64EndOfCentralDirectorySignature.littleEndian
                })
            else { throw corrupt("the ZIP64 end of central directory record is missing") }
            var record = ByteReader(bytes, path: path, position: recordStart + 4)
            try record.skip(8 + 2 + 2 + 4 + 4 + 8, "ZIP64 end record")
            entryCount = try checkedInt(try record.read(UInt64.self, "ZIP64 entry count"), "entry count")
            directorySize = try checkedInt(try record.read(UInt64.self, "ZIP64 directory size"), "directory size")
            directoryOffset = try checkedInt(try record.read(UInt64.self, "ZIP64 directory offset"), "directory offset")
            directoryEnd = recordStart
        }
        // Bytes prepended to the archive (a self-extractor stub, say) shift every offset.
        guard directorySize <= directoryEnd, directoryOffset <= directoryEnd - directorySize else {
            throw .truncated(path: path, detail: "the central directory (\(directorySize) bytes at offset \(directoryOffset)) does not fit")
        }
        let shift = directoryEnd - directorySize - directoryOffset
        var reader = ByteReader(bytes, path: path, position: directoryEnd - directorySize)
        while reader.position < directoryEnd {
            var entry = try readCentralHeader(&reader)
            let (offset, overflow) = entry.localHeaderOffset.addingReportingOverflow(shift)
            guard !overflow else { throw corrupt("member offset out of range") }
            entry.localHeaderOffset = offset
            entries.append(entry)
        }
        guard reader.position == directoryEnd else { throw corrupt("the central directory overruns its size") }
        _ = entryCount  // Like Python, trust the directory's size over its entry count.
        try checkNoOverlap(directoryStart: directoryEnd - directorySize)
    }

    /// Rejects members whose bytes overlap each other or the central directory, as Python's
    /// `zipfile` does: a few KB of directory records all pointing at one large deflated member
    /// would otherwise decode (and keep) that member once per record, a "ZIP bomb".
    private func checkNoOverlap(directoryStart: Int) throws(NDArrayIOError) {
        let sorted = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (i, entry) in sorted.enumerated() {
            // The local header's fixed part and the data at least; its name and extra field lie
            // between them, so this end is a lower bound and never rejects a sound archive.
            let (start, overflow1) = entry.localHeaderOffset.addingReportingOverflow(ZIPFormat.localHeaderSize)
            let (end, overflow2) = start.addingReportingOverflow(entry.compressedSize)
            let overflow = overflow1 || overflow2
            let next = i + 1 < sorted.count ? sorted[i + 1] : nil
            guard !overflow, end <= (next?.localHeaderOffset ?? directoryStart) else {
                let other = next.map { "member '\($0.shownName)' at offset \($0.localHeaderOffset)" } ?? "the central directory"
                throw corrupt(
                    "member '\(entry.shownName)' at offset \(entry.localHeaderOffset) overlaps \(other); "
                        + "overlapping members are refused (a ZIP bomb or a damaged archive)")
            }
        }
    }

    private func checkedInt(_ value: UInt64, _ what: String) throws(NDArrayIOError) -> Int {
        guard let v = Int(exactly: value) else { throw corrupt("\(what) \(value) is out of range") }
        return v
    }

    private func readCentralHeader(_ reader: inout ByteReader) throws(NDArrayIOError) -> ZIPEntry {
        guard try reader.read(UInt32.self, "central directory header") == ZIPFormat.centralHeaderSignature else {
            throw corrupt("bad central directory header signature at offset \(reader.position - 4)")
        }
        try reader.skip(4, "versions")
        let flags = try reader.read(UInt16.self, "flags")
        let method = try reader.read(UInt16.self, "compression method")
        try reader.skip(4, "modification time")
        let crc = try reader.read(UInt32.self, "CRC-32")
        let compressed32 = try reader.read(UInt32.self, "compressed size")
        let uncompressed32 = try reader.read(UInt32.self, "uncompressed size")
        let nameLength = Int(try reader.read(UInt16.self, "name length"))
        let extraLength = Int(try reader.read(UInt16.self, "extra length"))
        let commentLength = Int(try reader.read(UInt16.self, "comment length"))
        let diskStart = try reader.read(UInt16.self, "disk number")
        try reader.skip(2 + 4, "attributes")
        let offset32 = try reader.read(UInt32.self, "local header offset")
        let name = ZIPFormat.decodeName(try reader.read(nameLength, "member name"), flags: flags)
        let extra = try reader.read(extraLength, "extra field")
        try reader.skip(commentLength, "member comment")

        var uncompressed = UInt64(uncompressed32)
        var compressed = UInt64(compressed32)
        var offset = UInt64(offset32)
        // ZIP64: the 64-bit values of the fields that hold 0xFFFFFFFF follow, in this order.
        var needed: [WritableKeyPath<(UInt64, UInt64, UInt64), UInt64>] = []
        if uncompressed32 == ZIPFormat.sentinel32 { needed.append(\.0) }
        if compressed32 == ZIPFormat.sentinel32 { needed.append(\.1) }
        if offset32 == ZIPFormat.sentinel32 { needed.append(\.2) }
        if !needed.isEmpty || diskStart == ZIPFormat.sentinel16 {
            var values = (uncompressed, compressed, offset)
            if let field = try ZIPReader.extraField(ZIPFormat.zip64ExtraID, in: extra, path: path) {
                var fieldReader = ByteReader(field, path: path)
                for key in needed {
                    guard fieldReader.remaining >= 8 else { throw corrupt("ZIP64 extra field of '\(ZIPFormat.shown(name))' is too short") }
                    values[keyPath: key] = try fieldReader.read(UInt64.self, "ZIP64 value")
                }
            } else if !needed.isEmpty {
                throw corrupt("'\(ZIPFormat.shown(name))' lacks the ZIP64 extra field its sizes call for")
            }
            (uncompressed, compressed, offset) = values
        }
        guard flags & ZIPFormat.flagEncrypted == 0 else { throw corrupt("'\(ZIPFormat.shown(name))' is encrypted") }
        return ZIPEntry(
            name: name, flags: flags, method: method, crc32: crc,
            compressedSize: try checkedInt(compressed, "compressed size"),
            uncompressedSize: try checkedInt(uncompressed, "uncompressed size"),
            localHeaderOffset: try checkedInt(offset, "local header offset"))
    }

    /// The data of the extra field with id `id` in an extra-field block, if present.
    static func extraField(_ id: UInt16, in extra: UnsafeRawBufferPointer, path: String)
        throws(NDArrayIOError) -> UnsafeRawBufferPointer?
    {
        var reader = ByteReader(extra, path: path)
        while reader.remaining >= 4 {
            let fieldID = try reader.read(UInt16.self, "extra field id")
            let size = Int(try reader.read(UInt16.self, "extra field size"))
            // Python tolerates a malformed tail; so do we, unless it is the field asked for.
            guard size <= reader.remaining else { return nil }
            let data = try reader.read(size, "extra field")
            if fieldID == id { return data }
        }
        return nil
    }

    /// The uncompressed contents of a member: a view into the archive for stored members, a new
    /// buffer for deflated ones.
    enum Contents {
        case stored(UnsafeRawBufferPointer)
        case inflated([UInt8])
    }

    /// The uncompressed contents of `entry`, after checking their size and CRC-32.
    func contents(of entry: ZIPEntry) throws(NDArrayIOError) -> Contents {
        let memberPath = "\(path):\(entry.shownName)"
        var reader = ByteReader(bytes, path: path)
        try reader.seek(to: entry.localHeaderOffset, "local header of '\(entry.shownName)'")
        guard try reader.read(UInt32.self, "local header of '\(entry.shownName)'") == ZIPFormat.localHeaderSignature else {
            throw corrupt("bad local header signature for '\(entry.shownName)'")
        }
        try reader.skip(22, "local header of '\(entry.shownName)'")
        let nameLength = Int(try reader.read(UInt16.self, "name length"))
        let extraLength = Int(try reader.read(UInt16.self, "extra length"))
        let localName = try reader.read(nameLength, "member name")
        guard ZIPFormat.decodeName(localName, flags: entry.flags) == entry.name else {
            throw corrupt("member name in the directory and in the local header differ for '\(entry.shownName)'")
        }
        try reader.skip(extraLength, "extra field of '\(entry.shownName)'")
        guard entry.compressedSize <= reader.remaining else {
            throw .truncated(
                path: path,
                detail: "'\(entry.shownName)' needs \(entry.compressedSize) bytes, only \(reader.remaining) left")
        }
        let stored = try reader.read(entry.compressedSize, "data of '\(entry.shownName)'")

        let contents: Contents
        let crc: UInt32
        switch entry.method {
        case ZIPFormat.methodStored:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw corrupt("stored member '\(entry.shownName)' has different compressed and uncompressed sizes")
            }
            contents = .stored(stored)
            crc = Zlib.crc32(stored)
        case ZIPFormat.methodDeflated:
            // DEFLATE cannot expand more than about 1032:1; larger claims are corrupt (and would
            // make us allocate absurd amounts of memory).
            guard entry.uncompressedSize / 1032 <= entry.compressedSize + 1 else {
                throw corrupt("'\(entry.shownName)' claims an impossible uncompressed size \(entry.uncompressedSize)")
            }
            try FileIO.checkFitsInMemory(entry.uncompressedSize, "the uncompressed member", path: memberPath)
            let data: [UInt8]
            do {
                data = try Zlib.inflateRaw(stored, expectedSize: entry.uncompressedSize)
            } catch {
                switch error {
                case .truncated(let detail): throw .truncated(path: memberPath, detail: detail)
                case .corrupt(let detail): throw .corrupt(path: memberPath, detail: detail)
                case .tooLarge(let limit):
                    throw .corrupt(path: memberPath, detail: "the data decompresses to more than the \(limit) bytes announced")
                }
            }
            contents = .inflated(data)
            crc = Zlib.crc32(data)
        default:
            throw corrupt("'\(entry.shownName)' uses compression method \(entry.method); only stored (0) and deflate (8) are supported")
        }
        guard crc == entry.crc32 else {
            throw .corrupt(
                path: memberPath,
                detail: "CRC-32 mismatch (computed \(String(crc, radix: 16)), recorded \(String(entry.crc32, radix: 16)))")
        }
        return contents
    }
}
