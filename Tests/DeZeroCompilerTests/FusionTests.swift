import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

/// Random arguments and bindings for `program` (labels in 0..<3, scalars 0.5, state in [0, 1)
/// so that optimizer moments are valid).
func randomInputs(_ program: Program, seed: Int = 5) -> (arguments: [NDArray], bindings: [NDArray?]) {
    Random.seed(seed)
    func array(_ type: TensorType, state: Bool = false) -> NDArray {
        switch type.dtype {
        case .int64: Random.randint(low: 0, high: 3, shape: type.shape)
        case .bool: Random.rand(shape: type.shape) .> 0.5
        default: (state ? Random.rand(shape: type.shape) : Random.randn(shape: type.shape)).astype(type.dtype)
        }
    }
    let bindings = program.bindings.map { b -> NDArray? in
        switch b.kind {
        case .effect: nil
        case .scalar: NDArray(scalar: 0.5)
        case .state: array(b.type!, state: true)
        }
    }
    return (program.arguments.map { array($0.type) }, bindings)
}

/// Whether two arrays have the same dtype, shape and bits (any NaN equals any NaN).
func sameBits(_ a: NDArray, _ b: NDArray) -> Bool {
    guard a.dtype == b.dtype && a.shape == b.shape else { return false }
    switch a.dtype {
    case .float32:
        return zip(a.scalars(as: Float.self), b.scalars(as: Float.self)).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    case .float64:
        return zip(a.scalars(as: Double.self), b.scalars(as: Double.self)).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    default:
        return arrayEqual(a, b)
    }
}

/// Whether two runs gave the same results and stores, bit for bit.
func sameRun(_ a: ExecutionResult, _ b: ExecutionResult) -> Bool {
    a.results.count == b.results.count && zip(a.results, b.results).allSatisfy { sameBits($0, $1) }
        && a.stores.map(\.binding) == b.stores.map(\.binding)
        && zip(a.stores, b.stores).allSatisfy { sameBits($0.array, $1.array) }
}

/// The fusion pass: golden text on a small program, and every built-in program fused runs as
/// the unfused one, bit for bit.
extension GlobalRandomTests {
@Suite struct FusionTests {
    @Test func fusesAChainAndKeepsWhatIsUsedAfter() throws {
        let program = try ProgramParser.parse("""
            func @f(%0: f32[4,3], %1: f32[3], %2: f32[3,2]) -> (f32[4,2], f32[4,3]) {
              %3 = add %0, %1 : f32[4,3]
              %4 = tanh %3 : f32[4,3]
              %5 = matmul %4, %2 : f32[4,2]
              %6 = multiply %4, %4 : f32[4,3]
              %7 = const 1.0 : f64[]
              %8 = subtract %7, %6 : f32[4,3]
              %9 = exp %5 : f32[4,2]
              return %9, %8
            }
            """)
        let fused = try Fusion().run(program)
        try Verifier.verify(fused)
        #expect(fused.text() == """
            func @f(%0: f32[4,3], %1: f32[3], %2: f32[3,2]) -> (f32[4,2], f32[4,3]) {
              %7 = const 1.0 : f64[]
              %4, %8 = fused @k0 %0, %1, %7 : f32[4,3], f32[4,3] {
                %3 = add %0, %1 : f32[4,3]
                %4 = tanh %3 : f32[4,3]
                %6 = multiply %4, %4 : f32[4,3]
                %8 = subtract %7, %6 : f32[4,3]
              }
              %5 = matmul %4, %2 : f32[4,2]
              %9 = exp %5 : f32[4,2]
              return %9, %8
            }

            """)
    }

    @Test func aKernelThatWouldMakeACycleIsSplit() throws {
        // %5 depends on %3 through a matmul: %5 cannot join %3's kernel.
        let program = try ProgramParser.parse("""
            func @f(%0: f32[2,2]) -> (f32[2,2]) {
              %1 = exp %0 : f32[2,2]
              %2 = matmul %1, %1 : f32[2,2]
              %3 = add %1, %2 : f32[2,2]
              return %3
            }
            """)
        let fused = try Fusion().run(program)
        try Verifier.verify(fused)
        #expect(fused.instructions.count == 3)
    }

    @Test(arguments: BuiltinPrograms.all.map(\.name))
    func builtinProgramsRunAsBeforeFusion(_ name: String) throws {
        let program = try BuiltinPrograms.named(name)!.trace()
        let fused = try Fusion().run(program)
        try Verifier.verify(fused)
        #expect(try ProgramParser.parse(fused.text()) == fused)
        #expect(fused.instructions.count < program.instructions.count)
        let (arguments, bindings) = randomInputs(program)
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
        let actual = try Interpreter().prepare(fused).run(arguments: arguments, bindings: bindings)
        #expect(sameRun(expected, actual))
        for (a, b) in zip(expected.stores, actual.stores) where !sameBits(a.array, b.array) {
            Issue.record("@\(program.bindings[a.binding].name) differs")
        }
    }
}
}
