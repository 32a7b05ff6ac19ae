import Testing
@testable import DeZeroArray

/// The fast paths for small arrays (row and element picking, column broadcasting, reductions
/// along contiguous runs, the one-pass sigmoid) give exactly what the general paths give. The
/// general path is reached with a Fortran-ordered copy of the same values (not contiguous in C
/// order), which the fast paths decline.
@Suite struct FastPathTests {
    /// `x` with the same values laid out in Fortran order: a non-contiguous view.
    static func fortran(_ x: NDArray) -> NDArray { x.T.copy().T }

    static func same(_ a: NDArray, _ b: NDArray) -> Bool {
        a.dtype == b.dtype && a.shape == b.shape && a.scalars(as: Double.self) == b.scalars(as: Double.self)
    }

    let x = NDArray((0..<20).map { Float($0) * 0.25 - 2 }, shape: [5, 4])

    @Test func pickingRowsMatchesTheGeneralPath() {
        #expect(!Self.fortran(x).isContiguous)
        let rows = NDArray([4, -1, 0, 2, 2] as [Int64])
        #expect(Self.same(x[rows], Self.fortran(x)[rows]))
        #expect(x[rows].shape == [5, 4])
        // A 2-D index array, and a strided one (every other element of a permutation).
        let grid = NDArray([0, 1, 3, 4] as [Int64], shape: [2, 2])
        #expect(Self.same(x[grid], Self.fortran(x)[grid]))
        let strided = NDArray([3, 9, 1, 9, 0, 9] as [Int64])[NDSlice(step: 2)]
        #expect(!strided.isContiguous)
        #expect(Self.same(x[strided], Self.fortran(x)[strided]))
        // A 1-D array picks elements.
        let v = NDArray([1.5, 2.5, 3.5])
        #expect(v[NDArray([2, 0] as [Int64])].scalars(as: Double.self) == [3.5, 1.5])
    }

    @Test func pickingOneElementPerRowMatchesTheGeneralPath() {
        let rows = NDArray.arange(5)
        let columns = NDArray([3, -1, 0, 2, 1] as [Int64])
        #expect(Self.same(x[rows, columns], Self.fortran(x)[rows, columns]))
        #expect(x[rows, columns].scalars(as: Float.self) == [-1.25, -0.25, 0, 1.5, 2.25])
        let labels = NDArray([0, 2, 1] as [Int64])
        let eye = NDArray.eye(3, dtype: .float32)
        #expect(Self.same(eye[labels], Self.fortran(eye)[labels]))
    }

    @Test func columnBroadcastingMatchesTheFullOperand() {
        let column = x.max(axis: 1, keepdims: true)
        let full = column.broadcast(to: x.shape).copy()
        #expect(Self.same(x - column, x - full))
        #expect(Self.same(column / x, full / x))
        #expect(Self.same(exp(x - column), exp(x - full)))
    }

    @Test func reductionsAlongRunsMatchTheGeneralPath() {
        let values = NDArray((0..<24).map { Double(($0 * 7) % 11) - 5 }, shape: [2, 3, 4])
        for kind in [ReductionKind.sum, .max, .min] {
            for axes in [nil, [2], [-1], [0]] as [[Int]?] {
                for keepdims in [false, true] {
                    let fast = values.reduce(kind, axes: axes, keepdims: keepdims)
                    let general = Self.fortran(values).reduce(kind, axes: axes, keepdims: keepdims)
                    #expect(Self.same(fast, general), "\(kind) over \(String(describing: axes)), keepdims \(keepdims)")
                }
            }
        }
    }

    @Test func oneSoftmaxPassPerRowIsTheCompositeRoundedTheSameWay() {
        let scores = NDArray((0..<90).map { Float(($0 * 37) % 23) * 0.37 - 4 }, shape: [30, 3])
        let values: [Double] = (0..<36000).map { i in Double((i * 7919) % 1013) * 0.011 - 5 }
        let wide = NDArray(values, shape: [4, 9000])
        for x in [scores, scores.astype(.float64), wide] {
            let m = x.max(axis: 1, keepdims: true)
            let shifted = exp(x - m)
            #expect(Self.same(logsumexp(x, axis: 1), log(shifted.sum(axis: 1, keepdims: true)) + m))
            #expect(Self.same(logsumexp(x, axis: -1, keepdims: false), logsumexp(Self.fortran(x), axis: 1, keepdims: false)))
            #expect(Self.same(softmax(x, axis: 1), shifted / shifted.sum(axis: 1, keepdims: true)))
            #expect(Self.same(softmax(Self.fortran(x), axis: 1), softmax(x, axis: 1)))
        }
        // Other axes and dtypes take the composite path.
        let columns = exp(scores - scores.max(axis: 0, keepdims: true))
        #expect(Self.same(softmax(scores, axis: 0), columns / columns.sum(axis: 0, keepdims: true)))
        #expect(logsumexp(NDArray([1, 2, 3] as [Int64], shape: [1, 3])).dtype == .float64)
    }

    @Test func largeBuffersAreReusedAndNewArraysStillFilled() {
        let shape = [37 << 17]  // 37 MiB of float64: a size class no other test uses
        var address: UnsafeMutableRawPointer?
        do {
            let a = NDArray.full(shape, 7)
            address = a.storage.bytes
        }
        #expect(BlockCache.heldBytes >= BlockCache.capacity(for: 37 << 20))
        let b = NDArray.zeros(shape)
        #expect(b.storage.bytes == address, "the freed block is reused")
        #expect(b.scalars(as: Double.self).allSatisfy { $0 == 0 })
        #expect(BlockCache.capacity(for: (1 << 20) + 1) == 2 << 20)
        #expect(BlockCache.capacity(for: 5 << 20) == 6 << 20)
        #expect(BlockCache.limit > 0 && BlockCache.limit <= 1 << 30)
    }

    @Test func sigmoidIsTheCompositeRoundedTheSameWay() {
        let a = NDArray((0..<301).map { Float($0) * 0.1 - 15 })
        #expect(sigmoid(a).scalars(as: Float.self) == (tanh(a * 0.5) * 0.5 + 0.5).scalars(as: Float.self))
        let b = NDArray((0..<301).map { Double($0) * 0.1 - 15 }, shape: [7, 43])
        #expect(Self.same(sigmoid(b), tanh(b * 0.5) * 0.5 + 0.5))
        #expect(Self.same(sigmoid(Self.fortran(b)), sigmoid(b)))
        let integers = NDArray([-2, 0, 3] as [Int64])
        #expect(Self.same(sigmoid(integers), tanh(integers * 0.5) * 0.5 + 0.5))
        #expect(sigmoid(integers).dtype == .float64)
    }
}
