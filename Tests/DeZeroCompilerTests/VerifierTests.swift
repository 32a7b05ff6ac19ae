import DeZeroArray
import Testing

@testable import DeZeroCompiler

@Suite struct VerifierTests {
    @Test(arguments: [
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              %2 = add %0, %1 : f32[3]
              %1 = exp %0 : f32[3]
              return %2
            }
            """, line: 2, column: 16, .dominance, "%1 used before it is defined"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              %2 = add %0, %5 : f32[3]
              return %2
            }
            """, line: 2, column: 16, .dominance, "%5 used but never defined"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              %1 = exp %1 : f32[3]
              return %1
            }
            """, line: 2, column: 12, .dominance, "%1 used before it is defined"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              %1 = exp %0 : f32[3]
              %1 = log %0 : f32[3]
              return %1
            }
            """, line: 3, column: 3, .dominance, "%1 is defined twice (first at line 2)"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              %0 = exp %0 : f32[3]
              return %0
            }
            """, line: 2, column: 3, .dominance, "%0 is defined twice (first at line 1)"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[4]) {
              %1 = add %0, %0 : f32[4]
              return %1
            }
            """, line: 2, column: 21, .type, "%1 is declared f32[4] but add gives f32[3] on f32[3], f32[3]"),
        TextErrorCase(
            """
            func @f(%0: f32[3], %1: f32[]) -> (f64[3]) {
              %2 = add %0, %1 : f64[3]
              return %2
            }
            """, line: 2, column: 21, .type, "declared f64[3] but add gives f32[3]"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              %1 = add %0 : f32[3]
              return %1
            }
            """, line: 2, column: 8, .shape, "add: takes 2 operands, got 1"),
        TextErrorCase(
            """
            func @f(%0: f32[3], %1: f32[4]) -> (f32[3]) {
              %2 = add %0, %1 : f32[3]
              return %2
            }
            """, line: 2, column: 8, .shape, "add: operands could not be broadcast together with shapes [3] [4]"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f64[]) {
              scalar @lr : f64[]
              %1 = load @lr : f64[]
              store @lr, %1
              return %1
            }
            """, line: 4, column: 3, .binding, "store to @lr, a scalar binding; only state bindings can be stored"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              %1 = load @nope : f32[3]
              return %1
            }
            """, line: 2, column: 8, .unknownName, "load of @nope, which is not a binding"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              state @w : f32[2]
              %1 = load @w : f32[3]
              return %1
            }
            """, line: 3, column: 18, .type, "load of @w declares f32[3] but the binding has type f32[2]"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              effect @Adam.step
              %1 = load @Adam.step : f32[3]
              return %1
            }
            """, line: 3, column: 8, .binding, "an effect"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              state @w : f32[3]
              store @w, %0
              store @w, %0
              return %0
            }
            """, line: 4, column: 3, .binding, "@w is stored twice"),
        TextErrorCase(
            """
            func @f(%0: f64[3]) -> (f64[3]) {
              state @w : f32[3]
              store @w, %0
              return %0
            }
            """, line: 3, column: 3, .type, "store to @w of a f64[3] value; the binding has type f32[3]"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              store @w, %0
              return %0
            }
            """, line: 2, column: 3, .unknownName, "store to @w, which is not a binding"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3]) {
              state @w : f32[3]
              scalar @w : f64[]
              return %0
            }
            """, line: 3, column: 0, .binding, "the binding @w is declared twice"),
        TextErrorCase(
            """
            func @f(%0: f32[3]) -> (f32[3], f32[3]) {
              return %0, %4
            }
            """, line: 2, column: 14, .dominance, "returned value %4 is never defined"),
        TextErrorCase(
            """
            func @f(%0: f32[3], %0: f32[3]) -> (f32[3]) {
              return %0
            }
            """, line: 1, column: 21, .dominance, "argument %0 is defined twice"),
    ])
    func brokenRulesArePlaced(_ invalid: TextErrorCase) throws {
        let (program, lines) = try ProgramParser.parseWithLines(invalid.text)
        do {
            try Verifier.verify(program, lines: lines)
            Issue.record("verified a program that breaks a rule")
        } catch {
            invalid.check(error)
        }
        // Without the source map the same rule breaks, with no position.
        let unplaced = #expect(throws: IRError.self) { try Verifier.verify(program) }
        #expect(unplaced?.line == 0 && unplaced?.kind == invalid.kind && unplaced?.description == unplaced?.message)
    }

    @Test func numpyValueBasedPromotionIsAccepted() throws {
        let text = """
            func @f(%0: f32[3]) -> (f64[3], f32[3]) {
              %1 = const 70000 : i64[]
              %2 = add %0, %1 : f64[3]
              %3 = add %0, %1 : f32[3]
              return %2, %3
            }
            """
        let (program, lines) = try ProgramParser.parseWithLines(text)
        try Verifier.verify(program, lines: lines)
        // And it matches what eager NumPy rules give for that value.
        let eager = ArrayOp.binary(.add).evaluate([NDArray([Float(1), 2, 3]), NDArray(scalar: Int64(70000))])
        #expect(eager.dtype == .float64)
    }

    @Test func constantsMustExistAndMatch() throws {
        var program = Program(
            name: "c", arguments: [], bindings: [], constants: [NDArray([1.0, 2.0])],
            instructions: [Instruction(result: Value(0), operation: .constant(1), operands: [], type: TensorType(.float64, [2]))],
            results: [Value(0)])
        #expect(throws: IRError(.binding, "const refers to constant 1 but the program has 1")) { try Verifier.verify(program) }
        program.instructions[0].operation = .constant(0)
        program.instructions[0].type = TensorType(.float32, [2])
        #expect(throws: IRError(.type, "constant 0 has type f64[2] but the instruction declares f32[2]")) { try Verifier.verify(program) }
        program.instructions[0].type = TensorType(.float64, [2])
        try Verifier.verify(program)
    }

    @Test func errorDescriptionsNameTheirPlace() {
        #expect(IRError(.dominance, "%4 used before it is defined", line: 12, column: 9).description
            == "line 12, column 9: %4 used before it is defined")
        #expect(IRError(.binding, "twice", line: 3).description == "line 3: twice")
        #expect(IRError(.binding, "twice").description == "twice")
    }
}
