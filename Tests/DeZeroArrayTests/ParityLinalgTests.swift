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
