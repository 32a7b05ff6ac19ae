import Testing
@testable import DeZeroArray

/// Reductions against NumPy 1.23: sum/mean/max/min over every axis form (nil, int, negative,
/// tuple, empty tuple) with and without keepdims, on contiguous and transposed inputs of every
/// dtype; NumPy's pairwise summation bit for bit on 1-D contiguous inputs; argmax/argmin (ties,
/// NaN) and DeZero's logsumexp.
@Suite struct ParityReductionTests {
    @Test("reductions match NumPy", arguments: Fixtures.cases("reductions"))
    func reductions(_ c: OpCase) { checkCase(c) }

    @Test func pairwiseSumCasesAreBitExact() {
        // The 1-D contiguous sums are compared bit for bit, as the fixture says.
        let pairwise = Fixtures.cases("reductions").filter { $0.name.contains("(pairwise)") }
        #expect(pairwise.count >= 25)
        #expect(pairwise.allSatisfy { $0.cmp.mode == "exact" })
    }
}

/// Sums over arrays with axes of length 1 add in NumPy's order: NumPy drops those axes before
/// it loops, so DeZero's `sum_to` of a `(100, 1)` gradient to `(1,)` is a pairwise sum.
@Suite struct UnitAxisSumOrderTests {
    /// 1/(i+1), every third negated, slightly scaled: sums whose rounding depends on the order.
    static func values(_ count: Int) -> [Double] {
        (0..<count).map { i -> Double in
            let sign: Double = i % 3 == 0 ? -1 : 1
            let scale: Double = 1 + Double(i) * 1e-3
            return (1.0 / Double(i + 1)) * sign * scale
        }
    }

    @Test func columnSummedOverItsLongAxisIsPairwise() {
        let a = NDArray(Self.values(100), shape: [100, 1])
        // NumPy 1.23: a.sum(axis=0) == a.sum() == 0.7829480285194403 (row after row: ...406).
        #expect(a.sum(axis: 0).scalars(as: Double.self) == [0.7829480285194403])
        #expect(a.sum(axes: [0, 1], keepdims: true).scalars(as: Double.self) == [0.7829480285194403])
        #expect(a.T.sum(axis: 1).scalars(as: Double.self) == [0.7829480285194403])
        let f = a.astype(.float32)
        #expect(f.sum(axis: 0).scalars(as: Float.self) == [Float(0.7829478979110718)])
    }

    @Test func leadingUnitAxisKeepsRowAfterRowSums() {
        let a = NDArray(Self.values(200), shape: [1, 100, 2])
        // NumPy 1.23: a.sum(axis=1) adds rows as (100, 2).sum(axis=0) (pairwise per column would
        // give 0.033449908283070096 and 1.02009579491155).
        #expect(a.sum(axis: 1).scalars(as: Double.self) == [0.03344990828307, 1.0200957949115501])
        #expect(a.sum(axis: 1).shape == [1, 2])
        #expect(a.sum(axis: 1, keepdims: true).shape == [1, 1, 2])
    }

    @Test func leadingAxisSumsAddRowAfterRowOntoPositiveZero() {
        let values = Self.values(200)
        #expect(NDArray(values, shape: [100, 2]).sum(axis: 0).scalars(as: Double.self) == [0.03344990828307, 1.0200957949115501])
        let floats = values.map { Float($0) }
        var expected: [Float] = [0 + floats[0], 0 + floats[1]]
        for i in 1..<100 {
            expected[0] += floats[2 * i]
            expected[1] += floats[2 * i + 1]
        }
        #expect(NDArray(floats, shape: [100, 2]).sum(axis: 0).scalars(as: Float.self) == expected)
        let zeros = NDArray([-0.0, -0.0, -0.0, -0.0], shape: [2, 2]).sum(axis: 0).scalars(as: Double.self)
        #expect(zeros == [0, 0] && zeros.allSatisfy { $0.sign == .plus })
    }
}
