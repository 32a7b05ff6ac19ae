@_spi(Device) import DeZeroArray
import DeZeroCompiler
import Foundation
import Synchronization

/// The eager GPU: the ``DeZeroArray/DeviceBackend`` of one CUDA device. Each primitive whose
/// operands live on the device runs there: elementwise primitives as one generated kernel each
/// (``CUDAKernelSource``, the fused kernels' code generator), reductions and arg-reductions as the
/// generic kernels, `matmul` as cuBLAS; the rest on the host, on copies (see docs/cuda.md).
final class CUDABackend: DeviceBackend, @unchecked Sendable {
    let gpu: GPU
    let allocator: DeviceAllocator
    let device: Device
    /// Kernels of single elementwise primitives (`CUfunction` bits), by primitive and types.
    let elementwiseKernels = Mutex<[ElementwiseKey: UInt]>([:])
    /// How many primitives ran on the host, by name (``DEZERO_LOG=cuda`` prints each once).
    let hostFallbacks = Mutex<[String: Int]>([:])

    /// A generated kernel's key: the result's shape matters too (a broadcast operand's compact
    /// shape alone does not say how the kernel indexes it).
    struct ElementwiseKey: Hashable {
        var op: ArrayOp
        var types: [TensorType]
        var result: TensorType
    }

    init(gpu: GPU) {
        self.gpu = gpu
        allocator = DeviceAllocator(gpu: gpu)
        device = .cuda(gpu.index)
    }

    // MARK: DeviceBackend: memory

    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        do {
            return UnsafeMutableRawPointer(bitPattern: UInt(try allocator.allocate(byteCount)))!
        } catch {
            fatalError("\(device): cannot allocate \(byteCount) bytes: \(error)")
        }
    }

    func free(_ address: UnsafeMutableRawPointer, byteCount: Int) {
        allocator.deallocate(UInt64(UInt(bitPattern: address)), byteCount: byteCount)
    }

    func copy(toHost destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, byteCount: Int) {
        guard byteCount > 0 else { return }
        checked("copy to the host") { () throws(CUDAError) in
            try gpu.enter()
            try gpu.driver.copy(toHost: destination, UInt64(UInt(bitPattern: source)), byteCount, gpu.stream)
            try gpu.driver.synchronize(gpu.stream)
        }
    }

    func copy(fromHost source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, byteCount: Int) {
        guard byteCount > 0 else { return }
        checked("copy from the host") { () throws(CUDAError) in
            try gpu.enter()
            try gpu.driver.copy(UInt64(UInt(bitPattern: destination)), fromHost: source, byteCount, gpu.stream)
        }
    }

    /// Runs `body`, stopping with a message naming `what` when CUDA fails (an eager primitive
    /// cannot throw; the failures left are the device's: out of memory, a lost device).
    func checked<R>(_ what: @autoclosure () -> String, _ body: () throws(CUDAError) -> R) -> R {
        do {
            return try body()
        } catch {
            fatalError("\(device): \(what()) failed: \(error)")
        }
    }

    // MARK: DeviceBackend: primitives

    func run(_ op: ArrayOp, _ inputs: [NDArray]) -> NDArray {
        let types = inputs.map(TensorType.init(of:))
        let result: TensorType
        do {
            result = try op.resultType(operands: types)
        } catch {
            misuse("\(error)")
        }
        return checked("\(op.mnemonic)") { () throws(CUDAError) -> NDArray in
            try gpu.enter()
            if Elementwise.isFusable(op, operands: types, result: result) || isExactIntegerPrimitive(op, result) {
                return try elementwise(op, inputs, result: result)
            }
            switch op {
            case .reduce(let kind, let axes, _):
                return try reduce(kind, inputs[0], axes: axes, result: result)
            case .argReduce(let greater, let axis, _):
                return try argReduce(greater: greater, inputs[0], axis: axis, result: result)
            case .matmul where inputs[0].ndim == 2 && inputs[1].ndim == 2:
                return try matmul(inputs[0], inputs[1], result: result)
            case .softmax, .logsumexp:
                if let y = try rows(op, inputs[0], result: result) { return y }
            case .getItem(let items):
                if let y = try gather(items, inputs, result: result) { return y }
            case .im2col, .col2im:
                if let y = try convolution(op, inputs[0], result: result) { return y }
            default:
                break
            }
            return try onHost(op, inputs)
        }
    }

    /// The integer and bool elementwise primitives a generated kernel computes exactly:
    /// comparisons, selections, and int64 `+ - * maximum minimum` (wrapping as the eager `&+`;
    /// fused kernels leave integers out).
    private func isExactIntegerPrimitive(_ op: ArrayOp, _ result: TensorType) -> Bool {
        switch op {
        case .compare, .select: true
        case .binary(let operation) where result.dtype == .int64:
            [.add, .subtract, .multiply, .maximum, .minimum].contains(operation)
        default: false
        }
    }

    /// A primitive without a device kernel: computed by the CPU on copies, result copied back.
    func onHost(_ op: ArrayOp, _ inputs: [NDArray]) throws(CUDAError) -> NDArray {
        let name = op.mnemonic
        let first = hostFallbacks.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name] == 1
        }
        if first && CUDALog.enabled { CUDALog.say("\(name) runs on the host (no device kernel yet)") }
        let result = op.evaluate(inputs.map { $0.device == .cpu ? $0 : $0.toCPU() })
        return result.to(device)
    }
}

/// `DEZERO_LOG=cuda` (or a list containing it): the CUDA backend says which primitives run on the
/// host and what the executor captures.
enum CUDALog {
    static let enabled: Bool = {
        let value = ProcessInfo.processInfo.environment["DEZERO_LOG"] ?? ""
        return value.split(separator: ",").contains { $0 == "cuda" || $0 == "all" }
    }()

    /// Writes one line to standard error.
    static func say(_ line: String) {
        FileHandle.standardError.write(Data("DeZero CUDA: \(line)\n".utf8))
    }
}
