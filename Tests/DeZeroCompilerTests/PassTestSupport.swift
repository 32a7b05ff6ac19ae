import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroCompiler

/// Checks of passes: golden text before and after, and the same bits on random inputs.
enum PassCheck {
    /// Runs `pass` on the program written `before`: the result verifies, prints as `after`, and
    /// gives the input program's results and stores bit for bit.
    static func golden(
        _ pass: any Pass, _ before: String, _ after: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let program = try ProgramParser.parse(before)
        try Verifier.verify(program)
        let output = try pass.run(program)
        try Verifier.verify(output)
        #expect(output.text() == after, sourceLocation: sourceLocation)
        if output.text() != after { print("--- \(pass.name) gave:\n\(output.text())") }
        for seed in 0..<8 {
            #expect(try sameBits(program, output, seed: UInt64(seed)), "seed \(seed)", sourceLocation: sourceLocation)
        }
    }

    /// An array of `type` with values that tell rounding and signs apart: normal samples,
    /// and, with `special`, some of `-0.0`, `+0.0`, `inf`, `-inf`, `nan`, 1 and tiny numbers;
    /// integers 0 and 1 (valid indices).
    static func array(_ type: TensorType, _ g: inout SplitMix64, special: Bool = true) -> NDArray {
        let n = type.count
        func sample() -> Double {
            if special && Int.random(in: 0..<3, using: &g) == 0 {
                return [-0.0, -0.0, -0.0, 0.0, .infinity, -.infinity, .nan, 1, -1, 1e-40, 3e38].randomElement(using: &g)!
            }
            // Box-Muller, from the seeded generator.
            let u = Double.random(in: Double.ulpOfOne..<1, using: &g), v = Double.random(in: 0..<1, using: &g)
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * v)
        }
        switch type.dtype {
        case .float32: return NDArray((0..<n).map { _ in Float(sample()) }, shape: type.shape)
        case .float64: return NDArray((0..<n).map { _ in sample() }, shape: type.shape)
        case .int64: return NDArray((0..<n).map { _ in Int64.random(in: 0...1, using: &g) }, shape: type.shape)
        case .bool: return NDArray((0..<n).map { _ in Bool.random(using: &g) }, shape: type.shape)
        }
    }

    /// Arguments and bindings for `program`: random arrays, scalars 0.5.
    static func inputs(_ program: Program, seed: UInt64) -> (arguments: [NDArray], bindings: [NDArray?]) {
        var g = SplitMix64(state: seed)
        let arguments = program.arguments.map { array($0.type, &g) }
        let bindings = program.bindings.map { b -> NDArray? in
            switch b.kind {
            case .effect: nil
            case .scalar: NDArray(scalar: 0.5)
            case .state: array(b.type!, &g)
            }
        }
        return (arguments, bindings)
    }

    /// Runs `program` on the interpreter with the global generator seeded with `seed`.
    static func run(_ program: Program, _ inputs: (arguments: [NDArray], bindings: [NDArray?]), seed: UInt64) throws -> ExecutionResult {
        Random.seed(Int(seed))
        return try Interpreter().prepare(program).run(arguments: inputs.arguments, bindings: inputs.bindings)
    }

    /// Whether `a` and `b` give the same results and stores, bit for bit, on the same random
    /// inputs (and the same random draws).
    static func sameBits(_ a: Program, _ b: Program, seed: UInt64) throws -> Bool {
        let inputs = inputs(a, seed: seed)
        let x = try run(a, inputs, seed: seed), y = try run(b, inputs, seed: seed)
        guard x.results.count == y.results.count, x.stores.count == y.stores.count else { return false }
        return zip(x.results, y.results).allSatisfy { ArrayBits($0) == ArrayBits($1) }
            && zip(x.stores, y.stores).allSatisfy { $0.binding == $1.binding && ArrayBits($0.array) == ArrayBits($1.array) }
    }
}

/// A pass configuration the parity suites run under: the default (``CompileOptions/passes``,
/// the standard pipeline), the standard pipeline without each of its passes, and no passes.
struct PassConfiguration: CustomStringConvertible, Sendable {
    let name: String
    /// nil: the default of `compile`.
    let passes: PassManager?

    var description: String { name }

    static let all: [PassConfiguration] =
        [PassConfiguration(name: "all passes", passes: nil)]
        + PassManager.standard.map { PassConfiguration(name: "without \($0.name)", passes: PassManager(disabled: [$0.name])) }
        + [PassConfiguration(name: "no passes", passes: .off)]
}
