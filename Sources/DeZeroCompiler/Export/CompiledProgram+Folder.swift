import DeZeroArray
import Foundation

extension CompiledProgram {
    /// The manifest's file name in an export folder.
    public static let manifestFile = "manifest.json"
    /// The IR text's file name.
    public static let programFile = "program.ir"
    /// The state archive's file name.
    public static let stateFile = "state.npz"
    /// The largest manifest read (a manifest is a few kilobytes).
    static let manifestLimit = 16 << 20

    /// Reads the exported program in `folder` and prepares it with `executor`.
    ///
    /// - Throws: ``ExportError``, naming the file and entry: a missing folder or file, a
    ///   manifest that is not JSON or lacks a key, a newer format version, a file whose size or
    ///   checksum differs from the manifest's (truncated, damaged, edited), IR that does not parse
    ///   or verify, a damaged archive, a missing array or one of another dtype or shape.
    public static func load(_ folder: String, executor: any Executor = Interpreter()) throws(ExportError) -> CompiledProgram {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFile(path: folder)
        }
        let manifestPath = path(folder, manifestFile)
        let manifest = try decodeManifest(readFile(manifestPath, limit: manifestLimit), path: manifestPath)

        let programPath = try path(folder, manifest.files.program, entry: "files.program", manifestPath: manifestPath)
        let text = try checkedFile(programPath, manifest.files.program)
        guard let source = String(bytes: text, encoding: .utf8) else {
            throw .corrupt(path: programPath, entry: nil, detail: "not UTF-8 text")
        }
        let program: Program
        do {
            let (parsed, lines) = try ProgramParser.parseWithLines(source)
            try Verifier.verify(parsed, lines: lines)
            program = parsed
        } catch {
            throw .invalidProgram(path: programPath, line: error.line, column: error.column, message: error.message)
        }

        let statePath = try path(folder, manifest.files.state, entry: "files.state", manifestPath: manifestPath)
        _ = try checkedFile(statePath, manifest.files.state)
        var state: [String: NDArray] = [:]
        do {
            for (name, array) in try NPZ.load(statePath) {
                guard state.updateValue(array, forKey: name) == nil else {
                    throw ExportError.corrupt(path: statePath, entry: name, detail: "the archive holds two arrays of this name")
                }
            }
        } catch let error as ExportError {
            throw error
        } catch {
            throw .corrupt(path: statePath, entry: nil, detail: "\(error)")
        }
        return try CompiledProgram(
            program: program, manifest: manifest, state: state, executor: executor, manifestPath: manifestPath,
            statePath: statePath, programPath: programPath)
    }

    /// Writes the program, its state as it stands now and a manifest into `folder`, which is
    /// replaced as a whole: the files go to a new folder beside it, flushed to the disk, which
    /// then takes its place in one step where the system can exchange two folders (Linux's
    /// `renameat2` with `RENAME_EXCHANGE`), so a reader finds the old folder or the new one,
    /// never a mix and never none; elsewhere the old folder is moved aside and the new one in
    /// (for that instant, none). The old folder is then removed. A folder that holds files other
    /// than an export's is not replaced.
    ///
    /// - Throws: ``ExportError/writeFailed(path:detail:)``; the folder is then as it was.
    public func save(to folder: String) throws(ExportError) {
        let text = Array(program.text().utf8)
        let arrays = state
        let stateArrays = program.bindings.compactMap { b in b.kind == .state ? arrays[b.name].map { (b.name, $0) } : nil }
        try Self.replaceFolder(folder) { (temporary: String) throws(ExportError) in
            try Self.writeFile(text, to: Self.path(temporary, Self.programFile), folder: folder)
            try FolderSwap.fault(folder, .afterProgram)
            let statePath = Self.path(temporary, Self.stateFile)
            do {
                try NPZ.save(stateArrays.map { (name: $0.0, array: $0.1) }, to: statePath)
            } catch {
                throw .writeFailed(path: folder, detail: "\(error)")
            }
            FolderSwap.synchronize(statePath)
            try FolderSwap.fault(folder, .afterState)
            let stateBytes = try Self.readFile(statePath, limit: Int.max)
            let files = ExportManifest.Files(
                program: .init(name: Self.programFile, bytes: text.count, crc32: Zlib.crc32(text)),
                state: .init(name: Self.stateFile, bytes: stateBytes.count, crc32: Zlib.crc32(stateBytes)))
            let json: Data
            do {
                json = try Self.encoder.encode(currentManifest(files: files))
            } catch {
                throw .writeFailed(path: folder, detail: "cannot encode the manifest: \(error)")
            }
            try Self.writeFile(Array(json) + [UInt8(ascii: "\n")], to: Self.path(temporary, Self.manifestFile), folder: folder)
        }
    }

    // MARK: - Reading

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// The format and version alone, read before the rest (a newer version may differ in it).
    private struct Header: Decodable {
        var formatVersion: Int
    }

    /// The manifest in `bytes`; `path` names it in errors.
    static func decodeManifest(_ bytes: [UInt8], path: String) throws(ExportError) -> ExportManifest {
        let data = Data(bytes)
        do {
            let header = try decoder.decode(Header.self, from: data)
            if header.formatVersion > ExportManifest.currentVersion {
                throw ExportError.newerFormat(path: path, version: header.formatVersion, supported: ExportManifest.currentVersion)
            }
            return try decoder.decode(ExportManifest.self, from: data)
        } catch let error as ExportError {
            throw error
        } catch let error as DecodingError {
            throw describe(error, path: path)
        } catch {
            throw .corrupt(path: path, entry: nil, detail: "\(error)")
        }
    }

    /// A decoding error as the manifest's key path and what was wrong there.
    private static func describe(_ error: DecodingError, path: String) -> ExportError {
        func keyPath(_ context: DecodingError.Context, _ last: CodingKey? = nil) -> String? {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            guard !keys.isEmpty else { return nil }
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .corrupt(path: path, entry: keyPath(context, key), detail: "missing")
        case .typeMismatch(let type, let context):
            return .corrupt(path: path, entry: keyPath(context), detail: "expected \(type)")
        case .valueNotFound(let type, let context):
            return .corrupt(path: path, entry: keyPath(context), detail: "expected \(type), found null")
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0.localizedDescription)" } ?? ""
            return .corrupt(path: path, entry: keyPath(context), detail: "not valid JSON (\(context.debugDescription)\(underlying))")
        @unknown default:
            return .corrupt(path: path, entry: nil, detail: "\(error)")
        }
    }

    /// `folder/name`.
    static func path(_ folder: String, _ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    /// The path of a file the manifest names: a plain name inside the folder.
    private static func path(_ folder: String, _ file: ExportManifest.FileEntry, entry: String, manifestPath: String) throws(ExportError) -> String {
        guard !file.name.isEmpty, !file.name.contains("/"), !file.name.hasPrefix(".") else {
            throw .corrupt(path: manifestPath, entry: entry, detail: "'\(file.name)' is not a file name in the folder")
        }
        return path(folder, file.name)
    }

    /// The bytes of `path`, checked against the manifest's size and checksum when it has them.
    private static func checkedFile(_ path: String, _ entry: ExportManifest.FileEntry) throws(ExportError) -> [UInt8] {
        let bytes = try readFile(path, limit: Int.max)
        if let expected = entry.bytes, bytes.count != expected {
            throw .corrupt(
                path: path, entry: nil,
                detail: "\(bytes.count) bytes where the manifest says \(expected) (\(bytes.count < expected ? "truncated" : "changed since it was written"))")
        }
        if let expected = entry.crc32, Zlib.crc32(bytes) != expected {
            throw .corrupt(
                path: path, entry: nil,
                detail: "its CRC-32 differs from the manifest's: the file is damaged, or was edited (to load an edited file, remove its \"crc32\" and \"bytes\" from the manifest)")
        }
        return bytes
    }

    /// The bytes of the file at `path`, at most `limit` of them.
    static func readFile(_ path: String, limit: Int) throws(ExportError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missingFile(path: path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, detail: "a folder, not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path, detail: "permission denied") }
        defer { try? handle.close() }
        do {
            let size = try handle.seekToEnd()
            guard size <= UInt64(limit) else { throw ExportError.unreadable(path: path, detail: "\(size) bytes, more than the \(limit) expected") }
            try handle.seek(toOffset: 0)
            return Array(try handle.readToEnd() ?? Data())
        } catch let error as ExportError {
            throw error
        } catch {
            throw .unreadable(path: path, detail: error.localizedDescription)
        }
    }

    // MARK: - Writing

    /// Writes `bytes` to a new file at `path` and flushes it to the disk.
    private static func writeFile(_ bytes: [UInt8], to path: String, folder: String) throws(ExportError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)), let handle = FileHandle(forUpdatingAtPath: path) else {
            throw .writeFailed(path: folder, detail: "cannot create \(path)")
        }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .writeFailed(path: folder, detail: "\(path): \(error.localizedDescription)")
        }
    }

    /// Fills a new folder beside `folder` with `body`, then puts it in `folder`'s place: by
    /// exchanging the two (``FolderSwap/exchange(_:_:)``, atomic) where the system can, else by
    /// moving the old folder aside and the new one in. The old folder is removed after.
    private static func replaceFolder(_ folder: String, _ body: (String) throws(ExportError) -> Void) throws(ExportError) {
        let manager = FileManager.default
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = url.deletingLastPathComponent().path, name = url.lastPathComponent
        guard !name.isEmpty, name != "/" else { throw .writeFailed(path: folder, detail: "not a folder name") }
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else { throw .writeFailed(path: folder, detail: "a file that is not a folder is in the way") }
            let known: Set = [manifestFile, programFile, stateFile]
            let others = ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).filter { !known.contains($0) }.sorted()
            guard others.isEmpty else {
                throw .writeFailed(
                    path: folder,
                    detail: "the folder holds files that are not an exported program's (\(others.prefix(3).joined(separator: ", "))); not replacing it")
            }
        }
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temporary = path(parent, ".\(name).\(suffix).tmp"), old = path(parent, ".\(name).\(suffix).old")
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try manager.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw .writeFailed(path: folder, detail: error.localizedDescription)
        }
        do {
            try body(temporary)
            FolderSwap.synchronize(temporary)
            try FolderSwap.fault(folder, .beforeSwap)
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw error
        }
        if exists {
            switch FolderSwap.exchange(temporary, url.path) {
            case .exchanged:
                // The old folder is at `temporary` now.
                try? manager.removeItem(atPath: temporary)
                FolderSwap.synchronize(parent)
                return
            case .failed(let message):
                try? manager.removeItem(atPath: temporary)
                throw .writeFailed(path: folder, detail: "cannot exchange the new folder with the old one: \(message)")
            case .unsupported:
                break
            }
            if rename(url.path, old) != 0 {
                let message = String(cString: strerror(errno))
                try? manager.removeItem(atPath: temporary)
                throw .writeFailed(path: folder, detail: "cannot move the old folder aside: \(message)")
            }
        }
        var failure: String?
        do {
            try FolderSwap.fault(folder, .betweenRenames)
            if rename(temporary, url.path) != 0 { failure = "cannot move the new folder in place: " + String(cString: strerror(errno)) }
        } catch {
            guard case .writeFailed(_, let detail) = error else { throw error }
            failure = detail
        }
        if let failure {
            if exists { _ = rename(old, url.path) }
            try? manager.removeItem(atPath: temporary)
            throw .writeFailed(path: folder, detail: failure)
        }
        if exists { try? manager.removeItem(atPath: old) }
        FolderSwap.synchronize(parent)
    }
}
