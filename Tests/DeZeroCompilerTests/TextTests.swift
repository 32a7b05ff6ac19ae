import DeZeroArray
import Testing

@testable import DeZeroCompiler

@Suite struct TextTests {
    @Test func attributesRoundTripThroughTheirText() throws {
        let ops: [ArrayOp] = [
            .reduce(.sum, axes: [0], keepdims: true), .reduce(.max, axes: nil, keepdims: false),
            .getItem([.integer(0), .slice(NDSlice(start: 1, stop: nil, step: 2)), .ellipsis, .newAxis, .array]),
            .pad([.init(1, 2), .init(0, 0)], constant: 0.5), .random(.normal(loc: 0, scale: 0.01, shape: [3])),
            .im2col(kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true),
            .full(shape: [2], value: 1, dtype: .float32), .cast(.int64), .argReduce(greater: true, axis: nil, keepdims: false),
        ]
        for op in ops {
            let attributes = Dictionary(uniqueKeysWithValues: op.attributes.map { ($0.name, $0.value) })
            #expect(try ArrayOp(mnemonic: op.mnemonic, attributes: attributes) == op)
        }
    }

    @Test func missingAndExtraAttributesAreNamed() {
        #expect(throws: AttributeError.self) { try ArrayOp(mnemonic: "sum", attributes: ["axes": .none]) }
        #expect(throws: AttributeError.self) { try ArrayOp(mnemonic: "exp", attributes: ["axis": .int(1)]) }
        #expect(throws: AttributeError.self) { try ArrayOp(mnemonic: "frobnicate", attributes: [:]) }
    }
}

extension CompilerSuites {
/// The built-in programs trace, run on the interpreter as their eager forms do, and print.
@Suite struct BuiltinProgramTests {
    @Test(arguments: BuiltinPrograms.all.map(\.name))
    func tracesWithBindingsAndProvenance(_ name: String) throws {
        let program = try BuiltinPrograms.named(name)!.trace()
        #expect(!program.instructions.isEmpty)
        #expect(program.text().hasPrefix("func @"))
        if name != "tanh-4th" {
            #expect(program.bindings.contains { $0.kind == .state })
            #expect(program.instructions.contains { if case .store = $0.operation { true } else { false } })
            #expect(program.instructions.contains { $0.provenance.phase == .backward })
            #expect(program.instructions.contains { $0.provenance.phase == .update })
        }
    }
}
}
