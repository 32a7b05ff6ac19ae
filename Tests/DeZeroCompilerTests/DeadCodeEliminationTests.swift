import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// `dce` on hand-written programs: golden text before and after.
@Suite struct DeadCodeEliminationTests {
    @Test func removesWhatNothingReadsAndKeepsStoresAndDraws() throws {
        try PassCheck.golden(
            DeadCodeElimination(),
            """
            func @step(%0: f32[3,2], %1: i64[3]) -> (f32[3,4]) {
              state @W : f32[2,4]
              state @W.grad : f32[2,4]
              %2 = load @W : f32[2,4]
              %3 = load @W.grad : f32[2,4]
              %4 = matmul %0, %2 : f32[3,4]  # layer l0: Linear forward
              %5 = const [1.0, 2.0] : f64[2]
              %6 = const 2.0 : f32[]
              %7 = multiply %4, %6 : f32[3,4]
              %8 = transpose %2 {axes=[1,0]} : f32[4,2]  # Linear backward
              %9 = matmul %7, %8 : f32[3,2]  # Linear backward
              %10 = transpose %0 {axes=[1,0]} : f32[2,3]  # Linear backward
              %11 = matmul %10, %7 : f32[2,4]  # Linear backward
              %12 = random.rand {shape=[2]} : f64[2]
              %13 = exp %12 : f64[2]
              store @W.grad, %11
              return %7
            }

            """,
            """
            func @step(%0: f32[3,2], %1: i64[3]) -> (f32[3,4]) {
              state @W : f32[2,4]
              state @W.grad : f32[2,4]
              %2 = load @W : f32[2,4]
              %4 = matmul %0, %2 : f32[3,4]  # layer l0: Linear forward
              %6 = const 2.0 : f32[]
              %7 = multiply %4, %6 : f32[3,4]
              %10 = transpose %0 {axes=[1,0]} : f32[2,3]  # Linear backward
              %11 = matmul %10, %7 : f32[2,4]  # Linear backward
              %12 = random.rand {shape=[2]} : f64[2]
              store @W.grad, %11
              return %7
            }

            """)
    }

    @Test func dropsUnusedConstantsAndRenumbersTheRest() throws {
        let program = try ProgramParser.parse(
            """
            func @f(%0: f64[2]) -> (f64[2]) {
              %1 = const [5.0, 6.0] : f64[2]
              %2 = const [7.0, 8.0] : f64[2]
              %3 = add %0, %2 : f64[2]
              return %3
            }

            """)
        #expect(program.constants.count == 2)
        let output = try DeadCodeElimination().run(program)
        #expect(output.constants.count == 1)
        #expect(output.instructions[0].operation == .constant(0))
        #expect(output.constants[0].scalars(as: Double.self) == [7, 8])
    }

    @Test func fusedKernelsAreKeptWholeWhenAnyOutputIsReadAndRemovedWhenNone() throws {
        try PassCheck.golden(
            DeadCodeElimination(),
            """
            func @f(%0: f32[2,3], %1: f32[3]) -> (f32[2,3]) {
              %2 = const [9.0, 9.0, 9.0] : f32[3]
              %3 = const 2.0 : f64[]
              %5, %7 = fused @k0 %0, %1, %3 : f32[2,3], f32[2,3] {
                %4 = add %0, %1 : f32[2,3]
                %5 = tanh %4 : f32[2,3]
                %6 = multiply %5, %3 : f32[2,3]
                %7 = exp %6 : f32[2,3]
              }
              %9 = fused @k1 %0 : f32[2,3] {
                %8 = exp %0 : f32[2,3]
                %9 = sin %8 : f32[2,3]
              }
              return %5
            }

            """,
            """
            func @f(%0: f32[2,3], %1: f32[3]) -> (f32[2,3]) {
              %3 = const 2.0 : f64[]
              %5, %7 = fused @k0 %0, %1, %3 : f32[2,3], f32[2,3] {
                %4 = add %0, %1 : f32[2,3]
                %5 = tanh %4 : f32[2,3]
                %6 = multiply %5, %3 : f32[2,3]
                %7 = exp %6 : f32[2,3]
              }
              return %5
            }

            """)
    }

    @Test func constantsInsideAFusedKernelAreRenumbered() throws {
        let program = try ProgramParser.parse(
            """
            func @f(%0: f32[2]) -> (f32[2]) {
              %1 = const [1.0, 1.0] : f32[2]
              %3 = fused @k0 %0 : f32[2] {
                %2 = const 3.0 : f32[]
                %3 = multiply %0, %2 : f32[2]
              }
              return %3
            }

            """)
        let output = try DeadCodeElimination().run(program)
        try Verifier.verify(output)
        #expect(output.constants.count == 1)
        guard case .fused(let kernel) = output.instructions[0].operation else {
            Issue.record("expected the fused instruction")
            return
        }
        #expect(kernel.body[0].operation == .constant(0))
        #expect(try PassCheck.sameBits(program, output, seed: 1))
    }

    @Test func aProgramWithNothingDeadIsUnchanged() throws {
        let program = try SamplePrograms.step()
        let output = try DeadCodeElimination().run(program)
        #expect(output.text() == program.text())
    }
}
}
