import DeZero
import DeZeroArray
import DeZeroCompiler
import DeZeroParityCases
import Testing

@testable import DeZeroCUDA

/// Every kernel the CUDA executor and the eager GPU generate compiles with NVRTC, without a GPU:
/// to PTX for `compute_90` and to an `sm_90` cubin (ptxas runs, so register spills and resource
/// errors fail), as the GPU path compiles them (`--fmad=false`).
@Suite(.enabled(if: (try? NVRTC.shared()) != nil, "NVRTC not found: run scripts/install-nvrtc.sh"))
struct KernelCompileTests {
    static let options = ["-default-device", "--fmad=false"] + NVRTC.spillsAreErrors

    /// Compiles `module` both ways; returns the cubin's size.
    @discardableResult
    static func check(_ module: String, _ name: String) throws -> Int {
        let nvrtc = try NVRTC.shared()
        let ptx = String(decoding: try nvrtc.compile(module, name: name, output: .ptx, architecture: 90, options: options), as: UTF8.self)
        #expect(ptx.contains(".entry"), "\(name): no kernel in the PTX")
        return try nvrtc.compile(module, name: name, output: .cubin, architecture: 90, options: options).count
    }

    @Test func genericKernels() throws {
        #expect(try Self.check(CUDAGenericKernels.text, "generic.cu") > 0)
    }

    @Test func rowKernels() throws {
        #expect(try Self.check(RowKernels.text, "rows.cu") > 0)
    }

    @Test func convolutionKernels() throws {
        #expect(try Self.check(ConvolutionKernels.text, "convolution.cu") > 0)
    }

    @Test(arguments: BuiltinPrograms.all.map(\.name))
    func fusedKernelsOfBuiltinProgram(_ name: String) throws {
        let program = try PassManager().run(try BuiltinPrograms.named(name)!.trace()).program
        let (module, kernels) = CUDAKernelSource.module(program)
        #expect(!kernels.isEmpty, "\(name) has no fused kernel")
        try Self.check(module, "\(name).cu")
    }

    /// The fused kernels of every function of the library, forward and gradients, traced as the
    /// parity suite traces them.
    @Test(arguments: [DType.float32, .float64])
    func fusedKernelsOfEveryFunction(_ dtype: DType) throws {
        var modules: [String] = []
        for c in FunctionCase.all {
            Random.seed(7)
            let f = compile(c.name, executor: Interpreter()) { c.differentiate($0) }
            _ = try f(c.arrays(dtype).map { Variable($0) })
            _ = try f(c.arrays(dtype).map { Variable($0) })
            for program in f.programs {
                let optimized = try PassManager().run(program).program
                let (_, kernels) = CUDAKernelSource.module(optimized)
                modules += kernels.map { $0.text.replacingOccurrences(of: "dz_k", with: "dz_\(modules.count)_k") }
            }
        }
        #expect(modules.count > 50)
        try Self.check(CUDAKernelSource.preamble + modules.joined(separator: "\n"), "functions-\(dtype).cu")
    }

    /// The kernel of each elementwise primitive the eager GPU runs alone, in every dtype it takes.
    @Test func singlePrimitiveKernels() throws {
        var ops: [ArrayOp] = [.negative, .abs, .sign, .sigmoid]
        ops += [UnaryOperation.exp, .log, .sin, .cos, .tan, .tanh, .sqrt].map { .unary($0) }
        ops += [BinaryOperation.add, .subtract, .multiply, .divide, .power, .maximum, .minimum].map { .binary($0) }
        var kernels: [String] = []
        for dtype in [DType.float32, .float64] {
            let t = TensorType(dtype, [4, 3]), row = TensorType(dtype, [3])
            for op in ops {
                let operands = op.arity == 2 ? [t, row] : [t]
                kernels.append(CUDAKernelSource(single: op, operandTypes: operands, resultType: t, name: "e\(kernels.count)").text)
            }
            for c in [Comparison.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual] {
                kernels.append(CUDAKernelSource(single: .compare(c), operandTypes: [t, t], resultType: TensorType(.bool, [4, 3]), name: "e\(kernels.count)").text)
            }
            kernels.append(CUDAKernelSource(single: .select, operandTypes: [TensorType(.bool, [4, 3]), t, row], resultType: t, name: "e\(kernels.count)").text)
            for from in [DType.float32, .float64, .int64, .bool] where from != dtype {
                kernels.append(CUDAKernelSource(single: .cast(dtype), operandTypes: [TensorType(from, [4, 3])], resultType: t, name: "e\(kernels.count)").text)
            }
        }
        let i = TensorType(.int64, [5])
        kernels.append(CUDAKernelSource(single: .compare(.equal), operandTypes: [i, i], resultType: TensorType(.bool, [5]), name: "e\(kernels.count)").text)
        kernels.append(CUDAKernelSource(single: .select, operandTypes: [TensorType(.bool, [5]), i, i], resultType: i, name: "e\(kernels.count)").text)
        for operation in [BinaryOperation.add, .subtract, .multiply, .maximum, .minimum] {
            kernels.append(CUDAKernelSource(single: .binary(operation), operandTypes: [i, TensorType(.int64, [])], resultType: i, name: "e\(kernels.count)").text)
        }
        try Self.check(CUDAKernelSource.preamble + kernels.joined(separator: "\n"), "primitives.cu")
    }
}

extension ArrayOp {
    /// Operands of the elementwise primitives used above.
    fileprivate var arity: Int {
        if case .binary = self { return 2 }
        return 1
    }
}
