@_spi(Device) import DeZeroArray
import DeZeroCompiler
import Foundation
import Synchronization

/// One CUDA device as DeZero uses it: its primary context (made current at every entry), one
/// stream that every operation is queued on, cuBLAS bound to that stream, and the kernels
/// compiled for it (NVRTC, cached in memory by source text and on disk as cubins).
public final class GPU: @unchecked Sendable {
    /// The device's ordinal.
    public let index: Int
    /// The device's name ("NVIDIA H200").
    public let name: String
    /// The compute capability as one number (90 for 9.0).
    public let architecture: Int
    /// The number of multiprocessors.
    public let multiprocessors: Int

    let driver: CUDADriver
    let context: OpaquePointer?
    let stream: OpaquePointer?
    private let lock = NSLock()
    private var cublasHandle: CUBLAS?
    private var functions: [String: OpaquePointer?] = [:]
    private var modules: [String: OpaquePointer?] = [:]

    init(index: Int) throws(CUDAError) {
        driver = try CUDADriver.shared()
        let count = try driver.deviceCount()
        guard index >= 0 && index < count else { throw .noDevice(index: index, count: count) }
        let device = try driver.device(index)
        self.index = index
        name = driver.name(of: device)
        architecture = try driver.attribute(75, of: device) * 10 + driver.attribute(76, of: device)  // compute capability
        multiprocessors = try driver.attribute(16, of: device)
        context = try driver.primaryContext(device)
        try driver.setCurrent(context)
        stream = try driver.createStream()
    }

    private static let devices = Mutex<[Int: GPU]>([:])

    /// The GPU `index`, initialized on first use.
    public static func device(_ index: Int) throws(CUDAError) -> GPU {
        let result = devices.withLock { table -> Result<GPU, CUDAError> in
            if let gpu = table[index] { return .success(gpu) }
            do throws(CUDAError) {
                let gpu = try GPU(index: index)
                table[index] = gpu
                return .success(gpu)
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Makes the context current on the calling thread (every entry point calls it first).
    func enter() throws(CUDAError) { try driver.setCurrent(context) }

    /// cuBLAS bound to this GPU's stream, created on first use.
    func cublas() throws(CUDAError) -> CUBLAS {
        lock.lock()
        defer { lock.unlock() }
        if let cublasHandle { return cublasHandle }
        try enter()
        let handle = try CUBLAS(stream: stream)
        cublasHandle = handle
        return handle
    }

    /// Waits until every queued operation finished.
    public func synchronize() throws(CUDAError) {
        try enter()
        try driver.synchronize(stream)
    }

    // MARK: Kernels

    /// The function `symbol` of the module compiled from `source` (from memory, from the disk
    /// cache, or compiled now by NVRTC for this GPU's architecture).
    func function(_ symbol: String, in source: String) throws(CUDAError) -> OpaquePointer? {
        try function(symbol, module: source, source: source)
    }

    /// The function `symbol` of the module named `module` (a short key: the generic kernels'
    /// module text is large, and hashing it on every launch cost more than the launch), whose
    /// text `source` gives when it is first compiled.
    func function(_ symbol: String, module name: String, source: @autoclosure () -> String) throws(CUDAError) -> OpaquePointer? {
        let key = name + "\u{0}" + symbol
        lock.lock()
        defer { lock.unlock() }
        if let f = functions[key] { return f }
        let source = source()
        try enter()
        let module: OpaquePointer?
        if let loaded = modules[source] {
            module = loaded
        } else {
            let (image, cached) = try GPU.cubin(source, architecture: architecture)
            do {
                module = try driver.loadModule(image)
            } catch where cached {
                // A damaged cache file (a disk error, another toolkit's cubin): compiled afresh.
                module = try driver.loadModule(try GPU.cubin(source, architecture: architecture, fresh: true).image)
            }
            modules[source] = module
        }
        let f = try driver.function(module, symbol)
        functions[key] = f
        return f
    }

    /// The cubin of `source` for `architecture`, from the disk cache (`cached`) or compiled by
    /// NVRTC (always when `fresh`, replacing the cached file).
    static func cubin(_ source: String, architecture: Int, fresh: Bool = false) throws(CUDAError) -> (image: [UInt8], cached: Bool) {
        let nvrtc = try NVRTC.shared()
        let options = ["-default-device", "--fmad=false"]
        let key = CCompiler.fnv1a(([nvrtc.path, "\(nvrtc.version)", "sm_\(architecture)"] + options + [source]).joined(separator: "\u{0}"))
        let folder = CCompiler.shared.cacheDirectory
        let file = folder.appendingPathComponent(String(key, radix: 16) + ".cubin")
        if !fresh, let data = try? Data(contentsOf: file) { return ([UInt8](data), true) }
        let image = try nvrtc.compile(source, output: .cubin, architecture: architecture, options: options)
        // Written under a temporary name and renamed: a concurrent reader never sees half a file.
        let temporary = folder.appendingPathComponent("tmp-\(ProcessInfo.processInfo.processIdentifier)-\(key).cubin")
        if (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
            (try? Data(image).write(to: temporary)) != nil
        {
            rename(temporary.path, file.path)
        }
        return (image, false)
    }

    /// Launches `function` on a 1-D grid of `blocks` (× `splits`) blocks of `threads` threads,
    /// with `arguments` (each a pointer to one parameter's value).
    func launch(
        _ function: OpaquePointer?, blocks: Int, splits: Int = 1, threads: Int, arguments: [UnsafeMutableRawPointer?]
    ) throws(CUDAError) {
        var arguments = arguments
        try arguments.withUnsafeMutableBufferPointer { (p: inout UnsafeMutableBufferPointer<UnsafeMutableRawPointer?>) throws(CUDAError) in
            try driver.launch(
                function, grid: (UInt32(max(blocks, 1)), UInt32(max(splits, 1))), block: UInt32(threads),
                stream: stream, parameters: p.baseAddress!)
        }
    }
}

extension GPU {
    /// Seconds per device-to-device copy of `byteCount` bytes (the median of 7 timings of 10
    /// copies, by CUDA events): the memory bandwidth ceiling kernels are measured against.
    public func timeDeviceCopy(byteCount: Int) throws(CUDAError) -> Double {
        try enter()
        let source = try driver.allocate(byteCount), destination = try driver.allocate(byteCount)
        defer {
            try? driver.free(source)
            try? driver.free(destination)
        }
        let start = try driver.createEvent(), end = try driver.createEvent()
        defer {
            driver.destroy(event: start)
            driver.destroy(event: end)
        }
        for _ in 0..<3 { try driver.copy(destination, source, byteCount, stream) }
        var times: [Double] = []
        for _ in 0..<7 {
            try driver.record(start, stream)
            for _ in 0..<10 { try driver.copy(destination, source, byteCount, stream) }
            try driver.record(end, stream)
            times.append(try driver.elapsed(start, end) / 1000 / 10)
        }
        return times.sorted()[3]
    }
}
