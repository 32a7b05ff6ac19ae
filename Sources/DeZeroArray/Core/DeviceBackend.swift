import CKernels
import Synchronization

/// What makes arrays live and compute on a ``Device`` other than the CPU: its memory and its
/// primitives. `DeZeroCUDA` implements one for each CUDA device and registers it with
/// ``DeviceBackends/register(_:)``; the tests register a simulated one.
///
/// **Memory.** A device array's storage holds an address from ``allocate(byteCount:)``, freed by
/// ``free(_:byteCount:)`` when the last array viewing it goes away (from whatever thread drops
/// it). NDArray never dereferences such an address on the host: it moves bytes only through the
/// two `copy` methods. `byteCount` is at least 1 (an empty array asks for one byte). Failing to
/// allocate is the backend's business (it may stop the program with a message).
///
/// **Primitives.** ``run(_:_:)`` computes one ``ArrayOp`` whose operands live on this device
/// (0-d host arrays excepted: a 0-d `.cpu` operand is a host scalar, as a Python float beside a
/// CuPy array) and returns its result on this device, with the dtype and shape
/// ``ArrayOp/evaluate(_:)`` gives on the CPU. `.full` arrives with no inputs: fill a new array
/// on this device. Random draws, and the views that are pure metadata (`reshape` of a contiguous
/// array, `transpose`, `broadcast`, `expandDims`, `squeeze`, indexing by basic items only), never
/// reach `run`: NDArray makes them itself by sharing the storage with new shape, strides and
/// offset. `setItem` and `addAt` return the updated copy (never write into `inputs[0]`, whose
/// storage may be shared).
///
/// **What `run` may call.** On device arrays, any NDArray view (the metadata operations above,
/// which never come back to `run`), the `@_spi(Device)` accessors (`NDArray.deviceAddress`,
/// `NDArray.storageOffset`, `NDArray.uninitialized(shape:dtype:device:)`,
/// ``NDArray/isContiguous``), ``NDArray/to(_:)`` / `toCPU()` and other primitives on device
/// arrays, which come back to `run` as their own `op` — so `run(op)` must not ask NDArray for the
/// same primitive on the same operands (`x.contiguous()` inside the `.cast` kernel, or
/// `op.evaluate(inputs)` on the device inputs, would recurse forever). `toCPU()` never calls
/// `run` (a strided view's bytes are copied and gathered on the host), and `to(device)` of a
/// CPU array only allocates and copies, so a host fallback copies the operands with `toCPU()`,
/// calls `op.evaluate` on those CPU arrays and moves the result back with `to(device)`.
public protocol DeviceBackend: AnyObject, Sendable {
    /// The device whose arrays this backend holds and computes.
    var device: Device { get }

    /// `byteCount` (at least 1) bytes of device memory: an address on the device, never
    /// dereferenced on the host.
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer

    /// Frees an address from ``allocate(byteCount:)`` with the same `byteCount`.
    func free(_ address: UnsafeMutableRawPointer, byteCount: Int)

    /// Copies `byteCount` bytes from the device address `source` to host memory.
    func copy(toHost destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, byteCount: Int)

    /// Copies `byteCount` bytes from host memory to the device address `destination`.
    func copy(fromHost source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, byteCount: Int)

    /// Computes `op` on `inputs` (on this device, or 0-d host scalars); the result lives on
    /// this device.
    func run(_ op: ArrayOp, _ inputs: [NDArray]) -> NDArray
}

/// The registered ``DeviceBackend``s, one per device. Registering the first one turns on the
/// primitives' interception (``Tracing/intercepts``): from then on every primitive makes one
/// more (non-inlined) call to check its operands' devices.
public enum DeviceBackends {
    private static let registry = Mutex<[Device: any DeviceBackend]>([:])

    /// Registers `backend` for `backend.device`. Registering the same object again does
    /// nothing; another backend for a device that has one stops the program (arrays on the
    /// device were allocated by the first, which frees them). Thread-safe.
    public static func register(_ backend: any DeviceBackend) {
        let device = backend.device
        require(!device.isCPU, "DeviceBackends.register: the CPU has no backend to register")
        let replaced = registry.withLock { registered -> Bool in
            if let existing = registered[device] { return existing !== backend }
            registered[device] = backend
            return false
        }
        require(!replaced, "DeviceBackends.register: \(device) already has a backend")
        ck_set_devices_registered()
    }

    /// The backend registered for `device`, or nil (always nil for `.cpu`). Thread-safe.
    public static func backend(for device: Device) -> (any DeviceBackend)? {
        if device.isCPU { return nil }
        return registry.withLock { $0[device] }
    }

    /// The backend for `device`, or a stop with the message saying how to get one.
    static func required(_ device: Device, for function: @autoclosure () -> String) -> any DeviceBackend {
        guard let backend = backend(for: device) else {
            misuse(
                "\(function()): no backend for \(device); import DeZeroCUDA and call CUDA.device(\(deviceIndex(device))) first")
        }
        return backend
    }

    private static func deviceIndex(_ device: Device) -> Int {
        if case .cuda(let index) = device { return index }
        return 0
    }

    /// Device dispatch of the funnel (``Tracing/intercept(_:_:)`` when no trace records): nil
    /// when the primitive is computed by NDArray (all operands on the CPU, or a metadata view),
    /// otherwise the backend's result.
    static func dispatch(_ op: ArrayOp, _ inputs: [NDArray]) -> NDArray? {
        var device = Device.cpu
        for x in inputs {
            let d = x.device
            if d.isCPU { continue }
            if device.isCPU {
                device = d
            } else if d != device {
                misuse(
                    "\(op.mnemonic): operands on \(device) and \(d); move them to one device with toGPU(n) or toCPU()")
            }
        }
        if device.isCPU { return nil }
        switch op {
        case .reshape, .transpose, .broadcast, .expandDims, .squeeze, .full, .random: return nil
        case .getItem(let items) where !items.contains(.array): return nil
        default: break
        }
        // Index arrays may stay on the host, as NumPy index arrays may index a CuPy array.
        for x in inputs[..<min(op.firstIndexOperand, inputs.count)] where x.device.isCPU && x.ndim != 0 {
            misuse(
                "\(op.mnemonic): operands on \(device) and cpu (shape \(x.shape)); move them to one device with toGPU() or toCPU()")
        }
        return required(device, for: op.mnemonic).run(op, inputs)
    }
}

extension ArrayOp {
    /// The position of the first index-array operand of advanced indexing (`x[t]`, `x[t] = v`,
    /// `add.at`): those operands may stay on the host beside device arrays. `Int.max` for the
    /// other primitives.
    public var firstIndexOperand: Int {
        switch self {
        case .getItem: 1
        case .setItem, .addAt: 2
        default: .max
        }
    }
}
