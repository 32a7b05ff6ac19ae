import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

/// A value of a case's `params`: a number, a bool, a list of ints or a string.
enum FixtureParam: Decodable {
    case number(Double), flag(Bool), list([Int]), text(String)

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .flag(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let l = try? c.decode([Int].self) { self = .list(l) }
        else { self = .text(try c.decode(String.self)) }
    }

    var number: Double { if case .number(let d) = self { return d }; preconditionFailure("not a number: \(self)") }
    var flag: Bool { if case .flag(let b) = self { return b }; preconditionFailure("not a bool: \(self)") }
    var list: [Int] { if case .list(let l) = self { return l }; preconditionFailure("not a list: \(self)") }
    var text: String { if case .text(let t) = self { return t }; preconditionFailure("not a string: \(self)") }
}

/// One function call recorded by scripts/fixtures/dezero_functions_fixtures.py.
struct FunctionCase: Decodable, CustomTestStringConvertible, Sendable {
    let name: String
    let params: [String: FixtureParam]
    let inputs: [FixtureArray]
    let output: FixtureArray
    let grads: [String: FixtureArray]
    let extra: [String: FixtureArray]?

    var testDescription: String {
        let p = params.keys.sorted().map { "\($0)=\(params[$0]!)" }.joined(separator: ",")
        return "\(name)(\(inputs.map { "\($0.shape)" }.joined(separator: ", "))) \(p)"
    }
}

extension FixtureParam: @unchecked Sendable {}

/// This target's fixtures (Tests/DeZeroTests/Fixtures).
let fixtures = FixtureFiles(.module)

/// The indexes written as text in the get_item fixture cases.
enum GetItemIndex {
    static func parse(_ text: String, rows: Int) -> [any NDIndex] {
        switch text {
        case "1": return [1]
        case "[0,0,2]": return [[0, 0, 2]]
        case "arange3,[1,3,3]": return [NDArray.arange(3), NDArray([1, 3, 3] as [Int64])]
        case ":,1:3": return [NDSlice.all, 1..<3]
        default: preconditionFailure("unknown index \(text)")
        }
    }
}
