/// Why a dataset's files could not be found, downloaded or read. Every case's description says
/// what went wrong, where, and what to do about it.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A data file is not in the data directory and downloading was turned off.
    case fileNotFound(path: String, url: String?)
    /// Downloading `url` to `destination` failed (no network, HTTP error, ...).
    case downloadFailed(url: String, destination: String, reason: String)
    /// A file exists but could not be read.
    case readFailed(path: String, reason: String)
    /// A file could not be written (the data directory is not writable, the disk is full).
    case writeFailed(path: String, reason: String)
    /// A file's contents are not what its format requires: truncated, bad magic number,
    /// broken compression, sizes that disagree. For a file ``getFile(_:fileName:directory:download:timeout:)``
    /// provided, `reason` ends by saying to delete it so that it is downloaded again.
    case corruptFile(path: String, reason: String)

    /// A sentence for people.
    public var description: String {
        switch self {
        case .fileNotFound(let path, let url):
            let fetch = url.map { " Download \($0) and put it there," } ?? " Put the file there,"
            return "data file not found: \(path).\(fetch) or pass a data directory that holds it."
        case .downloadFailed(let url, let destination, let reason):
            return "cannot download \(url): \(reason). Without network access, download the file elsewhere "
                + "and put it at \(destination) (or pass a data directory that holds it)."
        case .readFailed(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .corruptFile(let path, let reason):
            return "\(path) is not a valid data file: \(reason)."
        }
    }
}
