import DeZeroArray

/// The entry point of DeZeroCUDA: `try CUDA.device(0)` loads the driver, sets up the GPU and
/// returns the ``DeZeroArray/Device`` to move arrays, variables and models to.
public enum CUDA {
    /// Whether a driver and at least one device are present (never throws).
    public static var isAvailable: Bool { (try? GPU.device(0)) != nil }

    /// Sets up GPU `index` and returns its device (`cuda:index`); throws ``CUDAError`` without a
    /// driver, or when there is no such device.
    public static func device(_ index: Int = 0) throws(CUDAError) -> Device {
        _ = try GPU.device(index)
        return .cpu  // replaced by .cuda(index) once device arrays land
    }
}
