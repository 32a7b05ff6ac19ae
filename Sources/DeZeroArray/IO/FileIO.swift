#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Whole-file reads and atomic whole-file writes with POSIX calls, reporting failures as
/// ``NDArrayIOError``.
enum FileIO {
    /// The message of the current `errno`.
    static func errnoMessage(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// The bytes of physical memory: a file declaring more than this cannot be loaded, and its
    /// allocation would abort the process instead of throwing.
    static let physicalMemory: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return Int.max }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : bytes
    }()

    /// Throws ``NDArrayIOError/tooLarge(path:detail:)`` unless `bytes` fit in physical memory.
    static func checkFitsInMemory(_ bytes: Int, _ what: @autoclosure () -> String, path: String) throws(NDArrayIOError) {
        guard bytes <= physicalMemory else {
            throw .tooLarge(
                path: path, detail: "\(what()) needs \(bytes) bytes, more than the \(physicalMemory) bytes of memory")
        }
    }

    /// Every byte of the file at `path`.
    static func readAll(_ path: String) throws(NDArrayIOError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw .fileNotFound(path: path) }
            throw .readFailed(path: path, detail: errnoMessage(code))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .readFailed(path: path, detail: errnoMessage()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .readFailed(path: path, detail: (info.st_mode & S_IFMT) == S_IFDIR ? "is a directory" : "not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let n = read(fd, buffer.baseAddress! + filled, min(buffer.count - filled, 1 << 30))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }  // the file shrank while we read it
                filled += n
            }
        }
        if failure != 0 { throw .readFailed(path: path, detail: errnoMessage(failure)) }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// Writes a file atomically: `body` writes into a new temporary file in the same directory,
    /// which then replaces `path` by `rename`; the directory is then synced so that the rename
    /// survives a power loss. If anything fails (including `body` throwing) the temporary file is
    /// removed, the error is rethrown and a previous file at `path` is untouched. A replaced
    /// file's permission bits carry over to the new one.
    ///
    /// A writer killed outright (`kill -9`) cannot remove its temporary file: each write holds an
    /// exclusive `flock` on its own, and removes the unlocked (stale) temporaries of the same
    /// target it finds, so they do not pile up. Writers still running keep theirs.
    static func writeAtomically(to path: String, _ body: (FileSink) throws -> Void) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw NDArrayIOError.writeFailed(path: path, detail: "the path names a directory") }

        var fd: Int32 = -1
        var temporary = ""
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            temporary = "\(directory).\(name).\(suffix).tmp"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd < 0 && errno == EEXIST { continue }
            if fd < 0 { break }
            _ = flock(fd, LOCK_EX)  // released by the kernel however this process ends
            // Another writer may have taken it for stale before the lock: then start again.
            if isSameFile(fd, temporary) { break }
            close(fd)
            fd = -1
        }
        if fd >= 0 { removeStaleTemporaries(of: name, in: directory, keeping: temporary) }
        guard fd >= 0 else {
            throw NDArrayIOError.writeFailed(
                path: path,
                detail: "cannot create a temporary file in '\(directory.isEmpty ? "." : directory)': \(errnoMessage())")
        }
        let sink = FileSink(fd: fd, path: path)
        do {
            var old = stat()
            if stat(path, &old) == 0 && (old.st_mode & S_IFMT) == S_IFREG {
                _ = fchmod(fd, old.st_mode & 0o7777)
            }
            try body(sink)
            guard fsync(fd) == 0 else { throw NDArrayIOError.writeFailed(path: path, detail: errnoMessage()) }
            let closed = close(fd)
            sink.fd = -1
            guard closed == 0 else { throw NDArrayIOError.writeFailed(path: path, detail: errnoMessage()) }
            guard rename(temporary, path) == 0 else {
                throw NDArrayIOError.writeFailed(path: path, detail: "cannot replace the file: \(errnoMessage())")
            }
            syncDirectory(directory)
        } catch {
            if sink.fd >= 0 { close(sink.fd) }
            unlink(temporary)
            throw error
        }
    }
}

extension FileIO {
    /// Whether `file` is a temporary file of an atomic write of `name`: `.NAME.SUFFIX.tmp`.
    static func isTemporary(_ file: String, of name: String) -> Bool {
        let prefix = ".\(name).", suffix = ".tmp"
        guard file.hasPrefix(prefix), file.hasSuffix(suffix), file.count > prefix.count + suffix.count else { return false }
        let middle = file.dropFirst(prefix.count).dropLast(suffix.count)
        return middle.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Removes the temporaries of `name` in `directory` (a path ending in `/`, or empty for the
    /// current directory) that no live writer holds locked, except `keeping`.
    static func removeStaleTemporaries(of name: String, in directory: String, keeping: String) {
        guard let dir = opendir(directory.isEmpty ? "." : directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let file = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let candidate = directory + file
            guard isTemporary(file, of: name), candidate != keeping else { continue }
            let fd = open(candidate, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            // A lock we can take is one nobody holds: its writer is gone.
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(candidate) }
            close(fd)
        }
    }

    /// Whether `path` still names the file open as `fd`.
    static func isSameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        return fstat(fd, &open) == 0 && stat(path, &named) == 0 && open.st_ino == named.st_ino && open.st_dev == named.st_dev
    }

    /// Syncs `directory` (empty for the current one) so that a rename in it is durable. Best
    /// effort: some file systems refuse to sync directories, and the file itself is complete.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// The open temporary file an atomic write goes to.
final class FileSink {
    /// The descriptor, or -1 once closed.
    fileprivate(set) var fd: Int32
    /// The final path, for error messages.
    let path: String
    /// How many bytes have been written (the offset of the next byte).
    private(set) var offset = 0

    fileprivate init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(NDArrayIOError) {
        try write(bytes, at: nil)
        offset += bytes.count
    }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws(NDArrayIOError) {
        let failure: NDArrayIOError? = bytes.withUnsafeBytes { raw in
            do throws(NDArrayIOError) { try write(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Overwrites bytes already written, starting at `position`, without moving the end.
    func overwrite(_ bytes: [UInt8], at position: Int) throws(NDArrayIOError) {
        precondition(position >= 0 && position + bytes.count <= offset)
        let failure: NDArrayIOError? = bytes.withUnsafeBytes { raw in
            do throws(NDArrayIOError) { try write(raw, at: position) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at position: Int?) throws(NDArrayIOError) {
        var done = 0
        while done < bytes.count {
            let chunk = min(bytes.count - done, 1 << 30)
            let n =
                if let position {
                    pwrite(fd, bytes.baseAddress! + done, chunk, off_t(position + done))
                } else {
                    systemWrite(fd, bytes.baseAddress! + done, chunk)
                }
            if n < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, detail: FileIO.errnoMessage())
            }
            done += n
        }
    }
}

/// POSIX `write`, under a name `FileSink`'s own `write` methods do not shadow.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
