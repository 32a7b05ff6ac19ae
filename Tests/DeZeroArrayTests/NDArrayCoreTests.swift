import Testing
@testable import DeZeroArray

@Suite struct NDArrayCoreTests {
    @Test func initStoresValuesInCOrder() {
        let a = NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(a.shape == [2, 3])
        #expect(a.strides == [3, 1])
        #expect(a.dtype == .float64)
        #expect(a.scalars(as: Double.self) == [1, 2, 3, 4, 5, 6])
    }

    @Test func astypeConvertsLikeNumPy() {
        let a = NDArray([-1.5, 0, 2.7], shape: [3])
        #expect(a.astype(.int64).scalars(as: Int64.self) == [-1, 0, 2])
        #expect(a.astype(.bool).scalars(as: Bool.self) == [true, false, true])
        #expect(a.astype(.float32).dtype == .float32)
    }

    @Test func promotionFollowsLegacyNumPy() {
        #expect(DType.promote(.int64, .float32) == .float64)
        #expect(DType.result(.float32, rankA: 2, .float64, rankB: 0) == .float32)
        #expect(DType.result(.int64, rankA: 1, .float64, rankB: 0) == .float64)
        #expect(DType.result(.float32, rankA: 1, .float64, rankB: 1) == .float64)
    }
}
