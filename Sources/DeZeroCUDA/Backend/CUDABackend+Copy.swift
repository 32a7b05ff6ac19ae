@_spi(Device) import DeZeroArray
import DeZeroCompiler

extension CUDABackend {
    /// A new contiguous device array holding `x`'s elements (`x` on the host or on this device).
    func duplicate(_ x: NDArray) throws(CUDAError) -> NDArray {
        if x.device != device { return x.to(device) }
        let out = NDArray.empty(TensorType(of: x), on: device)
        try copy(x, into: out)
        return out
    }

    /// Copies `x` (same shape and dtype, on the host or this device) into the contiguous device
    /// array `destination`, queued on the stream.
    func copy(_ x: NDArray, into destination: NDArray) throws(CUDAError) {
        let bytes = x.size * x.dtype.itemSize
        guard bytes > 0 else { return }
        try gpu.enter()
        if x.device == .cpu {
            var failure: CUDAError?
            x.withUnsafeBytes { raw in
                do throws(CUDAError) {
                    try gpu.driver.copy(destination.address, fromHost: raw.baseAddress!, bytes, gpu.stream)
                } catch { failure = error }
            }
            if let failure { throw failure }
            return
        }
        let source = x.isContiguous ? x : try contiguousCopy(x)
        try withExtendedLifetime(source) { () throws(CUDAError) in
            try gpu.driver.copy(destination.address, source.address, bytes, gpu.stream)
        }
    }

    /// How many primitives have run on the host so far.
    var hostFallbackCount: Int { hostFallbacks.withLock { $0.values.reduce(0, +) } }
}
