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
