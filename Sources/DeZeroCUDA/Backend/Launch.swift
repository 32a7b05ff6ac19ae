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

/// A strided view as the generic kernels take it by value (`dz_layout`: rank, then shape and
/// strides in elements, 8 axes at most).
struct Layout {
    var rank: Int32 = 0
    var shape: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)
    var strides: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The most axes a layout holds.
    static let maxRank = 8

    /// The layout of a view, its axes merged where one stride steps over the next axis whole
    /// and its length-1 axes dropped (the same elements in the same C order, cheaper offsets).
    init(shape: [Int], strides: [Int]) {
        var mergedShape: [Int] = [], mergedStrides: [Int] = []
        for (d, s) in zip(shape, strides) where d != 1 {
            if let last = mergedStrides.last, last == s * d {
                mergedShape[mergedShape.count - 1] *= d
                mergedStrides[mergedStrides.count - 1] = s
            } else {
                mergedShape.append(d)
                mergedStrides.append(s)
            }
        }
        self.init(exactShape: mergedShape, strides: mergedStrides)
    }

    /// The layout of exactly these axes.
    init(exactShape shape: [Int], strides: [Int]) {
        precondition(shape.count <= Layout.maxRank, "Layout: \(shape.count) axes, the GPU kernels take at most \(Layout.maxRank)")
        rank = Int32(shape.count)
        withUnsafeMutableBytes(of: &self.shape) { raw in
            for (k, d) in shape.enumerated() { raw.storeBytes(of: Int64(d), toByteOffset: 8 * k, as: Int64.self) }
        }
        withUnsafeMutableBytes(of: &self.strides) { raw in
            for (k, s) in strides.enumerated() { raw.storeBytes(of: Int64(s), toByteOffset: 8 * k, as: Int64.self) }
        }
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
