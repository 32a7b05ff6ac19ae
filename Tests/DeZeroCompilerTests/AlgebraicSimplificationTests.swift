import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// `simplify` on hand-written programs: golden text before and after, and what must stay.
@Suite struct AlgebraicSimplificationTests {
    @Test func shapeIdentitiesAndChains() throws {
        try PassCheck.golden(
            AlgebraicSimplification(),
            """
            func @f(%0: f32[2,3], %1: i64[2,1]) -> (f32[2,3], f32[3,2], f32[6], f32[3,2,2,3], i64[2,1], f32[2,3]) {
              %2 = reshape %0 {shape=[2,3]} : f32[2,3]
              %3 = broadcast_to %2 {shape=[2,3]} : f32[2,3]
              %4 = transpose %3 {axes=[0,1]} : f32[2,3]
              %5 = expand_dims %4 {axis=0} : f32[1,2,3]
              %6 = reshape %5 {shape=[3,2]} : f32[3,2]
              %7 = squeeze %5 {axes=[0]} : f32[2,3]
              %8 = reshape %6 {shape=[6]} : f32[6]
              %9 = broadcast_to %5 {shape=[2,2,3]} : f32[2,2,3]
              %10 = broadcast_to %9 {shape=[3,2,2,3]} : f32[3,2,2,3]
              %11 = sum %1 {axes=[1], keepdims=true} : i64[2,1]
              %12 = max %0 {axes=[], keepdims=false} : f32[2,3]
              %13 = min %5 {axes=[0], keepdims=false} : f32[2,3]
              %14 = add %7, %13 : f32[2,3]
              return %12, %6, %8, %10, %11, %14
            }

            """,
            """
            func @f(%0: f32[2,3], %1: i64[2,1]) -> (f32[2,3], f32[3,2], f32[6], f32[3,2,2,3], i64[2,1], f32[2,3]) {
              %5 = expand_dims %0 {axis=0} : f32[1,2,3]
              %6 = reshape %0 {shape=[3,2]} : f32[3,2]
              %8 = reshape %0 {shape=[6]} : f32[6]
              %9 = broadcast_to %5 {shape=[2,2,3]} : f32[2,2,3]
              %10 = broadcast_to %5 {shape=[3,2,2,3]} : f32[3,2,2,3]
              %14 = add %0, %0 : f32[2,3]
              return %0, %6, %8, %10, %1, %14
            }

            """)
    }

    @Test func transposesCompose() throws {
        try PassCheck.golden(
            AlgebraicSimplification(),
            """
            func @f(%0: f64[2,3,4]) -> (f64[2,3,4], f64[3,4,2], f64[4,3,2]) {
              %1 = transpose %0 {axes=[1,2,0]} : f64[3,4,2]
              %2 = transpose %1 {axes=[2,0,1]} : f64[2,3,4]
              %3 = transpose %0 {axes=[2,1,0]} : f64[4,3,2]
              %4 = transpose %3 {axes=[1,0,2]} : f64[3,4,2]
              %5 = transpose %4 {axes=[-2,0,-1]} : f64[4,3,2]
              return %2, %4, %5
            }

            """,
            """
            func @f(%0: f64[2,3,4]) -> (f64[2,3,4], f64[3,4,2], f64[4,3,2]) {
              %1 = transpose %0 {axes=[1,2,0]} : f64[3,4,2]
              %3 = transpose %0 {axes=[2,1,0]} : f64[4,3,2]
              %4 = transpose %0 {axes=[1,2,0]} : f64[3,4,2]
              %5 = transpose %0 {axes=[2,1,0]} : f64[4,3,2]
              return %0, %4, %5
            }

            """)
    }

    /// `x * 1`, `x / 1`, `x + (-0.0)`, `x - 0.0`, `astype` to the same dtype, `-(-x)`: gone
    /// when the result has `x`'s type.
    @Test func arithmeticIdentities() throws {
        try PassCheck.golden(
            AlgebraicSimplification(),
            """
            func @f(%0: f32[2,3], %1: i64[3]) -> (f32[2,3], f32[2,3], f32[2,3], f32[2,3], f32[2,3], i64[3], i64[3], f32[2,3]) {
              %2 = full {shape=[], value=1.0, dtype=f32} : f32[]
              %3 = multiply %2, %0 : f32[2,3]  # Mul backward
              %4 = const [1.0, 1.0, 1.0] : f64[3]
              %5 = const 1.0 : f64[]
              %6 = divide %3, %5 : f32[2,3]
              %7 = const -0.0 : f64[]
              %8 = add %6, %7 : f32[2,3]
              %9 = const [0.0, 0.0, 0.0] : f32[3]
              %10 = subtract %8, %9 : f32[2,3]
              %11 = astype %10 {dtype=f32} : f32[2,3]
              %12 = const 0 : i64[]
              %13 = add %12, %1 : i64[3]
              %14 = multiply %1, %12 : i64[3]
              %15 = negative %11 : f32[2,3]
              %16 = negative %15 : f32[2,3]
              return %3, %6, %8, %10, %11, %13, %14, %16
            }

            """,
            """
            func @f(%0: f32[2,3], %1: i64[3]) -> (f32[2,3], f32[2,3], f32[2,3], f32[2,3], f32[2,3], i64[3], i64[3], f32[2,3]) {
              %2 = full {shape=[], value=1.0, dtype=f32} : f32[]
              %4 = const [1.0, 1.0, 1.0] : f64[3]
              %5 = const 1.0 : f64[]
              %7 = const -0.0 : f64[]
              %9 = const [0.0, 0.0, 0.0] : f32[3]
              %12 = const 0 : i64[]
              %14 = multiply %1, %12 : i64[3]
              %15 = negative %0 : f32[2,3]
              return %0, %0, %0, %0, %0, %1, %14, %0
            }

            """)
    }

    /// What looks like an identity and is not, bit for bit: a float `sum` over a length-1 axis
    /// (it adds onto +0.0), `x + 0.0` and `x - (-0.0)` (for x = -0.0), a one that broadcasts `x`
    /// or promotes it, an `astype` to another dtype.
    @Test func leavesWhatIsNotAnIdentity() throws {
        let text = """
            func @f(%0: f32[2,1], %1: f32[3]) -> (f32[2,1], f32[2], f32[2,1], f32[2,1], f32[2,3], f64[2,1], f64[2,1], f32[2,1], f32[3]) {
              %2 = sum %0 {axes=[1], keepdims=true} : f32[2,1]
              %3 = sum %0 {axes=[1], keepdims=false} : f32[2]
              %4 = const 0.0 : f32[]
              %5 = add %0, %4 : f32[2,1]
              %6 = const -0.0 : f32[]
              %7 = subtract %0, %6 : f32[2,1]
              %8 = full {shape=[2,3], value=1.0, dtype=f32} : f32[2,3]
              %9 = multiply %0, %8 : f32[2,3]
              %10 = const [1.0] : f64[1]
              %11 = multiply %0, %10 : f64[2,1]
              %12 = astype %0 {dtype=f64} : f64[2,1]
              %13 = const 0 : i64[]
              %14 = add %0, %13 : f32[2,1]
              %15 = const 2.0 : f32[]
              %16 = multiply %1, %15 : f32[3]
              return %2, %3, %5, %7, %9, %11, %12, %14, %16
            }

            """
        try PassCheck.golden(AlgebraicSimplification(), text, text)
    }

    /// The claim behind leaving float sums alone: `sum` over a length-1 axis turns -0.0 into +0.0.
    @Test func aFloatSumOfOneElementIsNotTheElement() {
        let x = NDArray([Float(-0.0)], shape: [1, 1])
        let s = x.sum(axes: [1], keepdims: true)
        #expect(s.scalars(as: Float.self)[0].sign == .plus)
        #expect(x.max(axes: [1], keepdims: true).scalars(as: Float.self)[0].sign == .minus)
    }
}
}
