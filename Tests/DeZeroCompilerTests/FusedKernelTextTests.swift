import DeZeroArray
import Testing

@testable import DeZeroCompiler

/// The `fused` instruction: its text prints and parses back, the verifier keeps its rules, and
/// the interpreter runs it as its body.
@Suite struct FusedKernelTextTests {
    static let text = """
        func @fused(%0: f32[2,3], %1: f32[3]) -> (f32[2,3], f32[2,3]) {
          %2 = exp %0 : f32[2,3]
          %4, %6 = fused @k0 %2, %1 : f32[2,3], f32[2,3] {
            %3 = add %2, %1 : f32[2,3]  # layer l0: Add forward
            %4 = tanh %3 : f32[2,3]
            %5 = const 2.0 : f64[]
            %6 = multiply %4, %5 : f32[2,3]
          }
          %7 = add %6, %4 : f32[2,3]
          return %7, %4
        }

        """

    @Test func printsAndParsesBack() throws {
        let program = try ProgramParser.parse(Self.text)
        #expect(program.instructions.count == 3)
        guard case .fused(let kernel) = program.instructions[1].operation else {
            Issue.record("expected a fused instruction")
            return
        }
        #expect(kernel.name == "k0" && kernel.body.count == 4 && kernel.inputs == [Value(2), Value(1)])
        #expect(kernel.body[0].provenance == Provenance(function: "Add", phase: .forward, layer: "l0"))
        #expect(program.text() == Self.text)
        try Verifier.verify(program)
    }

    @Test func interpreterRunsTheBody() throws {
        let program = try ProgramParser.parse(Self.text)
        let x = NDArray([0.1, -0.2, 0.3, 0.4, 0.5, -0.6] as [Float], shape: [2, 3])
        let b = NDArray([1, 2, 3] as [Float], shape: [3])
        let run = try Interpreter().prepare(program).run(arguments: [x, b], bindings: [])
        let h = tanh(exp(x) + b)
        #expect(arrayEqual(run.results[1], h))
        #expect(arrayEqual(run.results[0], h * 2.0 + h))
    }

    @Test(arguments: [
        ("%3 = add %2, %1 : f32[2,3]", "%3 = add %0, %1 : f32[2,3]", "lists the operands [%2, %1] but its body reads [%0, %1]"),
        ("%4, %6 = fused @k0 %2, %1 : f32[2,3], f32[2,3] {", "%4, %6 = fused @k0 %2, %1 : f32[2,3], f64[2,3] {", "declares %6 as f64[2,3] but its body gives f32[2,3]"),
        ("%7 = add %6, %4 : f32[2,3]", "%7 = add %6, %3 : f32[2,3]", "%3 is defined inside a fused kernel and is not one of its outputs"),
        ("%5 = const 2.0 : f64[]", "%5 = load @x : f64[]", "a kernel holds array primitives and constants only"),
    ])
    func verifierRejects(_ from: String, _ to: String, _ message: String) throws {
        var text = Self.text.replacingOccurrences(of: from, with: to)
        if to.contains("load @x") { text = text.replacingOccurrences(of: "-> (f32[2,3], f32[2,3]) {\n", with: "-> (f32[2,3], f32[2,3]) {\n  scalar @x : f64[]\n") }
        let program = try ProgramParser.parse(text)
        #expect {
            try Verifier.verify(program)
        } throws: { error in
            (error as? IRError)?.message.contains(message) == true
        }
    }

    @Test func parserRejectsAnUnclosedKernel() {
        let text = Self.text.replacingOccurrences(of: "  }\n  %7", with: "  %7")
        #expect(throws: IRError.self) { try ProgramParser.parse(text) }
        let unclosed = "func @f(%0: f32[2]) -> (f32[2]) {\n  %1 = fused @k0 %0 : f32[2] {\n    %1 = exp %0 : f32[2]\n"
        #expect {
            try ProgramParser.parse(unclosed)
        } throws: { error in
            (error as? IRError)?.message.contains("fused @k0 is not closed") == true
        }
    }
}
