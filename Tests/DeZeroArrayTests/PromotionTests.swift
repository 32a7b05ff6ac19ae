import Testing
@testable import DeZeroArray

/// Result dtypes (and values) of every binary op for every dtype pair, array and 0-d operands on
/// either side, NumPy 1.23's value-based casting of 0-d operands, Swift `Double`/`Int` scalars on
/// either side, `where`, and in-place ops, against NumPy 1.23.
@Suite struct PromotionTests {
    @Test("promotion matches NumPy", arguments: Fixtures.cases("promotion"))
    func promotion(_ c: OpCase) { checkCase(c) }

    @Test func swiftScalarsAreWeak() {
        let f = NDArray.ones([3], dtype: .float32)
        let i = NDArray.arange(3)
        let b = NDArray([true, false])
        #expect((f * 2.0).dtype == .float32)
        #expect((2.0 * f).dtype == .float32)
        #expect((f + 2).dtype == .float32)
        #expect((i / 2).dtype == .float64)
        #expect((i + 2.5).dtype == .float64)
        #expect((i * 2).dtype == .int64)
        #expect((b + 1).dtype == .int64)
        #expect((b + b).dtype == .bool)
        // NumPy 1.23 looks at the value of a 0-d operand: 70000 does not fit float32's
        // companion int16/uint16, so the result is float64 (as `np.ones(3, np.float32) + 70000`).
        #expect((f + 70000).dtype == .float64)
        #expect((f + 65535).dtype == .float32)
        #expect((f * 1e300).dtype == .float64)
        #expect((f * 3.3e38).dtype == .float32)
    }

    @Test func inPlaceKeepsTheLeftDtype() {
        var a = NDArray.arange(4)
        a += 0.5
        #expect(a.dtype == .int64)
        var f = NDArray.ones([2], dtype: .float32)
        f *= NDArray([2.5, 3.5])
        #expect(f.dtype == .float32 && f.scalars(as: Float.self) == [2.5, 3.5])
    }
}
