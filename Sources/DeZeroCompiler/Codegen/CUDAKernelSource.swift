import DeZeroArray

/// The CUDA C++ source of a fused kernel (or of one elementwise primitive): one thread per
/// element of the iteration space (the kernel's shape, flattened) in a grid-stride loop, each
/// body instruction one `const` local computed by the shared ``ElementwiseExpression``, the
/// vectorized functions and `sigmoid` as the math library's scalar functions.
///
/// ```c
/// DZ_EXTERN __global__ void dz_k0(const float *__restrict__ i0, const double *__restrict__ i1,
///                                  float *__restrict__ o0, long long n)
/// ```
/// takes one pointer per input, in ``FusedKernel/inputs`` order (C-contiguous, each of its own
/// shape broadcast to the kernel's; a single-element input is read at `[0]`), then one per
/// output, in ``FusedKernel/outputs`` order (C-contiguous, the kernel's shape), then the element
/// count ``count``. Any grid covers it; one block of 256 threads per 256 elements up to the
/// device's limit is the expected launch. Pointers are of the dtype's C type: `float`,
/// `double`, `long long`, `unsigned char` (bool).
///
/// With ``preamble`` the text compiles with NVRTC (which defines `__CUDACC_RTC__`; compile with
/// `--fmad=false` for the rounding of the CPU) and as C for the CPU, where the grid is one thread
/// (`blockDim.x = gridDim.x = 1`, set by whoever calls the kernel).
public struct CUDAKernelSource: Sendable {
    /// The kernel's name: `dz_` and the fused kernel's name.
    public let symbol: String
    /// The kernel's text (without the preamble).
    public let text: String
    /// The number of elements of the iteration space (the `n` to pass).
    public let count: Int
    /// The inputs' types, in parameter order.
    public let inputTypes: [TensorType]
    /// The outputs' types, in parameter order.
    public let outputTypes: [TensorType]

    /// The code every CUDA module starts with: `DZ_EXTERN`, `INFINITY` and `NAN` under NVRTC
    /// (which has no standard headers) or nvcc when not defined; under a C compiler, `math.h`, the CUDA qualifiers
    /// defined away and the grid's indices as file-scope variables (`blockIdx`, `threadIdx`,
    /// `blockDim`, `gridDim`, of type `dz_dim3`, a one-thread grid until the caller sets them),
    /// `__shared__` as `static` and `__syncthreads()` as nothing.
    public static let preamble = """
        #ifdef __CUDACC__
        #define DZ_EXTERN extern "C"
        #else
        #define DZ_EXTERN
        #endif
        #ifdef __CUDACC__
        #ifndef INFINITY
        #define INFINITY __int_as_float(0x7f800000)
        #endif
        #ifndef NAN
        #define NAN __int_as_float(0x7fffffff)
        #endif
        #endif
        #ifndef __CUDACC__
        #include <math.h>
        #define __global__
        #define __device__
        #define __shared__ static
        #define __restrict__ restrict
        #define __syncthreads() ((void)0)
        typedef struct dz_dim3 { unsigned int x, y, z; } dz_dim3;
        dz_dim3 blockIdx = {0, 0, 0}, threadIdx = {0, 0, 0}, blockDim = {1, 1, 1}, gridDim = {1, 1, 1};
        #endif

        """

    /// The source of `kernel`, whose inputs have `inputTypes` (in ``FusedKernel/inputs`` order).
    public init(_ kernel: FusedKernel, inputTypes: [TensorType]) {
        symbol = "dz_\(kernel.name)"
        let inputs = kernel.inputs
        var type: [Value: TensorType] = [:]
        for (v, t) in zip(inputs, inputTypes) { type[v] = t }
        for i in kernel.body { type[i.result!] = i.type! }
        let shape = kernel.body[0].type!.shape
        count = shape.reduce(1, *)
        self.inputTypes = inputTypes
        outputTypes = kernel.outputs.map { type[$0]! }

        func c(_ dtype: DType) -> String { ElementwiseExpression.cType(dtype) }
        var parameters: [String] = []
        var hoisted: [String] = [], loads: [String] = []
        for (k, (v, t)) in zip(inputs, inputTypes).enumerated() {
            parameters.append("const \(c(t.dtype)) *__restrict__ i\(k)")
            let load = "    const \(c(t.dtype)) v\(v.id) = i\(k)[\(t.count == 1 ? "0" : KernelSource.index(of: t.shape, in: shape))];"
            if t.count == 1 { hoisted.append(load) } else { loads.append("    " + load) }
        }
        for (k, t) in outputTypes.enumerated() { parameters.append("\(c(t.dtype)) *__restrict__ o\(k)") }
        parameters.append("long long n")

        var lines = ["DZ_EXTERN __global__ void \(symbol)(\(parameters.joined(separator: ", "))) {"]
        lines += hoisted
        lines.append("    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)blockDim.x * gridDim.x) {")
        lines += loads
        for i in kernel.body {
            guard case .array(let op) = i.operation else { continue }
            let dtype = i.type!.dtype
            let expression = ElementwiseExpression.scalarExpression(
                op, i.operands.map { "v\($0.id)" }, i.operands.map { type[$0]!.dtype }, result: dtype)!
            lines.append("        const \(c(dtype)) v\(i.result!.id) = \(expression);")
        }
        for (k, o) in kernel.outputs.enumerated() { lines.append("        o\(k)[i] = v\(o.id);") }
        lines.append("    }")
        lines.append("}")
        text = lines.joined(separator: "\n") + "\n"
    }

    /// The kernel `dz_<name>` of one elementwise primitive `op` (one that
    /// ``Elementwise/isFusable(_:operands:result:)`` accepts) on operands of `operandTypes`
    /// (parameters `i0, i1, ...` in operand order, broadcast to `resultType`'s shape), giving
    /// `resultType` (`o0`): what the eager GPU path runs for each elementwise primitive.
    public init(single op: ArrayOp, operandTypes: [TensorType], resultType: TensorType, name: String) {
        let operands = operandTypes.indices.map(Value.init)
        let result = Value(operandTypes.count)
        let instruction = Instruction(result: result, operation: .array(op), operands: operands, type: resultType)
        self.init(FusedKernel(name: name, body: [instruction], outputs: [result]), inputTypes: operandTypes)
    }

    /// The CUDA module of `program`'s fused kernels: the ``preamble``, then one kernel per fused
    /// instruction, in program order (empty of kernels when there is none).
    public static func module(_ program: Program) -> (text: String, kernels: [CUDAKernelSource]) {
        let kernels = program.fusedKernels.map { CUDAKernelSource($0.kernel, inputTypes: $0.inputTypes) }
        return (preamble + kernels.map(\.text).joined(separator: "\n"), kernels)
    }
}
