import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroArray

/// The fixtures written by `scripts/fixtures/npy_fixtures.py` and what they hold.
enum NPYFixtures {
    /// One number, bool or string of the JSON's value lists. Numbers keep both readings so that
    /// neither big integers nor negative zero lose anything.
    struct Value: Decodable {
        var bool: Bool?
        var int: Int64?
        var double: Double?
        var string: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            bool = try? c.decode(Bool.self)
            if bool == nil {
                int = try? c.decode(Int64.self)
                double = try? c.decode(Double.self)
                string = try? c.decode(String.self)
            }
        }

        /// The value as a float: numbers, or "nan", "inf", "-inf".
        var floatingPoint: Double {
            if let double { return double }
            switch string {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: return Double(int ?? 0)
            }
        }
    }

    /// An array the JSON describes.
    struct Expected: Decodable {
        var dtype: String
        var shape: [Int]
        var values: [Value]
        var identical: Bool?
        var name: String?

        /// The array built from the JSON alone (no `.npy` reading involved).
        var array: NDArray {
            switch DType(rawValue: dtype)! {
            case .bool: NDArray(values.map { $0.bool! }, shape: shape)
            case .int64: NDArray(values.map { $0.int! }, shape: shape)
            case .float32: NDArray(values.map { Float($0.floatingPoint) }, shape: shape)
            case .float64: NDArray(values.map(\.floatingPoint), shape: shape)
            }
        }
    }

    struct Manifest: Decodable {
        var npy: [String: Expected]
        var npy_unsupported: [String: String]
        var npz: [String: [Expected]]
    }

    /// The decoded `expected.json`.
    static let manifest = fixtures.decode(Manifest.self, from: "npy/expected.json")

    /// The path of fixture `name`.
    static func path(_ name: String) -> String { fixtures.path("npy/" + name) }

    /// The bytes of fixture `name`.
    static func bytes(_ name: String) -> [UInt8] { fixtures.bytes("npy/" + name) }
}

/// Whether `a` has the dtype, shape and (bit-exact, NaN-aware) values described by `e`.
func expectArray(_ a: NDArray, matches e: NPYFixtures.Expected, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.dtype.rawValue == e.dtype, "\(label): dtype", sourceLocation: sourceLocation)
    #expect(a.shape == e.shape, "\(label): shape", sourceLocation: sourceLocation)
    expectSameElements(a, e.array, label, sourceLocation: sourceLocation)
}

/// Whether `a` and `b` have equal dtypes, shapes and bit-identical elements (any NaN matches any NaN).
func expectSameElements(_ a: NDArray, _ b: NDArray, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.dtype == b.dtype && a.shape == b.shape, "\(label): \(a.dtype)\(a.shape) vs \(b.dtype)\(b.shape)", sourceLocation: sourceLocation)
    guard a.dtype == b.dtype && a.shape == b.shape else { return }
    let same: Bool
    switch a.dtype {
    case .bool: same = a.scalars(as: Bool.self) == b.scalars(as: Bool.self)
    case .int64: same = a.scalars(as: Int64.self) == b.scalars(as: Int64.self)
    case .float32:
        same = zip(a.scalars(as: Float.self), b.scalars(as: Float.self)).allSatisfy {
            $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN)
        }
    case .float64:
        same = zip(a.scalars(as: Double.self), b.scalars(as: Double.self)).allSatisfy {
            $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN)
        }
    }
    #expect(same, "\(label): elements differ", sourceLocation: sourceLocation)
}

/// Runs `decode` on `bytes` cut at every length and with random bytes changed: it must return or
/// throw an ``NDArrayIOError`` (a trap would end the test run). Returns how many prefixes decoded.
@discardableResult
func fuzz(_ bytes: [UInt8], seed: UInt64, flips: Int, _ decode: ([UInt8]) throws -> Void) -> Int {
    var decodedPrefixes = 0
    for length in 0..<bytes.count {
        do {
            try decode(Array(bytes[0..<length]))
            decodedPrefixes += 1
        } catch {
            #expect(error is NDArrayIOError, "prefix \(length): \(error)")
        }
    }
    var rng = SplitMix64(state: seed)
    for _ in 0..<flips {
        var damaged = bytes
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let i = Int.random(in: 0..<damaged.count, using: &rng)
            if Bool.random(using: &rng) {
                damaged[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            } else {
                damaged[i] = UInt8.random(in: 0...255, using: &rng)
            }
        }
        do {
            try decode(damaged)
        } catch {
            #expect(error is NDArrayIOError, "\(error)")
        }
    }
    return decodedPrefixes
}

/// Whether `python3` with NumPy can be run (the interoperability tests need it).
let pythonWithNumPy: Bool = runPython("import numpy") != nil

/// Runs `python3 -c script`; its standard output, or nil when it cannot run or fails.
func runPython(_ script: String, arguments: [String] = []) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        return nil
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
}
