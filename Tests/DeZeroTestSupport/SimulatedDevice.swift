@_spi(Device) import DeZeroArray
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``DeviceBackend`` for tests, registered for `.cuda(97)`: its "device memory" is host
/// memory from `malloc` (filled with 0xCD bytes, so a result the backend forgot to write shows),
/// and ``run(_:_:)`` copies the operands to the CPU, evaluates the primitive there and copies
/// the result back: the device's numbers are the CPU's, bit for bit, and every path through the
/// funnel, the copies and the metadata views is exercised without a GPU.
public final class SimulatedDevice: DeviceBackend {
    /// The device the simulated backend serves.
    public static let device = Device.cuda(97)

    /// The backend, registered with ``DeviceBackends`` the first time it is asked for (once,
    /// thread-safe: a global's lazy initialization).
    public static let shared: SimulatedDevice = {
        let backend = SimulatedDevice()
        DeviceBackends.register(backend)
        return backend
    }()

    public var device: Device { Self.device }

    private let totals = Mutex<[String: Int]>([:])

    /// What ``counting(_:)`` collects: the primitives run by the backend on the counting task.
    public final class Counter: Sendable {
        let calls = Mutex<[String: Int]>([:])
        /// The number of `run` calls per primitive (``ArrayOp/mnemonic``).
        public var byOp: [String: Int] { calls.withLock { $0 } }
        /// The number of `run` calls.
        public var total: Int { byOp.values.reduce(0, +) }
    }

    @TaskLocal static var counter: Counter?

    /// Runs `body` and returns the backend's `run` calls made by it (on this task: tests running
    /// in parallel do not disturb the count).
    public static func counting(_ body: () throws -> Void) rethrows -> Counter {
        let counter = Counter()
        try $counter.withValue(counter) { try body() }
        return counter
    }

    /// The number of `run` calls per primitive since the process started (all tasks).
    public var totalCalls: [String: Int] { totals.withLock { $0 } }

    public func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let p = malloc(byteCount)!
        memset(p, 0xCD, byteCount)
        return p
    }

    public func free(_ address: UnsafeMutableRawPointer, byteCount: Int) {
        releaseMemory(address)
    }

    public func copy(toHost destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, byteCount: Int) {
        memcpy(destination, source, byteCount)
    }

    public func copy(fromHost source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, byteCount: Int) {
        memcpy(destination, source, byteCount)
    }

    public func run(_ op: ArrayOp, _ inputs: [NDArray]) -> NDArray {
        let name = op.mnemonic
        totals.withLock { $0[name, default: 0] += 1 }
        Self.counter?.calls.withLock { $0[name, default: 0] += 1 }
        for (k, x) in inputs.enumerated() where k < op.firstIndexOperand {  // index arrays may stay on the host
            precondition(x.device == device || (x.device == .cpu && x.ndim == 0), "SimulatedDevice.run(\(name)): operand on \(x.device)")
        }
        let result = op.evaluate(inputs.map { $0.toCPU() })
        precondition(result.device == .cpu)
        return result.to(device)
    }
}

private func releaseMemory(_ address: UnsafeMutableRawPointer) { free(address) }

/// Whether `a` and `b` have the same dtype, shape and element bits (`-0.0` differs from `0.0`;
/// NaNs compare by their bits), wherever they live.
public func sameBits(_ a: NDArray, _ b: NDArray) -> Bool {
    guard a.dtype == b.dtype, a.shape == b.shape else { return false }
    return a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
}
