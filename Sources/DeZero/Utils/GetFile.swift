import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why ``getFile(_:fileName:cacheDirectory:)`` could not provide a file.
public enum DownloadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text is not an `http`, `https` or `file` URL.
    case invalidURL(String)
    /// The download failed: no network, an unreachable host, an HTTP error status, ...
    case failed(url: String, detail: String)
    /// The cache directory or the file in it could not be created.
    case cacheUnwritable(path: String, detail: String)

    /// A one-line message naming the URL or path.
    public var description: String {
        switch self {
        case .invalidURL(let text):
            "Not a downloadable URL: '\(text)'"
        case .failed(let url, let detail):
            "Cannot download '\(url)': \(detail). Without network access, download the file elsewhere "
                + "and pass its local path, or put it into the cache directory"
        case .cacheUnwritable(let path, let detail):
            "Cannot write the cache file '\(path)': \(detail)"
        }
    }
}

/// The directory downloaded files are kept in: `~/.dezero`, the one the Python DeZero uses, so
/// both share what either downloaded.
public var dezeroCacheDirectory: String {
    (NSHomeDirectory() as NSString).appendingPathComponent(".dezero")
}

/// The local path of the file at `url`, downloading it into `cacheDirectory` unless it is there
/// already (DeZero's `utils.get_file`).
///
/// `fileName` defaults to the last component of the URL. The download goes to a temporary file
/// that is renamed into place only when complete, so an interrupted download leaves nothing
/// behind.
///
/// - Throws: ``DownloadError``.
public func getFile(_ url: String, fileName: String? = nil, cacheDirectory: String = dezeroCacheDirectory) throws(DownloadError)
    -> String
{
    guard let remote = URL(string: url), let scheme = remote.scheme?.lowercased(),
        ["http", "https", "file"].contains(scheme), !remote.lastPathComponent.isEmpty
    else { throw .invalidURL(url) }
    let name = fileName ?? remote.lastPathComponent
    let path = (cacheDirectory as NSString).appendingPathComponent(name)
    if FileManager.default.fileExists(atPath: path) { return path }
    do {
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
    } catch {
        throw .cacheUnwritable(path: cacheDirectory, detail: error.localizedDescription)
    }
    let partial = (cacheDirectory as NSString).appendingPathComponent(".\(name).\(UUID().uuidString).partial")
    defer { try? FileManager.default.removeItem(atPath: partial) }
    try download(remote, to: partial)
    do {
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    } catch {
        if FileManager.default.fileExists(atPath: path) { return path }  // another process won the race
        throw .cacheUnwritable(path: path, detail: error.localizedDescription)
    }
    return path
}

/// The outcome of a download, handed from URLSession's queue to the waiting caller.
private final class DownloadOutcome: @unchecked Sendable {
    var error: DownloadError?
}

/// Downloads `url` to the new file `destination`, waiting for the transfer to end.
private func download(_ url: URL, to destination: String) throws(DownloadError) {
    let outcome = DownloadOutcome()
    let done = DispatchSemaphore(value: 0)
    let request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 60)
    let task = URLSession.shared.downloadTask(with: request) { location, response, error in
        defer { done.signal() }
        if let error {
            outcome.error = .failed(url: url.absoluteString, detail: error.localizedDescription)
            return
        }
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            outcome.error = .failed(url: url.absoluteString, detail: "HTTP status \(http.statusCode)")
            return
        }
        guard let location else {
            outcome.error = .failed(url: url.absoluteString, detail: "no data received")
            return
        }
        do {
            try FileManager.default.moveItem(at: location, to: URL(fileURLWithPath: destination))
        } catch {
            outcome.error = .cacheUnwritable(path: destination, detail: error.localizedDescription)
        }
    }
    task.resume()
    done.wait()
    if let error = outcome.error { throw error }
}

extension Layer {
    /// Loads weights from a local `.npz` path, or from an `http(s)://` or `file://` URL whose file
    /// is downloaded once into `cacheDirectory` (see ``getFile(_:fileName:cacheDirectory:)``).
    /// The pretrained models use it.
    ///
    /// - Throws: ``DownloadError``, `NDArrayIOError` or ``WeightsError``.
    public func loadWeights(source: String, cacheDirectory: String = dezeroCacheDirectory) throws {
        let lowered = source.lowercased()
        let isURL = ["http://", "https://", "file://"].contains { lowered.hasPrefix($0) }
        try loadWeights(isURL ? getFile(source, cacheDirectory: cacheDirectory) : source)
    }
}
