#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// NVIDIA's run-time compiler (libnvrtc), loaded with dlopen: CUDA C++ text to PTX or to a cubin
/// for one GPU architecture. It needs no GPU or driver, so CI checks every generated kernel with it.
public final class NVRTC: Sendable {
    private typealias Create = @convention(c) (
        UnsafeMutablePointer<OpaquePointer?>, UnsafePointer<CChar>, UnsafePointer<CChar>?, Int32,
        UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?) -> Int32
    private typealias Compile = @convention(c) (OpaquePointer?, Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> Int32
    private typealias GetSize = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Int32
    private typealias GetBytes = @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>) -> Int32
    private typealias Destroy = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    private typealias Version = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Int32

    /// The library it was loaded from.
    public var path: String { library.path }
    /// NVRTC's version, (major, minor).
    public let version: (major: Int, minor: Int)

    private let library: DynamicLibrary
    private let create: Create, compile: Compile, destroy: Destroy
    private let logSize: GetSize, log: GetBytes, ptxSize: GetSize, ptx: GetBytes, cubinSize: GetSize, cubin: GetBytes

    /// Loads NVRTC from `DEZERO_NVRTC_LIBRARY`, the loader's paths, CUDA's folders or NVIDIA's
    /// PyPI wheels (see docs/cuda.md).
    public convenience init() throws(CUDAError) {
        try self.init(candidates: LibrarySearch.candidates(
            variable: "DEZERO_NVRTC_LIBRARY", sonames: ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12"], stem: "libnvrtc.so"))
    }

    /// Loads NVRTC from the first of `candidates` that opens.
    public init(candidates: [String]) throws(CUDAError) {
        library = try DynamicLibrary("libnvrtc", candidates: candidates)
        create = try library.function("nvrtcCreateProgram", as: Create.self)
        compile = try library.function("nvrtcCompileProgram", as: Compile.self)
        destroy = try library.function("nvrtcDestroyProgram", as: Destroy.self)
        logSize = try library.function("nvrtcGetProgramLogSize", as: GetSize.self)
        log = try library.function("nvrtcGetProgramLog", as: GetBytes.self)
        ptxSize = try library.function("nvrtcGetPTXSize", as: GetSize.self)
        ptx = try library.function("nvrtcGetPTX", as: GetBytes.self)
        cubinSize = try library.function("nvrtcGetCUBINSize", as: GetSize.self)
        cubin = try library.function("nvrtcGetCUBIN", as: GetBytes.self)
        let getVersion = try library.function("nvrtcVersion", as: Version.self)
        var major: Int32 = 0, minor: Int32 = 0
        _ = getVersion(&major, &minor)
        version = (Int(major), Int(minor))
    }

    /// What a compilation produces.
    public enum Output: Sendable {
        /// PTX text for a virtual architecture (`compute_90`).
        case ptx
        /// Machine code for a real architecture (`sm_90`): NVRTC runs ptxas, so resource errors show.
        case cubin
    }

    /// Compiles `source` (named `name` in messages) for `architecture` (as 90) with `options`
    /// added; returns the PTX text's or the cubin's bytes. A compile error throws
    /// ``CUDAError/nvrtc(call:code:log:)`` with the compiler's log.
    public func compile(
        _ source: String, name: String = "kernel.cu", output: Output, architecture: Int, options: [String] = []
    ) throws(CUDAError) -> [UInt8] {
        var program: OpaquePointer?
        let created = source.withCString { s in name.withCString { n in create(&program, s, n, 0, nil, nil) } }
        guard created == 0 else { throw .nvrtc(call: "nvrtcCreateProgram", code: created, log: "") }
        defer { _ = destroy(&program) }
        let target = output == .ptx ? "compute_\(architecture)" : "sm_\(architecture)"
        let all = ["--gpu-architecture=\(target)", "--std=c++17"] + options
        let pointers = all.map { UnsafePointer<CChar>(strdup($0)) }
        defer { for p in pointers { free(UnsafeMutablePointer(mutating: p)) } }
        let status = pointers.withUnsafeBufferPointer { compile(program, Int32(all.count), $0.baseAddress) }
        guard status == 0 else { throw .nvrtc(call: "nvrtcCompileProgram", code: status, log: programLog(program)) }
        let (size, get) = output == .ptx ? (ptxSize, ptx) : (cubinSize, cubin)
        var count = 0
        _ = size(program, &count)
        var bytes = [CChar](repeating: 0, count: count)
        let copied = get(program, &bytes)
        guard copied == 0 else { throw .nvrtc(call: output == .ptx ? "nvrtcGetPTX" : "nvrtcGetCUBIN", code: copied, log: programLog(program)) }
        if output == .ptx, bytes.last == 0 { bytes.removeLast() }
        return bytes.map { UInt8(bitPattern: $0) }
    }

    /// The options that make ptxas treat register spills as errors (the checking compile).
    public static let spillsAreErrors = ["-Xptxas=--warn-on-spills", "-Xptxas=--warning-as-error"]

    private func programLog(_ program: OpaquePointer?) -> String {
        var count = 0
        _ = logSize(program, &count)
        guard count > 1 else { return "" }
        var bytes = [CChar](repeating: 0, count: count)
        _ = log(program, &bytes)
        return String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static let loaded = Mutex<Result<NVRTC, CUDAError>?>(nil)

    /// The process's NVRTC, loaded on first use (a failure is remembered and thrown again).
    public static func shared() throws(CUDAError) -> NVRTC {
        let result = loaded.withLock { state -> Result<NVRTC, CUDAError> in
            if let state { return state }
            let result: Result<NVRTC, CUDAError>
            do throws(CUDAError) { result = .success(try NVRTC()) } catch { result = .failure(error) }
            state = result
            return result
        }
        return try result.get()
    }
}
