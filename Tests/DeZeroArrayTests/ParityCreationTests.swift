import Testing
@testable import DeZeroArray

/// zeros/ones/full(-like), arange (int and float, every dtype), linspace, eye, array literals
/// and `NDArray(_:shape:)`, against NumPy 1.23.
@Suite struct ParityCreationTests {
    @Test("creation matches NumPy", arguments: Fixtures.cases("creation"))
    func creation(_ c: OpCase) { checkCase(c) }

    @Test func literalsHaveNumPyDtypes() {
        let ints: NDArray = [[1, 2], [3, 4]]
        let mixed: NDArray = [[1, 2], [3, 4.5]]
        let flags: NDArray = [true, false]
        #expect(ints.dtype == .int64 && ints.shape == [2, 2])
        #expect(mixed.dtype == .float64 && mixed.scalars(as: Double.self) == [1, 2, 3, 4.5])
        #expect(flags.dtype == .bool)
    }

    @Test func initFromValues() {
        let a = NDArray([Float(1), 2, 3, 4, 5, 6], shape: [3, 2])
        #expect(a.dtype == .float32 && a.shape == [3, 2] && a.strides == [2, 1] && a.isContiguous)
        #expect(NDArray([Int64(7)]).shape == [1])
        #expect(NDArray(scalar: true).shape == [])
    }
}
