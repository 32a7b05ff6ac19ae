import DeZeroTestSupport
import Foundation
import Testing
@testable import DeZeroArray

/// One array printed by NumPy 1.23 (`scripts/fixtures/print_fixtures.py`).
struct PrintFixture: Decodable, CustomTestStringConvertible, Sendable {
    let name: String
    let dtype: DType
    let shape: [Int]
    let array: NDArray
    let str: String
    let repr: String

    var testDescription: String { name }

    private enum Keys: String, CodingKey { case name, dtype, shape, data, str, repr }

    /// A float element: a JSON number, or "nan", "inf", "-inf".
    private struct FloatValue: Decodable {
        let value: Double
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                switch text {
                case "nan": value = .nan
                case "inf": value = .infinity
                case "-inf": value = -.infinity
                default:
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "unexpected float string \(text)")
                }
            } else {
                value = try container.decode(Double.self)
            }
        }
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        name = try c.decode(String.self, forKey: .name)
        dtype = DType(rawValue: try c.decode(String.self, forKey: .dtype))!
        shape = try c.decode([Int].self, forKey: .shape)
        str = try c.decode(String.self, forKey: .str)
        repr = try c.decode(String.self, forKey: .repr)
        switch dtype {
        case .bool: array = NDArray(try c.decode([Bool].self, forKey: .data), shape: shape)
        case .int64: array = NDArray(try c.decode([Int64].self, forKey: .data), shape: shape)
        case .float32:
            let values = try c.decode([FloatValue].self, forKey: .data).map { Float($0.value) }
            array = NDArray(values, shape: shape)
        case .float64:
            let values = try c.decode([FloatValue].self, forKey: .data).map(\.value)
            array = NDArray(values, shape: shape)
        }
    }

    static let all = fixtures.decode([PrintFixture].self, from: "print.json")
}

@Suite struct DescriptionTests {
    @Test func fixturesLoadExactly() throws {
        let cases = PrintFixture.all
        #expect(cases.count >= 90)
        let big = try #require(cases.first { $0.name == "int large" })
        #expect(big.array.scalars(as: Int64.self) == [1 << 62, .min, .max, 0, 7])
        let zero = try #require(cases.first { $0.name == "float 0-d negative zero" })
        #expect(zero.array.scalars(as: Double.self)[0].sign == .minus)
    }

    @Test(arguments: PrintFixture.all)
    func strMatchesNumPy(_ fixture: PrintFixture) {
        #expect(fixture.array.description == fixture.str)
    }

    @Test(arguments: PrintFixture.all)
    func reprMatchesNumPy(_ fixture: PrintFixture) {
        #expect(fixture.array.debugDescription == fixture.repr)
    }

    @Test func stringInterpolationUsesDescription() {
        let a = NDArray([1.0, 2.5], shape: [2])
        #expect("\(a)" == "[1.  2.5]")
        #expect(String(reflecting: a) == "array([1. , 2.5])")
    }

    @Test func linesNeverEndInSpaces() {
        for fixture in PrintFixture.all {
            let lines = fixture.array.description.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(!lines.contains { $0.hasSuffix(" ") }, "\(fixture.name)")
        }
    }

    @Test func composesIntoDeZeroVariableText() {
        let a = NDArray([Int64(1), 2, 3, 4, 5, 6], shape: [2, 3])
        let text = "variable(" + a.description.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: 9)) + ")"
        #expect(text == "variable([[1 2 3]\n          [4 5 6]])")
    }

    @Test func printsViewsByTheirOwnLayout() {
        // A transposed view: strides [1, 3] over the storage of [[0, 1, 2], [3, 4, 5]].
        let a = NDArray([Int64(0), 3, 1, 4, 2, 5], shape: [3, 2])
        let t = NDArray(storage: a.storage, dtype: .int64, shape: [2, 3], strides: [1, 2], offset: 0)
        #expect(t.description == "[[0 1 2]\n [3 4 5]]")
        let row = NDArray(storage: a.storage, dtype: .int64, shape: [3], strides: [2], offset: 1)
        #expect(row.description == "[3 4 5]")
    }

    @Test func exactRoundingOfLongDigits() {
        // 0.001953125 = 2^-9 is a tie at the ninth digit: half-to-even keeps ...12.
        let d = DecimalDigits.exact(0.001953125, fractionDigits: 8, approximateExponent: -3)
        #expect(d == DecimalDigits(isNegative: false, digits: [1, 9, 5, 3, 1, 2], exponent: -3))
        // 9.9999999999 rounds up across every digit to 10.
        let e = DecimalDigits.exact(9.9999999999, fractionDigits: 8, approximateExponent: 1)
        #expect(e == DecimalDigits(isNegative: false, digits: [1], exponent: 1))
        // Subnormal minimum: 4.9406564584124654e-324.
        let f = DecimalDigits.exact(5e-324, significantFractionDigits: 8, approximateExponent: -324)
        #expect(f == DecimalDigits(isNegative: false, digits: [4, 9, 4, 0, 6, 5, 6, 4, 6], exponent: -324))
    }
}
