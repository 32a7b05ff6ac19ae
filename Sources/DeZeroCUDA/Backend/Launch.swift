@_spi(Device) import DeZeroArray

/// Kernel parameters as `cuLaunchKernel` takes them: an array of pointers, one to each value.
/// The values live in one buffer, freed with the object.
final class LaunchArguments {
    private let buffer: UnsafeMutableRawPointer
    private var offsets: [Int] = []
    private var size = 0

    init() { buffer = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 16) }

    deinit { buffer.deallocate() }

    /// Appends one parameter's value.
    func append<T>(_ value: T) {
        let start = reserve(MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        (buffer + start).storeBytes(of: value, as: T.self)
    }

    /// Appends a `dz_layout` parameter (its words are the struct's bytes: the rank's low 32 bits
    /// are the `int`, the high ones its padding).
    func append(_ layout: Layout) {
        let start = reserve(8 * layout.words.count, alignment: 8)
        for (k, word) in layout.words.enumerated() { (buffer + start + 8 * k).storeBytes(of: word, as: Int64.self) }
    }

    /// The offset of a new parameter of `byteCount` bytes.
    private func reserve(_ byteCount: Int, alignment: Int) -> Int {
        let start = (size + alignment - 1) / alignment * alignment
        require(start + byteCount <= 1024, "CUDA launch: over 1 KiB of kernel parameters")
        offsets.append(start)
        size = start + byteCount
        return start
    }

    /// Calls `body` with the pointers `cuLaunchKernel` expects.
    func withPointers<R>(_ body: ([UnsafeMutableRawPointer?]) throws(CUDAError) -> R) throws(CUDAError) -> R {
        try body(offsets.map { buffer + $0 })
    }
}

extension CUDABackend {
    /// Launches `function` with `arguments` on a grid of `blocks` (× `splits`) blocks of
    /// `threads` threads, keeping the arrays in `keeping` alive until the launch is queued (the
    /// stream orders what later frees their memory).
    func launch<T>(
        _ function: OpaquePointer?, blocks: Int, splits: Int = 1, threads: Int, _ arguments: LaunchArguments, keeping: T
    ) throws(CUDAError) {
        try withExtendedLifetime(keeping) { () throws(CUDAError) in
            try arguments.withPointers { (p) throws(CUDAError) in
                try gpu.launch(function, blocks: blocks, splits: splits, threads: threads, arguments: p)
            }
        }
    }
}
