import Testing
@testable import DeZeroArray

@Suite struct ScatterAddTests {
    @Test(arguments: IndexingFixtures.indexCases)
    func addAtMatchesNumPy(_ c: IndexingFixtures.IndexCase) {
        let x = c.x.array
        let before = x.scalars(as: Double.self)
        var y = x
        y.addAt(c.indices, c.addat_value.array)
        #expect(y.matchesIndexingFixture(c.addat), "got \(y.scalars(as: Double.self))")
        #expect(x.scalars(as: Double.self) == before, "addAt must not write into shared storage")
    }

    @Test func repeatedIndicesAccumulate() {
        var a = NDArray.zeros([3])
        a.addAt([[0, 0, 1, 0]], NDArray([1.0, 2, 3, 4]))
        #expect(a.scalars(as: Double.self) == [7, 3, 0])

        // The backward pass of x[arange(N), t]: one gradient per selected element.
        var g = NDArray.zeros([2, 3], dtype: .float32)
        g.addAt([NDArray.arange(2), [2, 2]], NDArray([Float(1), 2]))
        g.addAt([NDArray.arange(2), [2, 0]], NDArray([Float(10), 20]))
        #expect(g.dtype == .float32)
        #expect(g.scalars(as: Float.self) == [0, 0, 11, 20, 0, 2])
    }

    @Test func freeFunctionAndBroadcastValues() {
        var a = NDArray.zeros([2, 3])
        addAt(&a, [[1, 1], NDSlice.all], NDArray(scalar: 0.5))
        #expect(a.scalars(as: Double.self) == [0, 0, 0, 1, 1, 1])
        addAt(&a, [.ellipsis, 0], NDArray([1.0, 2]))
        #expect(a.scalars(as: Double.self) == [1, 0, 0, 3, 1, 1])
    }

    @Test func float32ArrayAddsFloat64ValuesInFloat64() {
        var a = NDArray([Float(1)])
        let tiny = 1e-8
        a.addAt([[0, 0]], NDArray([tiny, tiny]))
        // Each addition rounds back to float32, as np.add.at does.
        #expect(a.scalars(as: Float.self) == [Float(Double(Float(1.0 + tiny)) + tiny)])
        var b = NDArray.arange(3)
        b.addAt([[2, 2]], NDArray([Int64(5), 6]))
        #expect(b.scalars(as: Int64.self) == [0, 1, 13])
    }

    @Test func addAtOutOfBoundsStops() async {
        await #expect(processExitsWith: .failure) {
            var a = NDArray.zeros([3])
            a.addAt([[0, 3]], NDArray([1.0, 1.0]))
        }
        await #expect(processExitsWith: .failure) {
            var a = NDArray.arange(3)
            a.addAt([[0]], NDArray([0.5]))
        }
    }
}
