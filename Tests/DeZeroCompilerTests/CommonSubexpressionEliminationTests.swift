import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// `cse` on hand-written programs: golden text before and after.
@Suite struct CommonSubexpressionEliminationTests {
    @Test func mergesEqualInstructionsLoadsAndConstants() throws {
        try PassCheck.golden(
            CommonSubexpressionElimination(),
            """
            func @f(%0: f64[3], %1: f64[3]) -> (f64[3], f64[3], f64[3]) {
              state @W : f64[3]
              %2 = load @W : f64[3]
              %3 = load @W : f64[3]
              %4 = multiply %0, %2 : f64[3]  # Mul forward
              %5 = multiply %0, %3 : f64[3]  # Mul backward
              %6 = const 1.0 : f64[]
              %7 = const 1.0 : f64[]
              %8 = subtract %6, %4 : f64[3]
              %9 = subtract %7, %5 : f64[3]
              %10 = subtract %4, %6 : f64[3]
              %11 = add %8, %9 : f64[3]
              store @W, %11
              return %8, %9, %10
            }

            """,
            """
            func @f(%0: f64[3], %1: f64[3]) -> (f64[3], f64[3], f64[3]) {
              state @W : f64[3]
              %2 = load @W : f64[3]
              %4 = multiply %0, %2 : f64[3]  # Mul forward
              %6 = const 1.0 : f64[]
              %8 = subtract %6, %4 : f64[3]
              %10 = subtract %4, %6 : f64[3]
              %11 = add %8, %8 : f64[3]
              store @W, %11
              return %8, %8, %10
            }

            """)
    }

    /// Equal attributes by `Double`'s `==` are not enough: `-0.0 == 0.0`.
    @Test func keepsApartWhatDiffersInBitsAttributesOrTypes() throws {
        let text = """
            func @f(%0: f64[2,3]) -> (f64[3], f64[1,3], f64[2,3], f64[2,3], f64[], f64[], f64[3], f64[3]) {
              %1 = sum %0 {axes=[0], keepdims=false} : f64[3]
              %2 = sum %0 {axes=[0], keepdims=true} : f64[1,3]
              %3 = full {shape=[2,3], value=0.0, dtype=f64} : f64[2,3]
              %4 = full {shape=[2,3], value=-0.0, dtype=f64} : f64[2,3]
              %5 = const 0.0 : f64[]
              %6 = const -0.0 : f64[]
              %7 = random.randn {shape=[3]} : f64[3]
              %8 = random.randn {shape=[3]} : f64[3]
              return %1, %2, %3, %4, %5, %6, %7, %8
            }

            """
        try PassCheck.golden(CommonSubexpressionElimination(), text, text)
    }

    @Test func aFusedKernelReadsTheMergedValuesOnce() throws {
        try PassCheck.golden(
            CommonSubexpressionElimination(),
            """
            func @f(%0: f32[4]) -> (f32[4]) {
              %1 = exp %0 : f32[4]
              %2 = exp %0 : f32[4]
              %5 = fused @k0 %1, %2 : f32[4] {
                %3 = multiply %1, %2 : f32[4]
                %4 = const 2.0 : f32[]
                %5 = add %3, %4 : f32[4]
              }
              %7 = fused @k1 %1, %2 : f32[4] {
                %6 = multiply %1, %2 : f32[4]
                %7 = tanh %6 : f32[4]
              }
              %8 = add %5, %7 : f32[4]
              return %8
            }

            """,
            """
            func @f(%0: f32[4]) -> (f32[4]) {
              %1 = exp %0 : f32[4]
              %5 = fused @k0 %1 : f32[4] {
                %3 = multiply %1, %1 : f32[4]
                %4 = const 2.0 : f32[]
                %5 = add %3, %4 : f32[4]
              }
              %7 = fused @k1 %1 : f32[4] {
                %6 = multiply %1, %1 : f32[4]
                %7 = tanh %6 : f32[4]
              }
              %8 = add %5, %7 : f32[4]
              return %8
            }

            """)
    }

    /// Book step 35: every order of `tanh`'s derivative recomputes `1 - y * y`.
    @Test func tanhHigherOrderDerivativesShrink() throws {
        let program = try BuiltinPrograms.named("tanh-4th")!.trace()
        let output = try CommonSubexpressionElimination().run(program)
        try Verifier.verify(output)
        #expect(output.instructions.count < program.instructions.count)
        let squares = output.instructions.filter { $0.operation == .array(.binary(.multiply)) && $0.operands == [Value(1), Value(1)] }
        #expect(squares.count == 1)
        #expect(try PassCheck.sameBits(program, output, seed: 2))
    }
}
}
