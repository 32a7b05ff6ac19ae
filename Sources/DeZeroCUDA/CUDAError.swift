/// What went wrong talking to CUDA: a library that could not be loaded, a missing entry point, or
/// a call that failed. Every DeZeroCUDA entry point throws it; none crashes without a driver.
public enum CUDAError: Error, Equatable, CustomStringConvertible {
    /// No file of `library` could be opened; `tried` lists each candidate with dlopen's reason.
    case libraryNotFound(library: String, tried: [String])
    /// `library` was opened but has no `symbol`.
    case missingSymbol(library: String, symbol: String)
    /// A driver API call returned `code` (`name` is the driver's name for it, when known).
    case driver(call: String, code: Int32, name: String)
    /// No device `index` (the machine has `count`).
    case noDevice(index: Int, count: Int)
    /// NVRTC failed in `call` with `code`; `log` is the compiler's log.
    case nvrtc(call: String, code: Int32, log: String)
    /// A cuBLAS call returned `code`.
    case cublas(call: String, code: Int32)

    public var description: String {
        switch self {
        case .libraryNotFound(let library, let tried):
            "CUDA: cannot load \(library); tried:\n" + tried.map { "  \($0)" }.joined(separator: "\n")
        case .missingSymbol(let library, let symbol):
            "CUDA: \(library) has no entry point \(symbol) (too old a version?)"
        case .driver(let call, let code, let name):
            "CUDA: \(call) failed with \(name) (\(code))"
        case .noDevice(let index, let count):
            "CUDA: no device \(index); this machine has \(count)"
        case .nvrtc(let call, let code, let log):
            "NVRTC: \(call) failed (\(code))" + (log.isEmpty ? "" : ":\n\(log)")
        case .cublas(let call, let code):
            "cuBLAS: \(call) failed with status \(code)"
        }
    }
}
