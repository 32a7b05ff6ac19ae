import DeZero
import Foundation

/// A 0-d float64 Variable, as the book's `Variable(np.array(value))`.
func scalar(_ value: Double) -> Variable { Variable(NDArray(scalar: value)) }

/// An optional Variable as Python prints it: `None` when absent.
func pyOptional(_ v: Variable?) -> String { v.map(\.description) ?? "None" }

/// `value` with `digits` decimals, as Python's `'%.2f' % value` and `'{:.4f}'.format(value)`
/// (both round the exact binary value, as C's `printf` does).
func pyFixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
