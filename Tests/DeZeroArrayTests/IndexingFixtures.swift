import DeZeroTestSupport
import Foundation
import Testing
@testable import DeZeroArray

/// Reads `Fixtures/indexing.json`, written by `scripts/fixtures/indexing_fixtures.py` with
/// NumPy 1.23.5 and DeZero (see the script for the encodings).
enum IndexingFixtures {
    /// An encoded array: dtype name, shape and C-order values as numbers.
    typealias ArrayJSON = FixtureArray

    /// An encoded index item.
    enum ItemJSON: Decodable {
        case int(Int), slice(Int?, Int?, Int?), ellipsis, newAxis, list([Int]), array(ArrayJSON)

        private enum Keys: String, CodingKey { case kind, value, start, stop, step, array }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            switch try c.decode(String.self, forKey: .kind) {
            case "int": self = .int(try c.decode(Int.self, forKey: .value))
            case "slice":
                self = .slice(
                    try c.decodeIfPresent(Int.self, forKey: .start),
                    try c.decodeIfPresent(Int.self, forKey: .stop),
                    try c.decodeIfPresent(Int.self, forKey: .step))
            case "ellipsis": self = .ellipsis
            case "newaxis": self = .newAxis
            case "list": self = .list(try c.decode([Int].self, forKey: .value))
            case "array": self = .array(try c.decode(ArrayJSON.self, forKey: .array))
            case let kind:
                throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown kind \(kind)")
            }
        }

        /// The item as our index type.
        var index: any NDIndex {
            switch self {
            case .int(let i): i
            case .slice(let start, let stop, let step): NDSlice(start: start, stop: stop, step: step)
            case .ellipsis: .ellipsis
            case .newAxis: .newAxis
            case .list(let values): values
            case .array(let a): a.array
            }
        }
    }

    /// One indexing case: get, set and add.at of one index on one array.
    struct IndexCase: Decodable, CustomTestStringConvertible {
        let name: String
        let x: ArrayJSON
        let index: [ItemJSON]
        let basic: Bool
        let get: ArrayJSON
        let set_value: ArrayJSON
        let set: ArrayJSON
        let addat_value: ArrayJSON
        let addat: ArrayJSON

        var indices: [any NDIndex] { index.map(\.index) }
        var testDescription: String { name }
    }

    /// One `np.pad` case.
    struct PadCase: Decodable, CustomTestStringConvertible {
        let name: String
        let x: ArrayJSON
        let widths: [[Int]]
        let constant: Double
        let result: ArrayJSON

        var testDescription: String { name }
    }

    /// One im2col / col2im case, computed with DeZero's `im2col_array` / `col2im_array`.
    struct ConvCase: Decodable, CustomTestStringConvertible {
        let kernel: [Int]
        let stride: [Int]
        let pad: [Int]
        let to_matrix: Bool
        let x: ArrayJSON
        let col: ArrayJSON
        let grad: ArrayJSON
        let img: ArrayJSON

        var testDescription: String {
            "\(x.dtype) k\(kernel) s\(stride) p\(pad) toMatrix=\(to_matrix)"
        }
    }

    /// One `get_conv_outsize` / `get_deconv_outsize` case.
    struct OutsizeCase: Decodable {
        let size, kernel, stride, pad, conv, deconv: Int
    }

    struct File: Decodable {
        let index: [IndexCase]
        let pad: [PadCase]
        let conv: [ConvCase]
        let outsize: [OutsizeCase]
    }

    /// The decoded fixture file.
    static let file = fixtures.decode(File.self, from: "indexing.json")

    static var indexCases: [IndexCase] { file.index }
    static var padCases: [PadCase] { file.pad }
    static var convCases: [ConvCase] { file.conv }
}

extension NDArray {
    /// Whether `self` has the dtype, shape and exact values of the fixture array.
    func matchesIndexingFixture(_ expected: IndexingFixtures.ArrayJSON) -> Bool {
        dtype.rawValue == expected.dtype && shape == expected.shape
            && scalars(as: Double.self) == expected.data
    }
}
