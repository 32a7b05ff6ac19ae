@_spi(Device) import DeZeroArray
import DeZeroCompiler

extension CUDABackend {
    /// Threads per block of the elementwise and copy kernels.
    static let threads = 256

    /// Blocks for `n` elements: enough to fill the GPU, the grid-stride loop does the rest.
    func blocks(_ n: Int) -> Int { min((n + CUDABackend.threads - 1) / CUDABackend.threads, gpu.multiprocessors * 16) }

    /// One elementwise primitive as one generated kernel (cached by primitive and operand types).
    func elementwise(_ op: ArrayOp, _ inputs: [NDArray], result: TensorType) throws(CUDAError) -> NDArray {
        var operands: [NDArray] = []
        var types: [TensorType] = []
        for x in inputs {
            let (array, type) = try kernelOperand(x)
            operands.append(array)
            types.append(type)
        }
        let out = NDArray.empty(result, on: device)
        guard result.count > 0 else { return out }
        let key = ElementwiseKey(op: op, types: types, result: result)
        let function: OpaquePointer?
        if let bits = elementwiseKernels.withLock({ $0[key] }) {
            function = OpaquePointer(bitPattern: bits)
        } else {
            let source = CUDAKernelSource(single: op, operandTypes: types, resultType: result, name: "e")
            function = try gpu.function(source.symbol, in: CUDAKernelSource.preamble + source.text)
            let bits = UInt(bitPattern: function.map { Int(bitPattern: UnsafeRawPointer($0)) } ?? 0)
            elementwiseKernels.withLock { $0[key] = bits }
        }
        let arguments = LaunchArguments()
        for x in operands { arguments.append(x.address) }
        arguments.append(out.address)
        arguments.append(Int64(result.count))
        try launch(function, blocks: blocks(result.count), threads: CUDABackend.threads, arguments, keeping: operands)
        return out
    }

    /// `x` as a generated kernel reads an operand: C-contiguous in its own shape, which the
    /// kernel broadcasts. A host scalar is copied to the device; a broadcast view of a
    /// contiguous array is read through its compact shape (its 0-stride axes as 1); any other
    /// view is copied contiguous first.
    func kernelOperand(_ x: NDArray) throws(CUDAError) -> (NDArray, TensorType) {
        if x.device == .cpu { return (x.to(device), TensorType(of: x)) }
        if x.isContiguous { return (x, TensorType(of: x)) }
        let compact = zip(x.shape, x.strides).map { $1 == 0 ? 1 : $0 }
        let kept = zip(compact, x.strides).filter { $0.0 != 1 }
        var step = 1, contiguous = true
        for (d, s) in kept.reversed() {
            if s != step { contiguous = false }
            step *= d
        }
        if contiguous { return (x, TensorType(x.dtype, compact)) }
        return (try contiguousCopy(x), TensorType(of: x))
    }

    /// A C-contiguous copy of the device view `x` (the generic strided copy kernel).
    func contiguousCopy(_ x: NDArray) throws(CUDAError) -> NDArray {
        let out = NDArray.empty(TensorType(of: x), on: device)
        guard x.size > 0 else { return out }
        let function = try gpu.function(CUDAGenericKernels.copySymbol(x.dtype), module: "generic", source: CUDAGenericKernels.text)
        let arguments = LaunchArguments()
        arguments.append(x.address)
        arguments.append(x.layout)
        arguments.append(out.address)
        arguments.append(Int64(x.size))
        try launch(function, blocks: blocks(x.size), threads: CUDABackend.threads, arguments, keeping: x)
        return out
    }
}
