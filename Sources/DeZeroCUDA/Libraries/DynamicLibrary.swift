import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A shared library opened with `dlopen`, from the first of several candidate paths that loads.
final class DynamicLibrary: @unchecked Sendable {
    /// The library's short name ("libcuda").
    let name: String
    /// The path it was opened from.
    let path: String
    private let handle: UnsafeMutableRawPointer

    /// Opens the first of `candidates` (full paths or sonames for the loader's search) that
    /// loads; throws ``CUDAError/libraryNotFound(library:tried:)`` listing each failure.
    init(_ name: String, candidates: [String]) throws(CUDAError) {
        var tried: [String] = []
        for path in candidates {
            if let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) {
                self.name = name
                self.path = path
                self.handle = handle
                return
            }
            tried.append("\(path): \(dlerror().map { String(cString: $0) } ?? "not loadable")")
        }
        throw .libraryNotFound(library: name, tried: tried)
    }

    /// The entry point `symbol` as a C function of type `T`.
    func function<T>(_ symbol: String, as type: T.Type) throws(CUDAError) -> T {
        guard let address = dlsym(handle, symbol) else { throw .missingSymbol(library: name, symbol: symbol) }
        return unsafeBitCast(address, to: type)
    }
}
