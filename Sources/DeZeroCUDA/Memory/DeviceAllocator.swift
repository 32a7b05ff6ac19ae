import Foundation

/// A caching allocator of device memory, as PyTorch's: `cuMemAlloc` and `cuMemFree` synchronize
/// the device and cost microseconds to milliseconds, so freed blocks are kept by size class and
/// handed out again. Every kernel runs on the GPU's one stream, so a block freed by the host
/// while a queued kernel still reads it is reused only by work queued after that kernel.
final class DeviceAllocator: @unchecked Sendable {
    private let gpu: GPU
    private let lock = NSLock()
    private var free: [Int: [UInt64]] = [:]
    /// Bytes held in the cache (not in use).
    private(set) var cachedBytes = 0
    /// Bytes handed out and not yet returned.
    private(set) var usedBytes = 0
    /// The most cached bytes kept; beyond it freed blocks go back to the driver.
    let cacheLimit: Int
    /// While a CUDA graph is captured, the blocks freed meanwhile: the graph's kernels use them
    /// on every replay, so they are held for the graph instead of being handed out again.
    private var capturedFrees: [(block: UInt64, byteCount: Int)]?

    init(gpu: GPU, cacheLimit: Int = 8 << 30) {
        self.gpu = gpu
        self.cacheLimit = cacheLimit
    }

    /// The size class of a request: multiples of 512 bytes up to 1 MiB, then powers of two
    /// split in four (at most 25% waste).
    static func sizeClass(_ byteCount: Int) -> Int {
        let n = max(byteCount, 1)
        if n <= 1 << 20 { return (n + 511) / 512 * 512 }
        let top = 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount)
        let quarter = top / 8
        return (n + quarter - 1) / quarter * quarter
    }

    /// A block of at least `byteCount` bytes.
    func allocate(_ byteCount: Int) throws(CUDAError) -> UInt64 {
        let size = DeviceAllocator.sizeClass(byteCount)
        lock.lock()
        if let block = free[size]?.popLast() {
            cachedBytes -= size
            usedBytes += size
            lock.unlock()
            return block
        }
        lock.unlock()
        try gpu.enter()
        let block: UInt64
        do {
            block = try gpu.driver.allocate(size)
        } catch {
            // Out of memory: give the cache back to the driver and try once more.
            try releaseCache()
            block = try gpu.driver.allocate(size)
        }
        lock.lock()
        usedBytes += size
        lock.unlock()
        return block
    }

    /// Returns a block of `byteCount` bytes (as asked for) to the cache.
    func deallocate(_ block: UInt64, byteCount: Int) {
        let size = DeviceAllocator.sizeClass(byteCount)
        lock.lock()
        if capturedFrees != nil {
            capturedFrees!.append((block, byteCount))
            lock.unlock()
            return
        }
        usedBytes -= size
        if cachedBytes + size <= cacheLimit {
            free[size, default: []].append(block)
            cachedBytes += size
            lock.unlock()
            return
        }
        lock.unlock()
        try? gpu.enter()
        try? gpu.driver.free(block)
    }

    /// Starts holding the blocks freed from now on (a capture begins).
    func holdFrees() {
        lock.lock()
        capturedFrees = []
        lock.unlock()
    }

    /// Stops holding freed blocks and returns those held, for the captured graph to keep.
    func releaseHeld() -> [(block: UInt64, byteCount: Int)] {
        lock.lock()
        defer { lock.unlock() }
        let held = capturedFrees ?? []
        capturedFrees = nil
        return held
    }

    /// Frees every cached block (after the queued work finished).
    func releaseCache() throws(CUDAError) {
        try gpu.synchronize()
        lock.lock()
        let blocks = free.values.flatMap { $0 }
        free = [:]
        cachedBytes = 0
        lock.unlock()
        for block in blocks { try gpu.driver.free(block) }
    }
}
