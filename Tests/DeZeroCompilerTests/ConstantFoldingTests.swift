import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// `fold` on hand-written programs: golden text before and after.
@Suite struct ConstantFoldingTests {
    /// The loss backward of `softmaxCrossEntropy`: the seed scaled by 1/N, the one-hot table.
    @Test func foldsTheSeedScaleAndTheOneHotTable() throws {
        try PassCheck.golden(
            ConstantFolding(),
            """
            func @f(%0: f32[4,3], %1: i64[4]) -> (f32[4,3]) {
              %2 = full {shape=[], value=1.0, dtype=f32} : f32[]
              %3 = const 0.25 : f64[]
              %4 = multiply %2, %3 : f64[]  # SoftmaxCrossEntropy backward
              %5 = const [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0] : f64[3,3]
              %6 = astype %5 {dtype=f32} : f32[3,3]  # SoftmaxCrossEntropy backward
              %7 = getitem %6, %1 {index=[array]} : f32[4,3]
              %8 = softmax %0 {axis=1} : f32[4,3]
              %9 = subtract %8, %7 : f32[4,3]
              %10 = multiply %9, %4 : f32[4,3]
              return %10
            }

            """,
            """
            func @f(%0: f32[4,3], %1: i64[4]) -> (f32[4,3]) {
              %2 = full {shape=[], value=1.0, dtype=f32} : f32[]
              %3 = const 0.25 : f64[]
              %4 = const 0.25 : f64[]  # SoftmaxCrossEntropy backward
              %5 = const [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0] : f64[3,3]
              %6 = const [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0] : f32[3,3]  # SoftmaxCrossEntropy backward
              %7 = getitem %6, %1 {index=[array]} : f32[4,3]
              %8 = softmax %0 {axis=1} : f32[4,3]
              %9 = subtract %8, %7 : f32[4,3]
              %10 = multiply %9, %4 : f32[4,3]
              return %10
            }

            """)
    }

    @Test func foldsChainsWithTheEagerRoundingAndPromotion() throws {
        try PassCheck.golden(
            ConstantFolding(),
            """
            func @f(%0: f32[2]) -> (f32[2], f64[], f32[2,2]) {
              %1 = const [0.1, 0.2] : f32[2]
              %2 = const 3.0 : f64[]
              %3 = multiply %1, %2 : f32[2]
              %4 = exp %3 : f32[2]
              %5 = add %0, %4 : f32[2]
              %6 = const 0.1 : f64[]
              %7 = const 0.2 : f64[]
              %8 = add %6, %7 : f64[]
              %9 = reshape %1 {shape=[2,1]} : f32[2,1]
              %10 = broadcast_to %9 {shape=[2,2]} : f32[2,2]
              return %5, %8, %10
            }

            """,
            """
            func @f(%0: f32[2]) -> (f32[2], f64[], f32[2,2]) {
              %1 = const [0.1, 0.2] : f32[2]
              %2 = const 3.0 : f64[]
              %3 = const [0.3, 0.6] : f32[2]
              %4 = const [1.3498588, 1.8221189] : f32[2]
              %5 = add %0, %4 : f32[2]
              %6 = const 0.1 : f64[]
              %7 = const 0.2 : f64[]
              %8 = const 0.30000000000000004 : f64[]
              %9 = const [0.1, 0.2] : f32[2,1]
              %10 = const [0.1, 0.1, 0.2, 0.2] : f32[2,2]
              return %5, %8, %10
            }

            """)
    }

    @Test func leavesDrawsLargeResultsAndNonConstantOperands() throws {
        let text = """
            func @f(%0: f32[2]) -> (f64[2], f32[5000], f32[2]) {
              %1 = random.rand {shape=[2]} : f64[2]
              %2 = exp %1 : f64[2]
              %3 = full {shape=[5000], value=1.0, dtype=f32} : f32[5000]
              %4 = exp %3 : f32[5000]
              %5 = const 2.0 : f32[]
              %6 = multiply %0, %5 : f32[2]
              return %2, %4, %6
            }

            """
        try PassCheck.golden(ConstantFolding(), text, text)
    }

    @Test func theSizeCapIsAnOption() throws {
        let program = try ProgramParser.parse(
            """
            func @f() -> (f64[8]) {
              %0 = full {shape=[8], value=2.0, dtype=f64} : f64[8]
              %1 = exp %0 : f64[8]
              return %1
            }

            """)
        #expect(try ConstantFolding(maxElements: 4).run(program).constants.isEmpty)
        let folded = try ConstantFolding(maxElements: 8).run(program)
        #expect(folded.constants.count == 1 && folded.instructions[1].operation == .constant(0))
        #expect(try PassCheck.sameBits(program, folded, seed: 0))
    }
}
}
