import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// The CPU executor's generated kernels give the interpreter's results bit for bit.
@Suite struct CPUExecutorTests {
    /// A program exercising every kind of fusable primitive, broadcasts and dtypes.
    static let elementwise = """
        func @elementwise(%0: f32[64,300], %1: f32[300], %2: f32[64,1], %3: f64[64,300], %4: i64[300]) -> (f32[64,300], f64[64,300], f32[64,300], f32[64,300]) {
          %5 = const 2.0 : f64[]
          %6 = multiply %0, %5 : f32[64,300]
          %7 = add %6, %1 : f32[64,300]
          %8 = tanh %7 : f32[64,300]
          %9 = negative %8 : f32[64,300]
          %10 = multiply %9, %8 : f32[64,300]
          %11 = exp %10 : f32[64,300]
          %12 = sin %0 : f32[64,300]
          %13 = multiply %11, %12 : f32[64,300]
          %14 = const 3 : i64[]
          %15 = divide %0, %14 : f32[64,300]
          %16 = add %13, %15 : f32[64,300]
          %17 = sigmoid %16 : f32[64,300]
          %18 = greater %17, %2 : bool[64,300]
          %19 = where %18, %17, %2 : f32[64,300]
          %20 = power %19, %5 : f32[64,300]
          %21 = maximum %20, %1 : f32[64,300]
          %22 = astype %21 {dtype=f64} : f64[64,300]
          %23 = multiply %22, %3 : f64[64,300]
          %24 = log %23 : f64[64,300]
          %25 = sqrt %23 : f64[64,300]
          %26 = subtract %24, %25 : f64[64,300]
          %27 = abs %0 : f32[64,300]
          %28 = sign %9 : f32[64,300]
          %29 = add %27, %28 : f32[64,300]
          %30 = tan %29 : f32[64,300]
          %31 = cos %30 : f32[64,300]
          %32 = minimum %31, %2 : f32[64,300]
          %33 = broadcast_to %1 {shape=[64,300]} : f32[64,300]
          %34 = add %33, %4 : f64[64,300]
          %35 = multiply %34, %26 : f64[64,300]
          %36 = full {shape=[64,300], value=0.1, dtype=f32} : f32[64,300]
          %37 = add %36, %32 : f32[64,300]
          return %37, %35, %8, %17
        }
        """

    @Test func generatedKernelsMatchTheInterpreter() throws {
        let program = try ProgramParser.parse(Self.elementwise)
        let fused = try Fusion().run(program)
        #expect(fused.instructions.filter { if case .fused = $0.operation { true } else { false } }.count >= 1)
        let (arguments, bindings) = randomInputs(program)
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
        let kernels = try CPUExecutor().kernels(fused)  // throws if the generated C does not compile
        #expect(!kernels.isEmpty)
        let actual = try CPUExecutor().prepare(fused).run(arguments: arguments, bindings: bindings)
        #expect(sameRun(expected, actual))
        for (k, (a, b)) in zip(expected.results, actual.results).enumerated() where !sameBits(a, b) {
            Issue.record("result \(k) differs")
        }
    }

    @Test func largeKernelsSplitAcrossThreadsGiveTheSameBits() throws {
        let program = try ProgramParser.parse("""
            func @big(%0: f32[300000], %1: f32[]) -> (f32[300000]) {
              %2 = multiply %0, %1 : f32[300000]
              %3 = tanh %2 : f32[300000]
              %4 = add %3, %0 : f32[300000]
              return %4
            }
            """)
        let (arguments, bindings) = randomInputs(program)
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
        let actual = try CPUExecutor().prepare(try Fusion().run(program)).run(arguments: arguments, bindings: bindings)
        #expect(sameRun(expected, actual))
    }

    @Test(arguments: BuiltinPrograms.all.map(\.name))
    func builtinProgramsMatchTheInterpreter(_ name: String) throws {
        let program = try BuiltinPrograms.named(name)!.trace()
        let fused = try Fusion().run(program)
        _ = try CPUExecutor().kernels(fused)
        let (arguments, bindings) = randomInputs(program)
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
        let actual = try CPUExecutor().prepare(fused).run(arguments: arguments, bindings: bindings)
        #expect(sameRun(expected, actual))
    }

    @Test func librariesAreCachedOnDiskAndTheFallbackRunsWithoutACompiler() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("dezero-kernels-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var environment = ProcessInfo.processInfo.environment
        environment["DEZERO_KERNEL_CACHE"] = cache.path
        let program = try Fusion().run(try ProgramParser.parse(Self.elementwise))
        _ = try CPUExecutor(compiler: CCompiler(environment: environment)).kernels(program)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(files.count == 1 && files[0].hasSuffix(".so"))
        // A second compiler finds the library on disk.
        _ = try CPUExecutor(compiler: CCompiler(environment: environment)).kernels(program)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path) == files)

        environment["DEZERO_CC"] = "none"
        let none = CCompiler(environment: environment)
        #expect(none.path == nil)
        #expect(throws: CodegenError.self) { try CPUExecutor(compiler: none).kernels(program) }
        let (arguments, bindings) = randomInputs(program)
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
        let actual = try CPUExecutor(compiler: none).prepare(program).run(arguments: arguments, bindings: bindings)
        #expect(sameRun(expected, actual))
    }

    @Test func broadcastIndexExpressions() {
        #expect(KernelSource.index(of: [64, 300], in: [64, 300]) == "i")
        #expect(KernelSource.index(of: [300], in: [64, 300]) == "(i % 300)")
        #expect(KernelSource.index(of: [64, 1], in: [64, 300]) == "(i / 300)")
        #expect(KernelSource.index(of: [4, 1, 5], in: [4, 3, 5]) == "(i / 15) * 5 + (i % 5)")
        #expect(KernelSource.index(of: [3, 1], in: [2, 3, 4]) == "((i / 4) % 3)")
        #expect(KernelSource.index(of: [1], in: [2, 3]) == "0")
    }
}
}
