import DeZeroArray
import Foundation
import Testing

/// The files scripts/fixtures/dezero_data_fixtures.py writes under Fixtures/data.
enum DataFixtures {
    /// The folder Fixtures/data of the test bundle.
    static let directory: String = {
        guard let url = Bundle.module.url(forResource: "Fixtures/data", withExtension: nil) else {
            preconditionFailure("missing fixture folder Fixtures/data")
        }
        return url.path
    }()

    /// data.npz, by name.
    static let arrays: [String: NDArray] = {
        do {
            return try NPZ.loadDictionary(directory + "/data.npz")
        } catch {
            preconditionFailure("cannot read Fixtures/data/data.npz: \(error)")
        }
    }()

    /// The array `name` of data.npz.
    static func array(_ name: String) -> NDArray {
        guard let a = arrays[name] else { preconditionFailure("data.npz has no array \(name)") }
        return a
    }

    /// A path inside Fixtures/data.
    static func path(_ relative: String) -> String { directory + "/" + relative }

    /// A new empty temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "dezero-data-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
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

