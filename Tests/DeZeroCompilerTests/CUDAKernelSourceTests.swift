@_spi(Executor) import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// The CUDA source generator, its text compiled as C and run on the CPU as a one-thread grid
/// (``CUDAOnCPU``): fused and single-primitive kernels against the interpreter, the generic
/// kernels against NDArray.
@Suite(.enabled(if: cudaOnCPUAvailable, "needs a C compiler (clang, or DEZERO_CC)"))
struct CUDAKernelSourceTests {
    /// The program running `kernel` alone, on arguments of `inputTypes`.
    static func kernelProgram(_ kernel: FusedKernel, _ inputTypes: [TensorType], _ outputTypes: [TensorType]) -> Program {
        let instruction = Instruction(results: kernel.outputs, operation: .fused(kernel), operands: kernel.inputs, types: outputTypes)
        return Program(
            name: kernel.name, arguments: zip(kernel.inputs, inputTypes).map { (value: $0, type: $1) }, bindings: [], constants: [],
            instructions: [instruction], results: kernel.outputs)
    }

    /// How far `kernel`'s results may stray from the interpreter's: 0 (the same bits) unless it
    /// calls a math function (whose CUDA form is libm's, not the eager kernel), then 1e-6
    /// relative when one such call is in float32, else 1e-14.
    static func tolerance(_ kernel: FusedKernel) -> Double {
        let math = kernel.body.filter { i in
            guard case .array(let op) = i.operation else { return false }
            switch op {
            case .unary, .sigmoid, .binary(.power): return true
            default: return false
            }
        }
        if math.isEmpty { return 0 }
        return math.contains { $0.type!.dtype == .float32 } ? 1e-6 : 1e-14
    }

    /// Whether `a` and `b` have one dtype and shape and the same bits (NaN matching NaN) or,
    /// with a `tolerance`, floats within it relative to their size (at least 1).
    static func agree(_ a: NDArray, _ b: NDArray, tolerance: Double) -> Bool {
        guard tolerance > 0, a.dtype.isFloatingPoint else { return sameBits(a, b) }
        guard a.dtype == b.dtype && a.shape == b.shape else { return false }
        let (x, y) = (a.astype(.float64).scalars(as: Double.self), b.astype(.float64).scalars(as: Double.self))
        return zip(x, y).allSatisfy { x, y in
            x == y || (x.isNaN && y.isNaN) || Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(x), Swift.abs(y))
        }
    }

    /// Checks every fused kernel of `program` on random inputs (special values included)
    /// against the interpreter; returns how many kernels it checked.
    @discardableResult
    static func checkKernels(_ program: Program, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let (text, sources) = CUDAKernelSource.module(program)
        guard !sources.isEmpty else { return 0 }
        let library = try CUDAOnCPU.library(text, sources)
        var g = SplitMix64(state: seed)
        for ((kernel, inputTypes, outputTypes), source) in zip(program.fusedKernels, sources) {
            #expect(source.inputTypes == inputTypes && source.outputTypes == outputTypes, sourceLocation: sourceLocation)
            let tolerance = tolerance(kernel)
            for _ in 0..<2 {
                let inputs = inputTypes.map { PassCheck.array($0, &g) }
                let expected = try Interpreter().prepare(kernelProgram(kernel, inputTypes, outputTypes)).run(arguments: inputs, bindings: []).results
                let actual = try CUDAOnCPU.run(source, in: library, inputs)
                for (k, (e, a)) in zip(expected, actual).enumerated() {
                    #expect(agree(e, a, tolerance: tolerance), "\(program.name) @\(kernel.name) output \(k):\n\(source.text)\nexpected \(e)\ngot \(a)", sourceLocation: sourceLocation)
                }
            }
        }
        return sources.count
    }

    @Test(arguments: BuiltinPrograms.all.map(\.name))
    func builtinProgramKernelsMatchTheInterpreter(_ name: String) throws {
        let (program, _) = try PassManager().run(try BuiltinPrograms.named(name)!.trace())
        #expect(try Self.checkKernels(program, seed: 7) > 0)
    }

    @Test(arguments: 0..<3)
    func randomProgramKernelsMatchTheInterpreter(_ batch: Int) throws {
        var kernels = 0
        for k in 0..<20 {
            let seed = UInt64(batch * 20 + k)
            let (program, _) = try PassManager().run(try RandomProgram.make(seed: seed, size: 10 + Int(seed % 30)))
            kernels += try Self.checkKernels(program, seed: seed)
        }
        #expect(kernels >= 10)
    }

    @Test func singlePrimitiveKernelsMatchTheInterpreter() throws {
        let f32 = { TensorType(.float32, $0) }, f64 = { TensorType(.float64, $0) }
        let cases: [(ArrayOp, [TensorType], TensorType)] = [
            (.binary(.add), [f32([2, 3]), f32([3])], f32([2, 3])),
            (.binary(.divide), [f32([4, 1]), f32([5])], f32([4, 5])),
            (.binary(.multiply), [f32([4, 5]), f64([])], f32([4, 5])),
            (.binary(.maximum), [f64([2, 3]), f64([2, 1])], f64([2, 3])),
            (.unary(.exp), [TensorType(.int64, [5])], f64([5])),
            (.unary(.tanh), [f32([7])], f32([7])),
            (.unary(.tan), [f64([7])], f64([7])),
            (.sigmoid, [f32([3, 3])], f32([3, 3])),
            (.compare(.lessEqual), [f32([2, 3]), f32([3])], TensorType(.bool, [2, 3])),
            (.select, [TensorType(.bool, [2, 3]), f32([2, 3]), f32([])], f32([2, 3])),
            (.cast(.float32), [TensorType(.bool, [4])], f32([4])),
            (.sign, [f64([6])], f64([6])),
            (.broadcast([3, 4]), [f32([4])], f32([3, 4])),
            (.full(shape: [2, 2], value: 0.1, dtype: .float32), [], f32([2, 2])),
        ]
        let sources = cases.enumerated().map { CUDAKernelSource(single: $1.0, operandTypes: $1.1, resultType: $1.2, name: "e\($0)") }
        let library = try CUDAOnCPU.library(CUDAKernelSource.preamble + sources.map(\.text).joined(separator: "\n"), sources)
        var g = SplitMix64(state: 3)
        for ((op, operandTypes, resultType), source) in zip(cases, sources) {
            #expect(source.symbol.hasPrefix("dz_e") && source.count == resultType.count)
            #expect(Elementwise.isFusable(op, operands: operandTypes, result: resultType), "\(op)")
            let inputs = operandTypes.map { PassCheck.array($0, &g) }
            let operands = operandTypes.indices.map(Value.init)
            let instruction = Instruction(result: Value(operands.count), operation: .array(op), operands: operands, type: resultType)
            let kernel = FusedKernel(name: "e", body: [instruction], outputs: [Value(operands.count)])
            let expected = try Interpreter().prepare(Self.kernelProgram(kernel, operandTypes, [resultType])).run(arguments: inputs, bindings: []).results
            let actual = try CUDAOnCPU.run(source, in: library, inputs)
            #expect(Self.agree(expected[0], actual[0], tolerance: Self.tolerance(kernel)), "\(op): \(source.text)")
        }
    }

    /// The GPU's int64 `+ - *` wrap as the eager `&+` does (no undefined signed overflow), and
    /// `maximum`/`minimum` pick as the eager code picks.
    @Test func integerPrimitivesWrapAsEager() throws {
        let i = TensorType(.int64, [4])
        let a = NDArray([Int64.max, -5, 7, Int64.min]), b = NDArray([Int64(1), Int64.min, -3, -1])
        let operations: [BinaryOperation] = [.add, .subtract, .multiply, .maximum, .minimum]
        let sources = operations.enumerated().map { CUDAKernelSource(single: .binary($1), operandTypes: [i, i], resultType: i, name: "w\($0)") }
        let library = try CUDAOnCPU.library(CUDAKernelSource.preamble + sources.map(\.text).joined(separator: "\n"), sources)
        for (operation, source) in zip(operations, sources) {
            let actual = try CUDAOnCPU.run(source, in: library, [a, b])[0]
            #expect(actual.scalars(as: Int64.self) == NDArray.apply(operation, a, b).scalars(as: Int64.self), "\(operation)")
        }
    }

    @Test func kernelTextAndModule() throws {
        let program = try ProgramParser.parse("""
            func @f(%0: f32[4,3], %1: f32[3], %2: f64[]) -> (f32[4,3]) {
              %3 = add %0, %1 : f32[4,3]
              %4 = multiply %3, %2 : f32[4,3]
              %5 = exp %4 : f32[4,3]
              return %5
            }
            """)
        let (text, kernels) = CUDAKernelSource.module(try Fusion().run(program))
        #expect(kernels.count == 1)
        #expect(text.hasPrefix(CUDAKernelSource.preamble))
        #expect(kernels[0].text == """
            DZ_EXTERN __global__ void dz_k0(const float *__restrict__ i0, const float *__restrict__ i1, const double *__restrict__ i2, float *__restrict__ o0, long long n) {
                const double v2 = i2[0];
                for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)blockDim.x * gridDim.x) {
                    const float v0 = i0[i];
                    const float v1 = i1[(i % 3)];
                    const float v3 = (v0 + v1);
                    const float v4 = (v3 * ((float)(v2)));
                    const float v5 = expf(v4);
                    o0[i] = v5;
                }
            }

            """)
        #expect(kernels[0].count == 12 && kernels[0].outputTypes == [TensorType(.float32, [4, 3])])
    }

    @Test func layoutsTravelAs136Bytes() throws {
        let size = unsafeBitCast(try CUDAOnCPU.genericLibrary().address(of: "dz_layout_bytes"), to: CUDAOnCPU.SizeFunction.self)
        #expect(size() == 136)
        #expect(CUDAGenericKernels.layout(shape: [2, 3], strides: [3, 1]).count * 8 == 136)
    }

    @Test(arguments: CUDAGenericKernels.dtypes)
    func copyMakesViewsContiguous(_ dtype: DType) throws {
        let copy = try CUDAOnCPU.function(CUDAGenericKernels.copySymbol(dtype), CUDAOnCPU.CopyDriver.self)
        let x = dtype == .bool ? NDArray.arange(24).reshape([2, 3, 4]) .> 11 : NDArray.arange(24).astype(dtype).reshape([2, 3, 4])
        let views: [NDArray] = [
            x, x.transpose([2, 0, 1]), x[NDSlice(start: 1), NDSlice(step: 2), NDSlice(start: 3, stop: 0, step: -2)],
            x[0, 1].reshape([1, 4]).broadcast(to: [3, 4]), x[1, 2, 3], x.transpose([1, 2, 0])[NDSlice(start: 1)],
        ]
        for view in views {
            let out = NDArray.uninitialized(dtype, view.shape)
            withExtendedLifetime(view) {
                copy(view.unsafeElements, CUDAOnCPU.layout(view, axes: Array(view.shape.indices)), out.unsafeElements, Int64(view.size), 2)
            }
            #expect(sameBits(out, view.contiguous()), "\(view.shape) \(view.strides)")
        }
        let fill = try CUDAOnCPU.function(CUDAGenericKernels.fillSymbol(dtype), CUDAOnCPU.FillDriver.self)
        let filled = NDArray.uninitialized(dtype, [5])
        fill(filled.unsafeElements, 3, 5)
        #expect(sameBits(filled, NDArray.full([5], 3, dtype: dtype)))
    }

    /// Reduces `x` over `axes` with the generic kernel in one launch of `splits` chunks, and a
    /// second launch over the partials when `splits > 1`.
    static func reduce(_ x: NDArray, _ kind: ReductionKind, axes: [Int], splits: Int) throws -> NDArray {
        let kept = x.shape.indices.filter { !axes.contains($0) }
        let (outputs, count) = (kept.reduce(1) { $0 * x.shape[$1] }, axes.reduce(1) { $0 * x.shape[$1] })
        let resultType = CUDAGenericKernels.reductionDType(kind, x.dtype)
        let first = try CUDAOnCPU.function(CUDAGenericKernels.reduceSymbol(kind, x.dtype), CUDAOnCPU.ReduceDriver.self)
        let partials = NDArray.uninitialized(resultType, [outputs, splits])
        withExtendedLifetime(x) {
            first(x.unsafeElements, CUDAOnCPU.layout(x, axes: kept), CUDAOnCPU.layout(x, axes: axes), partials.unsafeElements,
                  Int64(outputs), Int64(count), Int32(splits), 2)
        }
        guard splits > 1 else { return partials.reshape(kept.map { x.shape[$0] }) }
        let second = try CUDAOnCPU.function(CUDAGenericKernels.reduceSymbol(kind, resultType), CUDAOnCPU.ReduceDriver.self)
        let out = NDArray.uninitialized(resultType, [outputs])
        second(partials.unsafeElements, CUDAGenericKernels.layout(shape: [outputs], strides: [splits]),
               CUDAGenericKernels.layout(shape: [splits], strides: [1]), out.unsafeElements, Int64(outputs), Int64(splits), 1, 3)
        return out.reshape(kept.map { x.shape[$0] })
    }

    /// Arrays of `dtype` shaped [4, 5, 6] (and a transposed view): NaN and signed zeros among
    /// floats when `special`, wide integers, random bools.
    static func reductionInputs(_ dtype: DType, special: Bool, seed: UInt64) -> [NDArray] {
        var g = SplitMix64(state: seed)
        let x: NDArray = switch dtype {
        case .int64: NDArray((0..<120).map { _ in Int64.random(in: -1_000_000...1_000_000, using: &g) }, shape: [4, 5, 6])
        case .bool: PassCheck.array(TensorType(.bool, [4, 5, 6]), &g)
        default:
            special
                ? PassCheck.array(TensorType(dtype, [4, 5, 6]), &g)
                : PassCheck.array(TensorType(dtype, [4, 5, 6]), &g, special: false)
        }
        return [x, x.transpose([2, 0, 1])]
    }

    @Test(arguments: CUDAGenericKernels.dtypes)
    func reductionsMatchNDArray(_ dtype: DType) throws {
        let axesSets = [[0], [1], [2], [0, 2], [1, 2], [0, 1, 2]]
        for kind in [ReductionKind.sum, .max, .min] {
            // float sums add in another order: no infinities, a tolerance scaled by the magnitudes
            let float = kind == .sum && dtype.isFloatingPoint
            for x in Self.reductionInputs(dtype, special: !float, seed: 11) {
                for axes in axesSets {
                    let expected = x.reduce(kind, axes: axes)
                    for splits in [1, 3] {
                        let actual = try Self.reduce(x, kind, axes: axes, splits: splits)
                        let what = "\(kind) of \(dtype)\(x.shape) over \(axes), \(splits) splits"
                        if float {
                            let scale = x.abs().astype(.float64).reduce(.sum, axes: axes).scalars(as: Double.self)
                            let tolerance = dtype == .float32 ? 1e-5 : 1e-13
                            let close = expected.dtype == actual.dtype && expected.shape == actual.shape
                                && zip(zip(expected.astype(.float64).scalars(as: Double.self), actual.astype(.float64).scalars(as: Double.self)), scale)
                                .allSatisfy { Swift.abs($0.0 - $0.1) <= tolerance * $1 }
                            #expect(close, "\(what): expected \(expected), got \(actual)")
                        } else {
                            #expect(sameBits(expected, actual), "\(what): expected \(expected), got \(actual)")
                        }
                    }
                }
            }
        }
    }

    @Test func maxAndMinPropagateNaN() throws {
        var values = [Float](repeating: 1, count: 12)
        values[5] = .nan
        values[7] = -.infinity
        let x = NDArray(values, shape: [3, 4])
        for splits in [1, 3] {
            let max = try Self.reduce(x, .max, axes: [1], splits: splits).scalars(as: Float.self)
            let min = try Self.reduce(x, .min, axes: [0], splits: splits).scalars(as: Float.self)
            #expect(max[0] == 1 && max[1].isNaN && max[2] == 1)
            #expect(min[0] == 1 && min[1].isNaN && min[2] == 1 && min[3] == -.infinity)
        }
    }

    @Test(arguments: CUDAGenericKernels.dtypes)
    func argReductionsMatchNDArray(_ dtype: DType) throws {
        var g = SplitMix64(state: 5)
        // few distinct values, so that ties are common; some NaN
        let x: NDArray = switch dtype {
        case .bool: PassCheck.array(TensorType(.bool, [4, 5, 6]), &g)
        default:
            NDArray((0..<120).map { _ in Double(Int.random(in: 0..<4, using: &g)) }).astype(dtype).reshape([4, 5, 6])
        }
        var inputs = [x, x.transpose([2, 0, 1])]
        if dtype.isFloatingPoint {
            var values = x.astype(.float64).scalars(as: Double.self)
            for k in [7, 8, 31, 64, 100] { values[k] = .nan }
            inputs.append(NDArray(values, shape: [4, 5, 6]).astype(dtype))
        }
        for greater in [true, false] {
            let function = try CUDAOnCPU.function(CUDAGenericKernels.argReduceSymbol(greater: greater, dtype), CUDAOnCPU.ReduceDriver.self)
            for input in inputs {
                for axis in [0, 1, 2, nil] as [Int?] {
                    let axes = axis.map { [$0] } ?? Array(input.shape.indices)
                    let kept = input.shape.indices.filter { !axes.contains($0) }
                    let (outputs, count) = (kept.reduce(1) { $0 * input.shape[$1] }, axes.reduce(1) { $0 * input.shape[$1] })
                    let out = NDArray.uninitialized(.int64, [outputs])
                    withExtendedLifetime(input) {
                        function(input.unsafeElements, CUDAOnCPU.layout(input, axes: kept), CUDAOnCPU.layout(input, axes: axes),
                                 out.unsafeElements, Int64(outputs), Int64(count), 1, 2)
                    }
                    let expected = greater ? input.argmax(axis: axis) : input.argmin(axis: axis)
                    #expect(sameBits(expected, out.reshape(expected.shape)), "\(greater ? "argmax" : "argmin") of \(dtype)\(input.shape) axis \(String(describing: axis))")
                }
            }
        }
    }
}
}
