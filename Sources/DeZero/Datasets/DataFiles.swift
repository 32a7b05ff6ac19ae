import Foundation

/// Where datasets keep their files: DeZero's `cache_dir` (`~/.dezero`) and `get_file`.
///
/// Each dataset that needs files takes a `dataDirectory` (the `--data-dir` of a command line);
/// `nil` means ``defaultDirectory``. A file already there is used as is; a missing one is
/// downloaded into it (with a ``ProgressBar`` on a terminal) unless downloading is turned off.
public enum DataFiles {
    /// The environment variable that overrides the default data directory.
    public static let directoryEnvironmentVariable = "DEZERO_DATA_DIR"

    /// `$DEZERO_DATA_DIR` when set, otherwise `~/.dezero` as in DeZero.
    public static var defaultDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[directoryEnvironmentVariable], !path.isEmpty { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".dezero")
    }

    /// `name` inside `directory` (or ``defaultDirectory`` when `nil`).
    public static func path(_ name: String, in directory: String?) -> String {
        ((directory ?? defaultDirectory) as NSString).appendingPathComponent(name)
    }

    /// Whether a regular file (not a directory) exists at `path`.
    public static func fileExists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Every byte of the file at `path`.
    public static func read(_ path: String) throws(DatasetError) -> [UInt8] {
        guard fileExists(path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw .readFailed(path: path, reason: "it is a directory")
            }
            throw .fileNotFound(path: path, url: nil)
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .readFailed(path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// Runs `body`, which reads the files at `paths` that ``getFile(_:fileName:directory:download:timeout:)``
    /// provided: a corrupt one is best replaced by a fresh download, and its error then says so.
    /// A file read any other way (``IDX/load(_:dtype:)`` of the user's own path) gets no such advice.
    static func readingDownloads<T>(_ paths: [String], _ body: () throws(DatasetError) -> T) throws(DatasetError) -> T {
        do {
            return try body()
        } catch {
            guard case .corruptFile(let path, let reason) = error,
                paths.contains(where: { path == $0 || path.hasPrefix($0 + ":") })
            else { throw error }
            throw .corruptFile(path: path, reason: reason + ". Delete it to download it again")
        }
    }

    /// Creates `directory` (and its parents) unless it exists.
    static func makeDirectory(_ directory: String) throws(DatasetError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: directory, reason: "cannot create the data directory (\(error.localizedDescription))")
        }
    }
}

/// The path of `url`'s file in the data directory, downloading it first when it is missing:
/// DeZero's `utils.get_file`. The file is named `fileName`, by default the last component of
/// `url`.
///
/// - Parameters:
///   - url: where to download the file from.
///   - fileName: the file's name in the data directory; `nil` is the last component of `url`.
///   - directory: the data directory; `nil` is ``DataFiles/defaultDirectory``.
///   - download: when `false`, a missing file throws ``DatasetError/fileNotFound(path:url:)``
///     instead of going to the network.
///   - timeout: seconds to wait for the server before giving up.
/// - Throws: ``DatasetError/downloadFailed(url:destination:reason:)`` when the download fails
///   (its message says where to put the file by hand); nothing is left at the destination then.
public func getFile(
    _ url: String, fileName: String? = nil, directory: String? = nil, download: Bool = true,
    timeout: Double = 30
) throws(DatasetError) -> String {
    let name = fileName ?? String(url[url.index(after: url.lastIndex(of: "/") ?? url.startIndex)...])
    require(!name.isEmpty, "getFile: cannot name the file of \(url); pass fileName")
    let target = DataFiles.path(name, in: directory)
    if DataFiles.fileExists(target) { return target }
    guard download else { throw .fileNotFound(path: target, url: url) }
    try DataFiles.makeDirectory((target as NSString).deletingLastPathComponent)
    try Downloader.download(url, to: target, timeout: timeout)
    return target
}
