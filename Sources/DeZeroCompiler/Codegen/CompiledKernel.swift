import CKernels
@_spi(Executor) import DeZeroArray
import Dispatch

/// A fused kernel compiled to machine code, run on arrays: contiguous inputs in, fresh
/// contiguous outputs out. Kernels of at least ``parallelCount`` elements split their blocks
/// between two threads (each block is computed the same way, so the bits do not change).
final class CompiledKernel: Sendable {
    /// The function.
    let function: KernelFunction
    /// The outputs' types.
    let outputTypes: [TensorType]
    /// The elements of the iteration space.
    let count: Int
    /// The kernel's name in its program.
    let name: String

    /// From this many elements on, two threads share the work (below it, waking a thread costs
    /// more than it saves).
    static let parallelCount = 1 << 16

    init(function: KernelFunction, outputTypes: [TensorType], count: Int, name: String) {
        self.function = function
        self.outputTypes = outputTypes
        self.count = count
        self.name = name
    }

    /// Runs the kernel on `inputs` (in the kernel's input order).
    func run(_ inputs: [NDArray]) -> [NDArray] {
        let sources = inputs.map { $0.contiguous() }
        let outputs = outputTypes.map { NDArray.uninitialized($0.dtype, $0.shape) }
        var inPointers = sources.map { UnsafeRawPointer($0.unsafeElements) as UnsafeRawPointer? }
        var outPointers = outputs.map { $0.unsafeElements as UnsafeMutableRawPointer? }
        let (f, n, table) = (function, count, MathTable.pointer)
        withExtendedLifetime((sources, outputs)) {
            inPointers.withUnsafeMutableBufferPointer { i in
                outPointers.withUnsafeMutableBufferPointer { o in
                    let (ip, op) = (UnsafePointer(i.baseAddress), UnsafePointer(o.baseAddress))
                    if n >= CompiledKernel.parallelCount {
                        let block = KernelSource.blockSize
                        let half = (n / 2 + block - 1) / block * block
                        nonisolated(unsafe) let (ips, ops, t) = (ip, op, table)
                        DispatchQueue.concurrentPerform(iterations: 2) { part in
                            f(ips, ops, part == 0 ? 0 : half, part == 0 ? half : n, t)
                        }
                    } else {
                        f(ip, op, 0, n, table)
                    }
                }
            }
        }
        return outputs
    }
}

/// The table of vectorized math functions the generated kernels call (`dz_math` in
/// ``KernelSource/preamble``): the eager kernels themselves.
enum MathTable {
    nonisolated(unsafe) static let pointer: UnsafeRawPointer = {
        let f32: @convention(c) (ck_unary_op, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void = ck_unary_f32
        let f64: @convention(c) (ck_unary_op, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void = ck_unary_f64
        let table = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: 2)
        table[0] = unsafeBitCast(f32, to: UnsafeRawPointer.self)
        table[1] = unsafeBitCast(f64, to: UnsafeRawPointer.self)
        return UnsafeRawPointer(table)
    }()
}
