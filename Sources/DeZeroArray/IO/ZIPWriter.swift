/// Writes a ZIP archive member by member into a ``FileSink``: local header, data (stored or
/// raw-deflated), then the central directory and end records on ``finish()``. Sizes and offsets
/// beyond 2 GiB get ZIP64 extra fields and end records, following Python's `zipfile`.
final class ZIPWriter {
    private let sink: FileSink
    private var centralDirectory: [UInt8] = []
    private var entryCount = 0
    private let timestamp = ZIPFormat.dosTimestamp()
    /// Whether to use ZIP64 records everywhere, however small the archive (to test readers).
    let forceZip64: Bool

    /// A writer appending to `sink`, which should be empty.
    init(sink: FileSink, forceZip64: Bool = false) {
        self.sink = sink
        self.forceZip64 = forceZip64
    }

    /// Adds a member whose contents are the concatenation of `parts`, deflated when `compress`.
    func addEntry(name: String, parts: [UnsafeRawBufferPointer], compress: Bool) throws(NDArrayIOError) {
        let (nameBytes, flags) = ZIPFormat.encodeName(name)
        guard nameBytes.count <= Int(UInt16.max) else {
            throw .writeFailed(path: sink.path, detail: "member name '\(name)' is too long")
        }
        let uncompressedSize = parts.reduce(0) { $0 + $1.count }
        var crc: UInt32 = 0
        for part in parts { crc = Zlib.crc32(part, initial: crc) }
        let method = compress ? ZIPFormat.methodDeflated : ZIPFormat.methodStored
        let headerOffset = sink.offset
        // Like Python: ZIP64 in the local header when the data might pass the limit.
        let localZip64 =
            forceZip64 || uncompressedSize > ZIPFormat.zip64Limit || uncompressedSize / 20 * 21 > ZIPFormat.zip64Limit

        func localHeader(compressedSize: Int) -> [UInt8] {
            var header: [UInt8] = []
            header.appendLittleEndian(ZIPFormat.localHeaderSignature)
            header.appendLittleEndian(UInt16(localZip64 ? 45 : 20))  // version needed to extract
            header.appendLittleEndian(flags)
            header.appendLittleEndian(method)
            header.appendLittleEndian(timestamp.time)
            header.appendLittleEndian(timestamp.date)
            header.appendLittleEndian(crc)
            if localZip64 {
                header.appendLittleEndian(ZIPFormat.sentinel32)
                header.appendLittleEndian(ZIPFormat.sentinel32)
            } else {
                header.appendLittleEndian(UInt32(compressedSize))
                header.appendLittleEndian(UInt32(uncompressedSize))
            }
            header.appendLittleEndian(UInt16(nameBytes.count))
            header.appendLittleEndian(UInt16(localZip64 ? 20 : 0))
            header += nameBytes
            if localZip64 {
                header.appendLittleEndian(ZIPFormat.zip64ExtraID)
                header.appendLittleEndian(UInt16(16))
                header.appendLittleEndian(UInt64(uncompressedSize))
                header.appendLittleEndian(UInt64(compressedSize))
            }
            return header
        }

        try sink.write(localHeader(compressedSize: 0))
        let dataStart = sink.offset
        if compress {
            let deflater = Zlib.Deflater()
            if parts.isEmpty {
                try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) {
                    (piece) throws(NDArrayIOError) in try sink.write(piece)
                }
            }
            for (i, part) in parts.enumerated() {
                try deflater.compress(part, finish: i == parts.count - 1) {
                    (piece) throws(NDArrayIOError) in try sink.write(piece)
                }
            }
        } else {
            for part in parts { try sink.write(part) }
        }
        let compressedSize = sink.offset - dataStart
        if !localZip64 && compressedSize > ZIPFormat.zip64Limit {
            throw .writeFailed(path: sink.path, detail: "member '\(name)' grew past the ZIP64 limit when compressed")
        }
        try sink.overwrite(localHeader(compressedSize: compressedSize), at: headerOffset)

        // Central directory record, with ZIP64 values for the fields that need them.
        let bigUncompressed = forceZip64 || uncompressedSize > ZIPFormat.zip64Limit
        let bigCompressed = forceZip64 || compressedSize > ZIPFormat.zip64Limit
        let bigOffset = forceZip64 || headerOffset > ZIPFormat.zip64Limit
        var zip64Extra: [UInt8] = []
        if bigUncompressed { zip64Extra.appendLittleEndian(UInt64(uncompressedSize)) }
        if bigCompressed { zip64Extra.appendLittleEndian(UInt64(compressedSize)) }
        if bigOffset { zip64Extra.appendLittleEndian(UInt64(headerOffset)) }
        var extra: [UInt8] = []
        if !zip64Extra.isEmpty {
            extra.appendLittleEndian(ZIPFormat.zip64ExtraID)
            extra.appendLittleEndian(UInt16(zip64Extra.count))
            extra += zip64Extra
        }
        let zip64 = !zip64Extra.isEmpty || localZip64
        var record: [UInt8] = []
        record.appendLittleEndian(ZIPFormat.centralHeaderSignature)
        record.appendLittleEndian(UInt16(3 << 8 | (zip64 ? 45 : 20)))  // made by: Unix, spec version
        record.appendLittleEndian(UInt16(zip64 ? 45 : 20))  // needed to extract
        record.appendLittleEndian(flags)
        record.appendLittleEndian(method)
        record.appendLittleEndian(timestamp.time)
        record.appendLittleEndian(timestamp.date)
        record.appendLittleEndian(crc)
        record.appendLittleEndian(bigCompressed ? ZIPFormat.sentinel32 : UInt32(compressedSize))
        record.appendLittleEndian(bigUncompressed ? ZIPFormat.sentinel32 : UInt32(uncompressedSize))
        record.appendLittleEndian(UInt16(nameBytes.count))
        record.appendLittleEndian(UInt16(extra.count))
        record.appendLittleEndian(UInt16(0))  // comment length
        record.appendLittleEndian(UInt16(0))  // disk number
        record.appendLittleEndian(UInt16(0))  // internal attributes
        record.appendLittleEndian(UInt32(0o100644) << 16)  // external: regular file, rw-r--r--
        record.appendLittleEndian(bigOffset ? ZIPFormat.sentinel32 : UInt32(headerOffset))
        record += nameBytes
        record += extra
        centralDirectory += record
        entryCount += 1
    }

    /// Writes the central directory and the end records; the archive is then complete.
    func finish() throws(NDArrayIOError) {
        let directoryOffset = sink.offset
        try sink.write(centralDirectory)
        let directorySize = centralDirectory.count
        let zip64 =
            forceZip64 || entryCount >= Int(ZIPFormat.sentinel16) || directoryOffset > ZIPFormat.zip64Limit
            || directorySize > ZIPFormat.zip64Limit
        var end: [UInt8] = []
        if zip64 {
            let recordOffset = sink.offset
            end.appendLittleEndian(ZIPFormat.zip64EndOfCentralDirectorySignature)
            end.appendLittleEndian(UInt64(ZIPFormat.zip64EndOfCentralDirectorySize - 12))  // size of the rest
            end.appendLittleEndian(UInt16(3 << 8 | 45))
            end.appendLittleEndian(UInt16(45))
            end.appendLittleEndian(UInt32(0))  // this disk
            end.appendLittleEndian(UInt32(0))  // directory disk
            end.appendLittleEndian(UInt64(entryCount))
            end.appendLittleEndian(UInt64(entryCount))
            end.appendLittleEndian(UInt64(directorySize))
            end.appendLittleEndian(UInt64(directoryOffset))
            end.appendLittleEndian(ZIPFormat.zip64LocatorSignature)
            end.appendLittleEndian(UInt32(0))
            end.appendLittleEndian(UInt64(recordOffset))
            end.appendLittleEndian(UInt32(1))  // total disks
        }
        let count16 = forceZip64 ? ZIPFormat.sentinel16 : UInt16(min(entryCount, Int(ZIPFormat.sentinel16)))
        end.appendLittleEndian(ZIPFormat.endOfCentralDirectorySignature)
        end.appendLittleEndian(UInt16(0))
        end.appendLittleEndian(UInt16(0))
        end.appendLittleEndian(count16)
        end.appendLittleEndian(count16)
        end.appendLittleEndian(
            forceZip64 || directorySize > ZIPFormat.zip64Limit ? ZIPFormat.sentinel32 : UInt32(directorySize))
        end.appendLittleEndian(
            forceZip64 || directoryOffset > ZIPFormat.zip64Limit ? ZIPFormat.sentinel32 : UInt32(directoryOffset))
        end.appendLittleEndian(UInt16(0))  // comment length
        try sink.write(end)
    }
}
