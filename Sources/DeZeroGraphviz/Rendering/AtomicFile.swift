#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Atomic whole-file writes with POSIX calls: the bytes go to a new temporary file in the target's
/// directory, which then replaces the target by `rename`.
enum AtomicFile {
    /// Writes `bytes` to `path`. On failure the temporary file is removed and a previous file at
    /// `path` is untouched.
    static func write(_ bytes: [UInt8], to path: String) throws(GraphvizError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw .writeFailed(path: path, detail: "the path names a directory") }

        var fd: Int32 = -1
        var temporary = ""
        for _ in 0..<16 {
            temporary = "\(directory).\(name).\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw .writeFailed(path: path, detail: "cannot create a file in '\(directory.isEmpty ? "." : directory)': \(errnoMessage())")
        }
        var failure: String? = nil
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + done, min(buffer.count - done, 1 << 30))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoMessage()
                    return
                }
                done += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = errnoMessage() }
        if close(fd) != 0 && failure == nil { failure = errnoMessage() }
        if failure == nil && rename(temporary, path) != 0 { failure = "cannot replace the file: \(errnoMessage())" }
        if let failure {
            unlink(temporary)
            throw .writeFailed(path: path, detail: failure)
        }
    }

    /// The message of the current `errno`.
    private static func errnoMessage() -> String { String(cString: strerror(errno)) }
}

/// POSIX `write`, under a name that does not clash with ``AtomicFile/write(_:to:)``.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
