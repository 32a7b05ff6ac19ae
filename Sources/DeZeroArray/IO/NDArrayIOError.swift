/// Why reading or writing an `.npy` or `.npz` file failed.
///
/// Every reader in this module reports damaged input with one of these errors; none of them traps
/// on a truncated or corrupt file. `path` is the file's path, `"<npy data>"` for bytes handed to
/// ``NDArray/init(npyData:)``, or `"archive.npz:member.npy"` for a member of an archive.
public enum NDArrayIOError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No file exists at `path`.
    case fileNotFound(path: String)
    /// The file exists but could not be read (permissions, a directory, an I/O error).
    case readFailed(path: String, detail: String)
    /// The file ends before the data its headers announce.
    case truncated(path: String, detail: String)
    /// The file is not a valid `.npy`/`.npz` file: bad magic, malformed header, bad checksum, ...
    case corrupt(path: String, detail: String)
    /// The file (or `.npz` member) at `path` stores a NumPy dtype that ``DType`` cannot hold
    /// (objects, strings, records, ...). `descr` is the dtype as the file spells it, e.g. `'|O'`
    /// or `'<U3'`.
    case unsupportedDType(path: String, descr: String)
    /// The file declares an array or a member larger than this machine's memory (`detail` says
    /// how large); nothing that size was allocated.
    case tooLarge(path: String, detail: String)
    /// The file could not be written; any previous file at `path` is left untouched.
    case writeFailed(path: String, detail: String)

    /// A one-line message naming the file and what went wrong.
    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "No such file: '\(path)'"
        case .readFailed(let path, let detail):
            "Cannot read '\(path)': \(detail)"
        case .truncated(let path, let detail):
            "Truncated file '\(path)': \(detail)"
        case .corrupt(let path, let detail):
            "Corrupt file '\(path)': \(detail)"
        case .unsupportedDType(let path, let descr):
            "Unsupported NumPy dtype \(descr) in '\(path)': only bool, integer and float arrays can be loaded; "
                + "convert the array in NumPy (e.g. a.astype(np.float64)) and save it again"
        case .tooLarge(let path, let detail):
            "File '\(path)' is too large to load: \(detail)"
        case .writeFailed(let path, let detail):
            "Cannot write '\(path)': \(detail)"
        }
    }
}
