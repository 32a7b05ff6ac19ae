import DeZeroArray
import Testing

@testable import DeZeroCompiler

@Suite struct MalformedTextTests {
    @Test(arguments: [
        TextErrorCase.body("  %1 = frob %0 : f32[3]", column: 8, .unknownName, "unknown operation 'frob'"),
        TextErrorCase.body("  %1 = sum %0 {axes=[0], keepdims=1} : f32[]", column: 26, .attribute, "attribute 'keepdims' must be true or false, got 1"),
        TextErrorCase.body("  %1 = sum %0 {axes=[0]} : f32[]", column: 8, .attribute, "sum needs the attribute 'keepdims'"),
        TextErrorCase.body("  %1 = exp %0 {axis=1} : f32[3]", column: 16, .attribute, "exp has no attribute 'axis'"),
        TextErrorCase.body("  %1 = sum %0 {axes=none, axes=none} : f32[]", column: 27, .attribute, "'axes' is given twice"),
        TextErrorCase.body("  %1 = sum %0 {axes=[0], keepdims=maybe} : f32[]", column: 35, .attribute, "unknown attribute value 'maybe'"),
        TextErrorCase.body("  %1 = softmax %0 {axis=1.2.3} : f32[3]", column: 25, .attribute, "'1.2.3' is not a number"),
        TextErrorCase.body("  %1 = pad %0 {widths=[[1,2],3], constant=0.0} : f32[3]", column: 23, .attribute, "cannot mix pairs"),
        TextErrorCase.body("  %1 = pad %0 {widths=[[1,2,3]], constant=0.0} : f32[3]", column: 28, .attribute, "a pair has two numbers"),
        TextErrorCase.body("  %1 = add %0, %0 : f16[3]", column: 21, .type, "unknown dtype 'f16'"),
        TextErrorCase.body("  %1 = add %0, %0 : f32[-1]", column: 25, .type, "cannot be negative"),
        TextErrorCase.body("  %1 = add %0, %0 : f32[4294967296,4294967296]", column: 36, .type, "hold more elements than an Int can count"),
        TextErrorCase.body("  %1 = add %0, %0 : f32", column: 24, .type, "expected '[' after the dtype 'f32'"),
        TextErrorCase.body("  %1 = add %0, %0 : 3", column: 21, .type, "expected a type like f32[3,2]"),
        TextErrorCase.body("  %1 = add %0, %0", column: 18, .syntax, "expected ':' before the result type, got the end of the line"),
        TextErrorCase.body("  %1 add %0, %0 : f32[3]", column: 6, .syntax, "expected '=' after %1, got 'add'"),
        TextErrorCase.body("  %1 = add %0, %0 : f32[3", column: 24, .type, "unterminated '['"),
        TextErrorCase.body("  %1 = sum %0 {axes=[0", column: 21, .syntax, "unterminated '['"),
        TextErrorCase.body("  %1 = sum %0 {axes=[0]", column: 15, .syntax, "unterminated '{'"),
        TextErrorCase.body("  %1 = const [1.0, 2.0", column: 14, .syntax, "unterminated '['"),
        TextErrorCase.body("  %1 = add %0, %0 : f32[3] junk", column: 28, .syntax, "unexpected 'junk' after the instruction's type"),
        TextErrorCase.body("  %1 = add %0, %0 : f32[3] $", column: 28, .syntax, "unexpected '$'"),
        TextErrorCase.body("  %1 = add %0 %0 : f32[3]", column: 15, .syntax, "expected ':' before the result type, got '%0'"),
        TextErrorCase.body("  %x = exp %0 : f32[3]", column: 3, .syntax, "expected a value number after '%'"),
        TextErrorCase.body("  %1 = const [1.0, 2.0] : f32[3]", column: 27, .type, "the constant has 2 elements but its type f32[3] holds 3"),
        TextErrorCase.body("  %1 = const [1.0, true] : f32[2]", column: 20, .type, "'true' is not a f32 element"),
        TextErrorCase.body("  %1 = const 1.5 : i64[]", column: 14, .type, "'1.5' is not a i64 element"),
        TextErrorCase.body("  %1 = const [1] : bool[1]", column: 15, .type, "'1' is not a bool element"),
        TextErrorCase.body("  %1 = const [2.0] : f64[]", column: 14, .type, "a 0-d constant is written as one element"),
        TextErrorCase.body("  %1 = const 2.0 : f64[1]", column: 14, .type, "written as a bracketed list"),
        TextErrorCase.body("  %1 = const abc : f64[]", column: 14, .syntax, "expected a constant element"),
        TextErrorCase.body("  %1 = load w : f32[3]", column: 13, .syntax, "expected a name like @l0.W after 'load'"),
        TextErrorCase.body("  %1 = store @w, %0", column: 8, .syntax, "store has no result"),
        TextErrorCase.body("  store @w %0", column: 12, .syntax, "expected ',' between the stored name and value"),
        TextErrorCase.body("  state @w f32[3]", column: 12, .syntax, "expected ':' before the type of @w"),
        TextErrorCase.body("  effect w", column: 10, .syntax, "expected a name like @Adam.t after 'effect'"),
        TextErrorCase.body("  frobnicate", column: 3, .syntax, "expected an instruction '%1 = ...'"),
        TextErrorCase.body("  %1 = exp %0 : f32[3]\n}", line: 3, column: 1, .syntax, "missing 'return'"),
        TextErrorCase(
            "func @f(%0: f32[3]) -> (f32[3]) {\n  return %0\n}\nextra\n", line: 4, column: 1, .syntax,
            "unexpected 'extra' after the closing '}'"),
        TextErrorCase(
            "func @f(%0: f32[3]) -> (f32[3]) {\n  return %0\n  %1 = exp %0 : f32[3]\n}\n", line: 3, column: 3, .syntax,
            "expected '}' after return"),
        TextErrorCase("func @f(%0: f32[3]) -> (f32[3]) {\n  return %0\n", line: 3, column: 1, .syntax, "the function body is not closed"),
        TextErrorCase("func @f(%0: f32[3]) -> (f32[3]) {\n  %1 = exp %0 : f32[3]", line: 2, column: 23, .syntax, "expected 'return' and '}'"),
        TextErrorCase("func f(%0: f32[3]) -> (f32[3]) {\n  return %0\n}\n", line: 1, column: 6, .syntax, "expected a name like @l0.W after 'func'"),
        TextErrorCase("fun @f() -> () {\n  return\n}\n", line: 1, column: 1, .syntax, "expected a function 'func @name"),
        TextErrorCase("func @f(%0: f32[3]) (f32[3]) {\n  return %0\n}\n", line: 1, column: 21, .syntax, "expected '->' before the result types"),
        TextErrorCase("func @f(%0 f32[3]) -> (f32[3]) {\n  return %0\n}\n", line: 1, column: 12, .syntax, "expected ':' after the argument %0"),
        TextErrorCase("func @f(%0: f32[3]) -> (f64[3]) {\n  return %0\n}\n", line: 1, column: 25, .type, "result 0 (%0) has type f32[3] but the header declares f64[3]"),
        TextErrorCase("func @f(%0: f32[3]) -> (f32[3]) {\n  return %0, %0\n}\n", line: 2, column: 10, .type, "return gives 2 values but the header declares 1"),
        TextErrorCase("", line: 1, column: 1, .syntax, "got no text"),
        TextErrorCase("  \n# only a comment\n", line: 1, column: 1, .syntax, "got no text"),
    ])
    func malformedTextIsPlaced(_ m: TextErrorCase) {
        do {
            let program = try ProgramParser.parse(m.text)
            Issue.record("parsed malformed text into \(program)")
        } catch {
            m.check(error)
        }
    }

    /// A valid text cut short, or missing one character, anywhere (every 3rd place, to stay
    /// quick) gives an error or a program and never a crash.
    @Test func damagedTextNeverCrashes() throws {
        let text = Array(try SamplePrograms.everyOp().text())
        for cut in stride(from: 0, to: text.count, by: 3) {
            _ = try? ProgramParser.parse(String(text[..<cut]))
            _ = try? ProgramParser.parse(String(text[..<cut] + text[(cut + 1)...]))
        }
    }
}
