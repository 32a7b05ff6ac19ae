import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZero

/// The parent of every suite whose tests draw from the global generator (`Random`, which the
/// lazily sized layers, `EmbedID` and dropout use, as DeZero uses `np.random`): its suites run
/// one test at a time, so a test's `Random.seed` is not disturbed by another test's draws.
@Suite(.serialized) enum GlobalRandomTests {}

/// The arrays of the fixtures written by scripts/fixtures/dezero_nn_fixtures.py.
enum NNFixtures {
    /// The path of `Fixtures/nn/<name>` in the test bundle.
    static func path(_ name: String) -> String { fixtures.path("nn/" + name) }

    /// The arrays of `Fixtures/nn/<name>` by key.
    static func arrays(_ name: String) -> [String: NDArray] { fixtures.arrays("nn/" + name) }

    static let optimizers = arrays("optimizers.npz")
    static let layers = arrays("layers.npz")
    static let models = arrays("models.npz")

    /// One architecture of models.json.
    struct Architecture: Decodable, Sendable {
        let params: [[Param]]
        let count: Int

        enum Param: Decodable, Sendable {
            case key(String), shape([Int])
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode(String.self) { self = .key(s) } else { self = .shape(try c.decode([Int].self)) }
            }
        }

        /// Key to shape.
        var shapes: [String: [Int]] {
            var result: [String: [Int]] = [:]
            for pair in params {
                if case .key(let k) = pair[0], case .shape(let s) = pair[1] { result[k] = s }
            }
            return result
        }
    }

    static let architectures = fixtures.decode([String: Architecture].self, from: "nn/models.json")
}

/// The fixture array `key` of `arrays`.
func fixture(_ arrays: [String: NDArray], _ key: String) -> NDArray {
    guard let array = arrays[key] else { preconditionFailure("fixture key \(key) missing") }
    return array
}

/// The largest absolute difference of two arrays of one shape, as float64.
func maxAbsDiff(_ a: NDArray, _ b: NDArray) -> Double {
    guard a.size > 0 else { return 0 }
    return abs(a.astype(.float64) - b.astype(.float64)).max().item()
}

/// Expects `actual` to have `expected`'s dtype and shape and to match it within `tolerance`
/// times the larger of 1 and the expected magnitude (1e-12 for float64, 1e-6 for float32 by
/// default).
func expectMatch(
    _ actual: NDArray, _ expected: NDArray, _ what: String, tolerance: Double? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.dtype == expected.dtype, "\(what): dtype \(actual.dtype), expected \(expected.dtype)", sourceLocation: sourceLocation)
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), expected \(expected.shape)", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let tol = tolerance ?? (expected.dtype == .float32 ? 1e-6 : 1e-12)
    let scale = Swift.max(1, expected.size > 0 ? abs(expected.astype(.float64)).max().item() : 0)
    let diff = maxAbsDiff(actual, expected)
    #expect(diff <= tol * scale, "\(what): differs by \(diff) (tolerance \(tol * scale))", sourceLocation: sourceLocation)
}

/// A Python interpreter with NumPy 1.23 and the Python DeZero: `$DEZERO_PYTHON`, or the peer
/// environment `.venv/bin/python` of scripts/python-env.sh; nil when neither imports dezero.
let dezeroPython: String? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates: [String?] = [ProcessInfo.processInfo.environment["DEZERO_PYTHON"], root.appendingPathComponent(".venv/bin/python").path]
    return candidates.compactMap { $0 }.first { runProcess($0, ["-c", "import dezero, numpy"]) != nil }
}()

/// A `python3` with NumPy, for the NumPy cross-checks; nil when there is none.
let numpyPython: String? = {
    if let dezeroPython { return dezeroPython }
    return runProcess("/usr/bin/env", ["python3", "-c", "import numpy"]) != nil ? "/usr/bin/env python3" : nil
}()

/// Runs `executable` (a path, or "/usr/bin/env python3") with `arguments`; its standard output,
/// or nil when it cannot run or exits with an error.
func runProcess(_ executable: String, _ arguments: [String]) -> String? {
    var parts = executable.split(separator: " ").map(String.init)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: parts.removeFirst())
    process.arguments = parts + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
}

/// The values of a Variable's data, the precondition tests' way to reach parameters.
extension Layer {
    /// The parameter with `key`.
    func param(_ key: String) -> Parameter {
        guard let p = namedParams().first(where: { $0.key == key })?.param else {
            preconditionFailure("no parameter \(key) in \(namedParams().map(\.key))")
        }
        return p
    }
}
