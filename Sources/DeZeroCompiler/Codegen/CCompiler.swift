import CKernels
import Foundation
import Synchronization

/// Builds generated C into shared libraries with the C compiler that ships with the Swift
/// toolchain (clang), as MLX and tinygrad do, and loads them with `dlopen`. Libraries are
/// cached on disk by a hash of the source, the flags and the compiler, so a program compiled
/// once starts without the compiler next time, and in memory for the process.
///
/// The compiler is `DEZERO_CC` when set (`none` turns code generation off), else `clang`, else
/// `cc` on `PATH`. The cache is `DEZERO_KERNEL_CACHE`, else `$XDG_CACHE_HOME/dezero/kernels`,
/// else `~/.cache/dezero/kernels`.
public final class CCompiler: Sendable {
    /// The compiler every executor shares.
    public static let shared = CCompiler()

    /// The compiler's path, nil when there is none.
    public let path: String?
    /// The folder of cached libraries.
    public let cacheDirectory: URL
    /// The flags: optimized, position independent, and no floating-point contraction or
    /// reassociation (the generated code must round as the eager kernels round).
    public let flags: [String]

    private let loaded = Mutex<[UInt64: KernelLibrary]>([:])

    /// A compiler found as described above.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = CCompiler.find(environment)
        if let dir = environment["DEZERO_KERNEL_CACHE"], !dir.isEmpty {
            cacheDirectory = URL(fileURLWithPath: dir)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            cacheDirectory = URL(fileURLWithPath: xdg).appendingPathComponent("dezero/kernels")
        } else {
            cacheDirectory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/dezero/kernels")
        }
        var flags = ["-O2", "-fPIC", "-shared", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno", "-w"]
        #if arch(x86_64)
        if ck_isa_available(CK_ISA_AVX2_FMA) != 0 { flags.append("-mavx2") }
        #endif
        self.flags = flags
    }

    /// The compiler named by the environment, or found on `PATH`.
    static func find(_ environment: [String: String]) -> String? {
        if let cc = environment["DEZERO_CC"], !cc.isEmpty {
            return cc == "none" ? nil : cc
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["clang", "cc"] {
            for folder in folders {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The library built from `source`: from memory, from the disk cache, or compiled now.
    public func library(_ source: String) throws(CodegenError) -> KernelLibrary {
        guard let path else {
            throw CodegenError(.noCompiler, "no C compiler: set DEZERO_CC to one, or install clang (DEZERO_CC=none turns code generation off)")
        }
        let key = CCompiler.fnv1a(([path] + flags + [source]).joined(separator: "\u{0}"))
        if let library = loaded.withLock({ $0[key] }) { return library }
        let name = String(key, radix: 16)
        let file = cacheDirectory.appendingPathComponent("\(name).so")
        if !FileManager.default.fileExists(atPath: file.path) {
            try compile(source, to: file, with: path)
        }
        let library = try KernelLibrary(path: file.path)
        loaded.withLock { $0[key] = library }
        return library
    }

    /// Compiles `source` into the shared library `file` (written under a temporary name, then
    /// renamed, so that a crash or a concurrent build never leaves a half-written library).
    private func compile(_ source: String, to file: URL, with compiler: String) throws(CodegenError) {
        let fm = FileManager.default
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))"
        let sourceFile = cacheDirectory.appendingPathComponent("tmp-\(unique).c")
        let temporary = cacheDirectory.appendingPathComponent("tmp-\(unique).so")
        defer {
            try? fm.removeItem(at: sourceFile)
            try? fm.removeItem(at: temporary)
        }
        do {
            try fm.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            try source.write(to: sourceFile, atomically: false, encoding: .utf8)
        } catch {
            throw CodegenError(.compileFailed, "cannot write the kernel source in \(cacheDirectory.path): \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compiler)
        process.arguments = flags + [sourceFile.path, "-o", temporary.path, "-lm"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        do {
            try process.run()
        } catch {
            throw CodegenError(.compileFailed, "cannot run \(compiler): \(error.localizedDescription)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let log = String(decoding: output, as: UTF8.self)
            throw CodegenError(
                .compileFailed,
                "\(compiler) \(process.arguments!.joined(separator: " ")) failed (status \(process.terminationStatus)):\n\(log)")
        }
        guard rename(temporary.path, file.path) == 0 else {
            throw CodegenError(.compileFailed, "cannot move the kernel library to \(file.path): \(String(cString: strerror(errno)))")
        }
    }

    /// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes (stable across processes, unlike `Hasher`).
    package static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// A loaded shared library of kernels; it stays loaded for the life of the process.
public final class KernelLibrary: @unchecked Sendable {
    /// What `dlopen` returned.
    private let handle: UnsafeMutableRawPointer
    /// Where it was loaded from.
    public let path: String

    /// Loads the library at `path`.
    init(path: String) throws(CodegenError) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen gave no reason"
            throw CodegenError(.loadFailed, "cannot load \(path): \(reason)")
        }
        self.handle = handle
        self.path = path
    }

    /// The kernel function named `symbol`.
    func kernel(_ symbol: String) throws(CodegenError) -> KernelFunction {
        unsafeBitCast(try address(of: symbol), to: KernelFunction.self)
    }

    /// The address of the function or variable named `symbol`.
    func address(of symbol: String) throws(CodegenError) -> UnsafeMutableRawPointer {
        guard let address = dlsym(handle, symbol) else {
            throw CodegenError(.loadFailed, "\(path) has no kernel \(symbol)")
        }
        return address
    }
}

/// A generated kernel: `(inputs, outputs, start, end, math table)`.
typealias KernelFunction = @convention(c) (
    UnsafePointer<UnsafeRawPointer?>?, UnsafePointer<UnsafeMutableRawPointer?>?, Int, Int, UnsafeRawPointer?
) -> Void
