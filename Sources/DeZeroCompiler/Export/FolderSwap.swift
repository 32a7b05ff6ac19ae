import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The file-system steps of replacing an export folder: an atomic exchange of two folders where
/// the system has one, flushing, and the faults tests inject.
enum FolderSwap {
    /// What ``exchange(_:_:)`` did.
    enum Outcome: Equatable {
        /// The two paths swapped their folders, atomically.
        case exchanged
        /// The system cannot exchange here (no `renameat2`, a file system without
        /// `RENAME_EXCHANGE`, another system): nothing changed.
        case unsupported
        /// The exchange failed for another reason (`errno`'s message): nothing changed.
        case failed(String)
    }

    /// Swaps the folders at `a` and `b` in one step (Linux: `renameat2(2)` with
    /// `RENAME_EXCHANGE`, looked up in the C library at run time, since Swift's Glibc module
    /// does not declare it; glibc has it from 2.28, the kernel from 3.15).
    static func exchange(_ a: String, _ b: String) -> Outcome {
        if forceUnsupported.withLock({ $0.contains(b) }) { return .unsupported }
        #if os(Linux)
            guard let renameat2 = renameat2 else { return .unsupported }
            if renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0 { return .exchanged }
            let code = errno
            // No such system call, or a file system (or sandbox) that cannot exchange.
            if code == ENOSYS || code == EINVAL || code == ENOTSUP || code == EPERM { return .unsupported }
            return .failed(String(cString: strerror(code)))
        #else
            return .unsupported
        #endif
    }

    #if os(Linux)
        private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
        private static let renameExchange: UInt32 = 1 << 1
        /// The C library's `renameat2`, when it has one.
        private static let renameat2: RenameAt2? = {
            guard let library = dlopen(nil, RTLD_NOW), let symbol = dlsym(library, "renameat2") else { return nil }
            return unsafeBitCast(symbol, to: RenameAt2.self)
        }()
    #endif

    /// Flushes the file or folder at `path` to the disk (a folder: its entries), as far as the
    /// system lets; errors are ignored (the data is written, only its durability is at stake).
    static func synchronize(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    // MARK: - Faults (tests)

    /// Where a test can make a save fail.
    enum Stage: Sendable, Equatable {
        /// `program.ir` is written into the new folder.
        case afterProgram
        /// `state.npz` is written too.
        case afterState
        /// All three files are written; the old folder is untouched.
        case beforeSwap
        /// Without an exchange: the old folder is moved aside, the new one not yet in.
        case betweenRenames
    }

    /// The injected failures: a save to the folder at the path fails at the stage.
    static let faults = Mutex<[String: Stage]>([:])
    /// The folders (by path) for which ``exchange(_:_:)`` says it is unsupported.
    static let forceUnsupported = Mutex<Set<String>>([])

    /// Throws the failure injected for `folder` at `stage`, if any.
    static func fault(_ folder: String, _ stage: Stage) throws(ExportError) {
        let path = URL(fileURLWithPath: folder).standardizedFileURL.path
        if faults.withLock({ $0[path] == stage }) {
            throw .writeFailed(path: folder, detail: "injected failure (\(stage))")
        }
    }
}
