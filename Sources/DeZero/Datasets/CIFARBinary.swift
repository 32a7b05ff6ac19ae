/// The "binary version" of CIFAR-10 and CIFAR-100: fixed-size records of label bytes followed by
/// a 32x32 color image as 1024 red, 1024 green and 1024 blue bytes, distributed as a `.tar.gz`.
enum CIFARBinary {
    /// Bytes of one image.
    static let imageBytes = 3 * 32 * 32

    /// The most an unpacked archive may hold: CIFAR-10's and CIFAR-100's tar files are 184 MB
    /// (60,000 records and a few small files), so a `.gz` inflating past this is not one of
    /// them, and decompression stops there instead of exhausting memory.
    static let maxArchiveBytes = 256 << 20

    /// Where one flavor's files live.
    struct Layout {
        /// The archive's URL.
        var url: String
        /// The archive's file name in the data directory, e.g. `cifar-10-binary.tar.gz`.
        var archive: String
        /// The folder the archive unpacks to, e.g. `cifar-10-batches-bin`.
        var folder: String
        /// Label bytes before each image (1 for CIFAR-10, 2 for CIFAR-100).
        var labelBytes: Int
    }

    /// The images (`float32` 0...255, `(N, 3, 32, 32)`) and labels (`int64`, the label byte at
    /// `labelIndex` of each record) of the files `names`, read from the unpacked folder in
    /// `directory` when every file is there, otherwise from the archive (downloaded if missing).
    static func load(
        _ layout: Layout, names: [String], labelIndex: Int, directory: String?, download: Bool,
        maxArchiveBytes: Int = maxArchiveBytes
    ) throws(DatasetError) -> (data: NDArray, label: NDArray) {
        let unpacked = names.map { DataFiles.path(layout.folder + "/" + $0, in: directory) }
        var files: [(bytes: [UInt8], source: String)] = []
        var downloaded: [String] = []  // the archive, when read: its errors advise a new download
        if unpacked.allSatisfy(DataFiles.fileExists) {
            for path in unpacked { files.append((try DataFiles.read(path), path)) }
        } else {
            let archivePath = try getFile(layout.url, fileName: layout.archive, directory: directory, download: download)
            downloaded = [archivePath]
            files = try DataFiles.readingDownloads(downloaded) { () throws(DatasetError) in
                try extract(names, from: archivePath, maxArchiveBytes: maxArchiveBytes)
            }
        }
        var pixels: [Float] = []
        var labels: [Int64] = []
        try DataFiles.readingDownloads(downloaded) { () throws(DatasetError) in
            for file in files {
                try decode(file.bytes, labelBytes: layout.labelBytes, labelIndex: labelIndex, source: file.source,
                    pixels: &pixels, labels: &labels)
            }
        }
        return (NDArray(pixels, shape: [labels.count, 3, 32, 32]), NDArray(labels, shape: [labels.count]))
    }

    /// The bytes of the members `names` of the (gzipped) tar archive at `archivePath`.
    private static func extract(_ names: [String], from archivePath: String, maxArchiveBytes: Int) throws(DatasetError)
        -> [(bytes: [UInt8], source: String)]
    {
        var archive = try DataFiles.read(archivePath)
        if Gzip.isGzip(archive) {
            archive = try Gzip.decompress(
                archive, source: archivePath, limit: maxArchiveBytes,
                excess: "it decompresses to more than \(maxArchiveBytes) bytes, far more than a CIFAR archive holds")
        }
        let members = try Tar.members(archive, source: archivePath)
        return try names.map { (name) throws(DatasetError) in
            guard let member = members.first(where: { $0.name == name || $0.name.hasSuffix("/" + name) }) else {
                throw .corruptFile(path: archivePath, reason: "the archive has no member \(name)")
            }
            return (Array(archive[member.range]), archivePath + ":" + member.name)
        }
    }

    /// Appends the records of one batch file to `pixels` and `labels`.
    static func decode(
        _ bytes: [UInt8], labelBytes: Int, labelIndex: Int, source: String, pixels: inout [Float],
        labels: inout [Int64]
    ) throws(DatasetError) {
        let recordSize = labelBytes + imageBytes
        guard bytes.count % recordSize == 0 else {
            throw .corruptFile(
                path: source,
                reason: "\(bytes.count) bytes is not a whole number of \(recordSize)-byte CIFAR records (truncated file?)")
        }
        let count = bytes.count / recordSize
        pixels.reserveCapacity(pixels.count + count * imageBytes)
        labels.reserveCapacity(labels.count + count)
        for r in 0..<count {
            let start = r * recordSize
            labels.append(Int64(bytes[start + labelIndex]))
            pixels.append(contentsOf: bytes[(start + labelBytes)..<(start + recordSize)].lazy.map { Float($0) })
        }
    }
}
