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
        let alignment = MemoryLayout<T>.alignment
        let start = (size + alignment - 1) / alignment * alignment
        precondition(start + MemoryLayout<T>.size <= 1024, "LaunchArguments: over 1 KiB of kernel parameters")
        (buffer + start).storeBytes(of: value, as: T.self)
        offsets.append(start)
        size = start + MemoryLayout<T>.size
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
