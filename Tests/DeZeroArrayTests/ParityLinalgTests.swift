import Testing
@testable import DeZeroArray

/// matmul, dot and tensordot (1-D, 2-D, batched, broadcast batches, transposed and broadcast
/// views, int64 and mixed dtypes, empty contractions), and concatenate/stack/split, against NumPy 1.23.
@Suite struct ParityLinalgTests {
    @Test("matmul, dot and tensordot match NumPy", arguments: Fixtures.cases("linalg"))
    func linalg(_ c: OpCase) { checkCase(c) }

    @Test("concatenate, stack and split match NumPy", arguments: Fixtures.cases("join"))
    func join(_ c: OpCase) { checkCase(c) }
}

/// Products with a vector operand go through the BLAS routines NumPy picks (`?dot` for a row
/// times a column, `?gemv` on the matrix as it lies in memory otherwise), so their sums round as
/// NumPy's do: DeZero's `MatMul` backward `x.T.dot(gy)` of a `(100, 1)` batch is such a product.
/// Expected values: NumPy 1.23.5 with OpenBLAS (gemm gives different last bits for each).
@Suite struct VectorProductOrderTests {
    static func values(_ count: Int) -> [Double] {
        (0..<count).map { i -> Double in
            let sign: Double = i % 3 == 0 ? -1 : 1
            let scale: Double = 1 + Double(i) * 1e-3
            return (1.0 / Double(i + 1)) * sign * scale
        }
    }

    static func otherValues(_ count: Int) -> [Double] {
        (0..<count).map { i -> Double in Double(i % 7) - 3.1 + 1.0 / Double(i + 3) }
    }

    static var matrixValues: [Double] { zip(values(300), otherValues(300)).map { $0 * $1 } }

    @Test func rowTimesColumnIsBLASDot() {
        let a = NDArray(Self.values(100), shape: [1, 100])
        let b = NDArray(Self.otherValues(100), shape: [100, 1])
        // np.dot(a, b) == a @ b == 1.2088951443541005 (dgemm: 1.2088951443540994)
        #expect(matmul(a, b).scalars(as: Double.self) == [1.2088951443541005])
        #expect(dot(a.ravel(), b.ravel()).scalars(as: Double.self) == [1.2088951443541005])
        #expect(matmul(a.astype(.float32), b.astype(.float32)).scalars(as: Float.self) == [Float(1.208895206451416)])
    }

    @Test func matrixTimesColumnIsBLASGemv() {
        let b = NDArray(Self.otherValues(100), shape: [100, 1])
        let a = NDArray(Self.matrixValues, shape: [3, 100])
        #expect(
            matmul(a, b).scalars(as: Double.self) == [-1.3988572465869051, -0.2583754110969714, -0.3622456016705375])
        // A transposed (Fortran-ordered) matrix: NumPy runs gemv on it in place, not on a copy.
        let m = NDArray(Self.matrixValues, shape: [100, 3])
        #expect(matmul(m.T, b).scalars(as: Double.self) == [-8.471928031742156, 4.8850529181696425, 1.4858102693725128])
    }

    @Test func rowTimesMatrixIsBLASGemv() {
        let a = NDArray(Self.values(100), shape: [1, 100])
        let m = NDArray(Self.matrixValues, shape: [100, 3])
        #expect(matmul(a, m).scalars(as: Double.self) == [-2.922760905303917, 0.9301526216278455, 0.3200363041712456])
    }
}
