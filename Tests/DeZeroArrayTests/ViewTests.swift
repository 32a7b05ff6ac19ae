import Testing
@testable import DeZeroArray

/// Views against NumPy 1.23 (values, shapes and the C-contiguity flag), and the storage facts
/// NumPy cannot tell us: which operations share storage, and that mutation is copy-on-write.
@Suite struct ViewTests {
    @Test("views match NumPy", arguments: Fixtures.cases("views"))
    func views(_ c: OpCase) { checkCase(c) }

    static func sharesStorage(_ a: NDArray, _ b: NDArray) -> Bool { a.storage === b.storage }

    @Test func viewsShareStorage() {
        let a = NDArray.arange(24).reshape(2, 3, 4)
        #expect(Self.sharesStorage(a, a.reshape([6, -1])))
        #expect(Self.sharesStorage(a, a.transpose()))
        #expect(Self.sharesStorage(a, a.transpose(1, 0, 2)))
        #expect(Self.sharesStorage(a, a.T))
        #expect(Self.sharesStorage(a, a.swapaxes(0, 2)))
        #expect(Self.sharesStorage(a, a.expandDims(1)))
        #expect(Self.sharesStorage(a, a.expandDims(1).squeeze()))
        #expect(Self.sharesStorage(a, a.ravel()))
        #expect(Self.sharesStorage(a, a.contiguous()))
        #expect(Self.sharesStorage(a, a.astype(.int64)))
        #expect(Self.sharesStorage(a, a.reshape([1, 2, 3, 4]).broadcast(to: [5, 2, 3, 4])))
        #expect(split(a, 3, axis: 1).allSatisfy { Self.sharesStorage(a, $0) })
        #expect(!Self.sharesStorage(a, a.flatten()))
        #expect(!Self.sharesStorage(a, a.copy()))
        #expect(!Self.sharesStorage(a, a.astype(.int64, forceCopy: true)))
    }

    @Test func reshapeOfTransposedCopies() {
        let a = NDArray.arange(6).reshape(2, 3)
        let t = a.T
        #expect(!t.isContiguous)
        let r = t.reshape([-1])
        #expect(!Self.sharesStorage(a, r))
        #expect(r.isContiguous)
        #expect(r.scalars(as: Int64.self) == [0, 3, 1, 4, 2, 5])
        #expect(t.ravel().scalars(as: Int64.self) == [0, 3, 1, 4, 2, 5])
        let c = t.contiguous()
        #expect(c.isContiguous && c.strides == [2, 1] && !Self.sharesStorage(a, c))
    }

    @Test func contiguityAndStrides() {
        let a = NDArray.zeros([2, 3, 4])
        #expect(a.strides == [12, 4, 1] && a.isContiguous)
        #expect(!a.T.isContiguous && a.T.strides == [1, 4, 12])
        #expect(a.T.T.isContiguous)
        #expect(a.expandDims(0).isContiguous && a.expandDims(3).isContiguous)
        #expect(!NDArray.zeros([3]).broadcast(to: [2, 3]).isContiguous)
        #expect(NDArray.zeros([3]).broadcast(to: [2, 3]).strides == [0, 1])
        #expect(NDArray.zeros([1, 3]).broadcast(to: [1, 3]).isContiguous)
        #expect(NDArray.zeros([3, 1]).T.isContiguous)
        #expect(!split(NDArray.zeros([4, 6]), 2, axis: 1)[1].isContiguous)
        #expect(split(NDArray.zeros([4, 6]), 2, axis: 0)[1].isContiguous)
        #expect(NDArray(scalar: 1.0).isContiguous)
    }

    @Test func mutatingAViewCopiesOnWrite() {
        let a = NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
        var t = a.T
        t.withUnsafeMutableBufferPointer(as: Double.self) { $0[0] = 100 }
        #expect(a.scalars(as: Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(t.scalars(as: Double.self) == [100, 4, 2, 5, 3, 6])
        #expect(!Self.sharesStorage(a, t))

        var r = a.reshape([6])
        r.withUnsafeMutableBufferPointer(as: Double.self) { $0[5] = -1 }
        #expect(a.scalars(as: Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(r.scalars(as: Double.self) == [1, 2, 3, 4, 5, -1])

        var pieces = split(a, 3, axis: 1)
        pieces[1].withUnsafeMutableBufferPointer(as: Double.self) { $0[0] = 0 }
        #expect(a.scalars(as: Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(pieces[1].scalars(as: Double.self) == [0, 5])

        var copy = a
        copy.withUnsafeMutableBufferPointer(as: Double.self) { $0[0] = 7 }
        #expect(a.scalars(as: Double.self)[0] == 1 && copy.scalars(as: Double.self)[0] == 7)

        var b = a.broadcast(to: [2, 2, 3])
        b.withUnsafeMutableBufferPointer(as: Double.self) { $0[0] = 9 }
        #expect(b.scalars(as: Double.self) == [9, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
        #expect(a.scalars(as: Double.self) == [1, 2, 3, 4, 5, 6])
    }

    @Test func uniqueContiguousStorageIsMutatedInPlace() {
        var a = NDArray.zeros([4])
        let before = ObjectIdentifier(a.storage)
        a.withUnsafeMutableBufferPointer(as: Double.self) { $0[2] = 5 }
        #expect(ObjectIdentifier(a.storage) == before)
        #expect(a.scalars(as: Double.self) == [0, 0, 5, 0])
    }

    @Test func inPlaceOperatorsLeaveOtherViewsAlone() {
        let a = NDArray.arange(6).reshape(2, 3)
        var v = a.T
        v += 10
        #expect(a.scalars(as: Int64.self) == [0, 1, 2, 3, 4, 5])
        #expect(v.scalars(as: Int64.self) == [10, 13, 11, 14, 12, 15])
        #expect(v.shape == [3, 2])
    }
}
