/// Why a compiled program could not be exported, loaded, run or saved. Every problem of an
/// export folder names the file (its path) and, where there is one, the entry in it: a binding,
/// a manifest key, an array of `state.npz`.
public enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The compiled function has no program yet (it traces on its second call).
    case nothingToExport(function: String)
    /// A host binding the export cannot save so that it runs the same elsewhere.
    case unsupportedBinding(name: String, reason: String)
    /// The folder is missing, not a folder, or lacks one of its files.
    case missingFile(path: String)
    /// A file could not be read (permissions, an I/O error, too large).
    case unreadable(path: String, detail: String)
    /// The manifest's format version is newer than this DeZero reads.
    case newerFormat(path: String, version: Int, supported: Int)
    /// A file is damaged or does not fit the others: bad JSON, a truncated or corrupt archive,
    /// a checksum or size that differs from the manifest's, a manifest entry that does not
    /// match the program. `entry` names the key, binding or array when there is one.
    case corrupt(path: String, entry: String?, detail: String)
    /// `program.ir` does not parse or verify: the place and the parser's message.
    case invalidProgram(path: String, line: Int, column: Int, message: String)
    /// `state.npz` lacks the array of a state binding the program loads.
    case missingState(path: String, entry: String)
    /// An array of `state.npz` has another type than its binding declares.
    case stateMismatch(path: String, entry: String, expected: TensorType, found: TensorType)
    /// ``CompiledProgram/run(_:)`` was given inputs that do not fit the program's arguments.
    case inputMismatch(program: String, detail: String)
    /// The folder could not be written; a previous folder at `path` is left as it was.
    case writeFailed(path: String, detail: String)

    /// A one-line message naming the file, the entry and what is wrong.
    public var description: String {
        switch self {
        case .nothingToExport(let function):
            "compiled function '\(function)' has no program to export yet: call it twice (the second call traces) before exporting"
        case .unsupportedBinding(let name, let reason):
            "cannot export the host binding @\(name): \(reason)"
        case .missingFile(let path):
            "\(path): no such file in the exported program's folder"
        case .unreadable(let path, let detail):
            "\(path): cannot read: \(detail)"
        case .newerFormat(let path, let version, let supported):
            "\(path): format version \(version) is newer than this DeZero reads (up to \(supported)); use a newer DeZero"
        case .corrupt(let path, let entry, let detail):
            "\(path)" + (entry.map { ": \($0)" } ?? "") + ": \(detail)"
        case .invalidProgram(let path, let line, let column, let message):
            "\(path):\(line):\(column): \(message)"
        case .missingState(let path, let entry):
            "\(path): no array '\(entry)', which the program loads"
        case .stateMismatch(let path, let entry, let expected, let found):
            "\(path): array '\(entry)' is \(found); the program's binding is \(expected)"
        case .inputMismatch(let program, let detail):
            "@\(program): \(detail)"
        case .writeFailed(let path, let detail):
            "cannot write \(path): \(detail)"
        }
    }
}
