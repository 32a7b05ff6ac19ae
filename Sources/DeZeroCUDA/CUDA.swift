@_spi(Device) import DeZeroArray
import DeZeroCompiler
import Synchronization

/// The entry point of DeZeroCUDA: `try CUDA.device(0)` loads the driver, sets up the GPU,
/// registers its eager backend and its executor (functions compiled without an executor run on
/// the GPU when their inputs live there) and returns the ``DeZeroArray/Device`` to move arrays, variables and
/// models to (`x.to(device)`, `model.toGPU()`).
public enum CUDA {
    /// Whether a driver and at least one device are present (never throws).
    public static var isAvailable: Bool { (try? GPU.device(0)) != nil }

    /// Sets up GPU `index` and returns its device (`cuda:index`); throws ``CUDAError`` without a
    /// driver, or when there is no such device.
    @discardableResult
    public static func device(_ index: Int = 0) throws(CUDAError) -> Device {
        try backend(index).device
    }

    /// The GPU `index` (its name, architecture and stream), set up on first use.
    public static func gpu(_ index: Int = 0) throws(CUDAError) -> GPU {
        try backend(index).gpu
    }

    private static let backends = Mutex<[Int: CUDABackend]>([:])

    /// The eager backend of GPU `index`, registered with DeZeroArray on first use.
    static func backend(_ index: Int) throws(CUDAError) -> CUDABackend {
        let result = backends.withLock { table -> Result<CUDABackend, CUDAError> in
            if let backend = table[index] { return .success(backend) }
            do throws(CUDAError) {
                let backend = CUDABackend(gpu: try GPU.device(index))
                DeviceBackends.register(backend)
                DeviceExecutors.register(CUDAExecutor(device: index), for: backend.device)
                table[index] = backend
                return .success(backend)
            } catch { return .failure(error) }
        }
        return try result.get()
    }
}
