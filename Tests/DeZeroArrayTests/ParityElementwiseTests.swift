import Testing
@testable import DeZeroArray

/// Elementwise operations against NumPy 1.23: unary functions and binary ops on special values
/// (NaN, ±inf, ±0, overflow), clip and where, broadcasting (including size-0 axes and 0-d
/// operands) and non-contiguous operands (transposed, swapped and broadcast views), and astype.
@Suite struct ParityElementwiseTests {
    @Test("elementwise ops match NumPy", arguments: Fixtures.cases("elementwise"))
    func elementwise(_ c: OpCase) { checkCase(c) }

    @Test("broadcasting and non-contiguous operands match NumPy", arguments: Fixtures.cases("broadcast"))
    func broadcasting(_ c: OpCase) { checkCase(c) }

    @Test("astype matches NumPy for every dtype pair", arguments: Fixtures.cases("astype"))
    func astype(_ c: OpCase) { checkCase(c) }
}
