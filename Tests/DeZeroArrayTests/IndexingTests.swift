import Testing
@testable import DeZeroArray

@Suite struct IndexingTests {
    // MARK: - NumPy parity

    @Test(arguments: IndexingFixtures.indexCases)
    func getMatchesNumPy(_ c: IndexingFixtures.IndexCase) {
        let x = c.x.array
        let result = x[indices: c.indices]
        #expect(result.matchesIndexingFixture(c.get), "got \(result.shape) \(result.scalars(as: Double.self))")
        if c.basic {
            #expect(result.storage === x.storage, "basic indexing must return a view")
        } else {
            #expect(result.storage !== x.storage, "advanced indexing must return a copy")
            #expect(result.isContiguous)
        }
    }

    @Test(arguments: IndexingFixtures.indexCases)
    func setMatchesNumPy(_ c: IndexingFixtures.IndexCase) {
        let x = c.x.array
        let before = x.scalars(as: Double.self)
        var y = x
        y[indices: c.indices] = c.set_value.array
        #expect(y.matchesIndexingFixture(c.set), "got \(y.scalars(as: Double.self))")
        // `y` shared `x`'s storage: the write must have copied it first.
        #expect(x.scalars(as: Double.self) == before)
    }

    @Test func setConvertsToTheArrayDType() {
        var a = NDArray.arange(6)
        a[1..<4] = NDArray(scalar: 2.7)
        #expect(a.dtype == .int64)
        #expect(a.scalars(as: Int64.self) == [0, 2, 2, 2, 4, 5])
        var f = NDArray.zeros([2, 3], dtype: .float32)
        f[.all, 1] = NDArray([1.5, 2.5])
        #expect(f.dtype == .float32)
        #expect(f.scalars(as: Float.self) == [0, 1.5, 0, 0, 2.5, 0])
    }

    @Test func repeatedIndicesLastWriteWins() {
        var a = NDArray.zeros([4])
        a[[0, 0, 2, 0]] = NDArray([1.0, 2, 3, 4])
        #expect(a.scalars(as: Double.self) == [4, 0, 3, 0])
    }

    // MARK: - Views and copy-on-write

    @Test func basicIndexingIsAViewAndWritesCopyOnWrite() {
        let x = NDArray.arange(12).reshape(3, 4)
        var row = x[1]
        #expect(row.storage === x.storage)
        #expect(row.shape == [4])
        #expect(row.scalars(as: Int64.self) == [4, 5, 6, 7])
        row[0] = NDArray(scalar: Int64(100))
        #expect(row.scalars(as: Int64.self) == [100, 5, 6, 7])
        #expect(x.scalars(as: Int64.self) == (0..<12).map(Int64.init))

        // A view taken before a write to the original keeps its values.
        var y = x
        let column = y[.all, 2]
        y[.all, 2] = NDArray(scalar: Int64(-1))
        #expect(column.scalars(as: Int64.self) == [2, 6, 10])
        #expect(y[.all, 2].scalars(as: Int64.self) == [-1, -1, -1])
        #expect(x[.all, 2].scalars(as: Int64.self) == [2, 6, 10])
    }

    @Test func uniquelyOwnedArrayIsWrittenInPlace() {
        var a = NDArray.zeros([3, 3])
        // Keep the address, not a reference (which would make the storage shared). A copy would
        // be allocated while the old buffer is still alive, so its address would differ.
        let bytes = a.storage.bytes
        a[1, 1] = NDArray(scalar: 5.0)
        #expect(a.storage.bytes == bytes)
        a[[0, 2], [2, 0]] = NDArray(scalar: 7.0)
        #expect(a.storage.bytes == bytes)
        #expect(a.scalars(as: Double.self) == [0, 0, 7, 0, 5, 0, 7, 0, 0])
    }

    @Test func writingThroughABroadcastViewCopiesIt() {
        var b = NDArray([1.0, 2, 3]).broadcast(to: [2, 3])
        b[0, 0] = NDArray(scalar: 9.0)
        #expect(b.scalars(as: Double.self) == [9, 2, 3, 1, 2, 3])
    }

    @Test func selfAssignmentFromAnOverlappingView() {
        var a = NDArray.arange(6)
        a[1..<6] = a[0..<5]
        #expect(a.scalars(as: Int64.self) == [0, 0, 1, 2, 3, 4])
    }

    // MARK: - Swift spellings

    @Test func swiftSpellings() {
        let x = NDArray.arange(24).reshape(2, 3, 4)
        func values(_ a: NDArray) -> [Int64] { a.scalars(as: Int64.self) }
        #expect(x[0].shape == [3, 4])
        #expect(values(x[1, 2]) == [20, 21, 22, 23])
        #expect(x[1..<2, .all].shape == [1, 3, 4])
        #expect(values(x[.ellipsis, -1]) == [3, 7, 11, 15, 19, 23])
        #expect(x[.newAxis].shape == [1, 2, 3, 4])
        #expect(x[.all, .newAxis, 0].shape == [2, 1, 4])
        #expect(values(x[0, 0, 1...2]) == [1, 2])
        #expect(values(x[0, 0, 2...]) == [2, 3])
        #expect(values(x[0, 0, ..<2]) == [0, 1])
        #expect(values(x[0, 0, ...1]) == [0, 1])
        #expect(values(x[0, 0, (-3)..<(-1)]) == [1, 2])
        #expect(values(x[0, 0, (-2)...(-1)]) == [2, 3])
        #expect(values(x[0, 0, ...(-1)]) == [0, 1, 2, 3])
        #expect(values(x[0, 0, NDSlice(step: -1)]) == [3, 2, 1, 0])
        #expect(values(x[0, 0, NDSlice(start: 1, stop: -1)]) == [1, 2])
        #expect(values(x[0, 0, NDSlice(start: -1, stop: 0, step: -2)]) == [3, 1])
        #expect(values(x[0, 0, .all]) == [0, 1, 2, 3])
        #expect(x[[0, 0, 1]].shape == [3, 3, 4])
        let t = NDArray([Int64(2), 0])
        #expect(values(x[0, NDArray.arange(2), t]) == [2, 4])
        #expect(values(x[x .> 20.0]) == [21, 22, 23])
        #expect(values(x[indices: [1, NDSlice(step: 2), -1]]) == [15, 23])
        #expect(x[].shape == [2, 3, 4])
    }

    @Test func sliceIndicesFollowPython() {
        let s = NDSlice(start: nil, stop: nil, step: -1)
        #expect(s.indices(length: 5) == (4, -1, -1))
        #expect(s.count(length: 5) == 5)
        #expect(NDSlice(start: -100, stop: 100).indices(length: 4) == (0, 4, 1))
        #expect(NDSlice(start: 10, stop: -10, step: -3).count(length: 7) == 3)
        #expect(NDSlice(start: 3, stop: 1).count(length: 7) == 0)
        #expect(NDSlice(start: 1, stop: 5, step: 2).description == "1:5:2")
        #expect(NDSlice.all.description == ":")
    }

    // MARK: - Errors

    @Test func outOfBoundsIndexStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = NDArray.zeros([3, 4])
            _ = x[5]
        }
        expectMessage(result, "subscript: index 5 is out of bounds for axis 0 with size 3 (array shape [3, 4])")
        let fancy = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = NDArray.zeros([3, 4])
            _ = x[.all, [0, -5]]
        }
        expectMessage(fancy, "index -5 is out of bounds for axis 1 with size 4")
        await #expect(processExitsWith: .failure) {
            var x = NDArray.zeros([3, 4])
            x[-4] = NDArray(scalar: 1.0)
        }
    }

    @Test func tooManyIndicesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = NDArray.zeros([3, 4])
            _ = x[0, 0, 0]
        }
        expectMessage(
            result, "subscript: too many indices for array: array is 2-dimensional, but 3 were indexed (array shape [3, 4])")
        await #expect(processExitsWith: .failure) {
            let x = NDArray.zeros([3, 4])
            _ = x[.ellipsis, 0, .ellipsis]
        }
    }

    /// Checks the misuse message (printed by debug and release builds alike).
    private func expectMessage(_ result: ExitTest.Result?, _ message: String) {
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains(message), "stderr: \(stderr)")
    }

    @Test func badMasksAndIndexArraysStop() async {
        await #expect(processExitsWith: .failure) {
            let x = NDArray.zeros([3, 4])
            _ = x[NDArray([true, false])]
        }
        await #expect(processExitsWith: .failure) {
            let x = NDArray.zeros([3, 4])
            _ = x[[0, 1], [0, 1, 2]]
        }
        await #expect(processExitsWith: .failure) {
            let x = NDArray.zeros([3, 4])
            _ = x[NDArray([0.0, 1.0])]
        }
    }
}
