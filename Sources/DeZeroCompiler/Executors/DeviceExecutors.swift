import DeZeroArray
import Synchronization

/// Which executor runs a compiled function whose caller named none: the one registered for the
/// device its inputs live on (DeZeroCUDA registers ``Executor``s for its GPUs), ``CPUExecutor``
/// on the CPU.
public enum DeviceExecutors {
    private static let table = Mutex<[Device: any Executor]>([:])

    /// Makes `executor` the one for programs whose inputs live on `device`.
    public static func register(_ executor: any Executor, for device: Device) {
        table.withLock { $0[device] = executor }
    }

    /// The executor for inputs on `devices`: the first device other than the CPU that has a
    /// registered executor, else ``CPUExecutor``.
    public static func executor(for devices: [Device]) -> any Executor {
        let registered = table.withLock { table in devices.compactMap { table[$0] }.first }
        return registered ?? CPUExecutor()
    }
}
