import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

/// The files scripts/fixtures/dezero_data_fixtures.py writes under Fixtures/data.
enum DataFixtures {
    /// The folder Fixtures/data of the test bundle.
    static let directory = fixtures.path("data")

    /// data.npz, by name.
    static let arrays = fixtures.arrays("data/data.npz")

    /// The array `name` of data.npz.
    static func array(_ name: String) -> NDArray {
        guard let a = arrays[name] else { preconditionFailure("data.npz has no array \(name)") }
        return a
    }

    /// A path inside Fixtures/data.
    static func path(_ relative: String) -> String { directory + "/" + relative }
}

/// Whether `a` and `b` have the same dtype, shape and bytes.
func identical(_ a: NDArray, _ b: NDArray) -> Bool {
    guard a.dtype == b.dtype, a.shape == b.shape else { return false }
    let x = a.contiguous(), y = b.contiguous()
    return x.withUnsafeBytes { p in y.withUnsafeBytes { q in p.elementsEqual(q) } }
}

/// Records a failure naming the dtypes and shapes (and the first values) unless `a` and `b` are
/// identical.
func expectIdentical(
    _ a: NDArray, _ b: NDArray, _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        identical(a, b),
        "\(what): got \(a.dtype) \(a.shape) \(a.scalars(as: Double.self).prefix(6)), expected \(b.dtype) \(b.shape) \(b.scalars(as: Double.self).prefix(6))",
        sourceLocation: sourceLocation)
}

