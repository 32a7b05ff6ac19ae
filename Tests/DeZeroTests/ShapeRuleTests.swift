import DeZeroArray
import Testing

@testable import DeZero

/// Shape rules where this library deliberately follows NumPy or checks more than DeZero
/// (docs/autograd.md, issue 11 section 3).
@Suite struct ShapeRuleTests {
    @Test func expandDimsWithANegativeAxisFollowsNumPy() {
        let x = Variable(NDArray.ones([3, 4]))
        #expect(expandDims(x, -1).shape == [3, 4, 1])  // DeZero: (3, 1, 4)
        #expect(expandDims(x, -3).shape == [1, 3, 4])
        #expect(expandDims(x, 1).shape == [3, 1, 4])
    }

    @Test func sumToStillSumsEveryShapeThatBroadcasts() {
        let x = NDArray.arange(6).astype(.float64).reshape([2, 3])
        #expect(sumTo(x, [1, 3]).scalars(as: Double.self) == [3, 5, 7])
        #expect(sumTo(x, [3]).scalars(as: Double.self) == [3, 5, 7])
        #expect(sumTo(x, [2, 1]).scalars(as: Double.self) == [3, 12])
        #expect(sumTo(x, [1, 1]).shape == [1, 1] && sumTo(x, []).shape == [])
        #expect(sumTo(x, [2, 3]).scalars(as: Double.self) == [0, 1, 2, 3, 4, 5])
        #expect(broadcasts([3], to: [2, 3]) && !broadcasts([3, 2], to: [2, 3]) && !broadcasts([6], to: [2, 3]))
    }
}
