import Testing
@testable import DeZeroArray

@Suite struct PadTests {
    @Test(arguments: IndexingFixtures.padCases)
    func padMatchesNumPy(_ c: IndexingFixtures.PadCase) {
        let widths = c.widths.map { ($0[0], $0[1]) }
        let result = pad(c.x.array, widths, constant: c.constant)
        #expect(result.matchesIndexingFixture(c.result), "got \(result.shape) \(result.scalars(as: Double.self))")
        #expect(result.isContiguous)
    }

    @Test func padsAStridedView() {
        let x = NDArray.arange(6).reshape(2, 3).T  // [[0, 3], [1, 4], [2, 5]]
        let p = pad(x, [(0, 1), (1, 0)], constant: -1)
        #expect(p.shape == [4, 3])
        #expect(p.scalars(as: Int64.self) == [-1, 0, 3, -1, 1, 4, -1, 2, 5, -1, -1, -1])
        #expect(pad(NDArray([1.0]), width: 2).scalars(as: Double.self) == [0, 0, 1, 0, 0])
    }

    @Test func negativeWidthStops() async {
        await #expect(processExitsWith: .failure) {
            _ = pad(NDArray([1.0, 2]), [(-1, 0)])
        }
    }
}
