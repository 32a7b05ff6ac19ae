import DeZeroArray

/// Reads IR text back into a ``Program``: the exact inverse of ``Program/text(provenance:)``.
///
/// ```
/// func @step(%0: f32[30,2]) -> (f32[30,10]) {
///   state @l0.W : f32[2,10]
///   %1 = load @l0.W : f32[2,10]
///   %2 = matmul %0, %1 : f32[30,10]  # layer l0: MatMul forward
///   return %2
/// }
/// ```
///
/// Blank lines and lines that hold only a `# comment` are skipped anywhere; a comment after an
/// instruction is its ``Provenance``. Constants are numbered in the order their `const`
/// instructions appear. Malformed text throws an ``IRError`` at the offending token; the parser
/// checks the grammar (and that the header's result types are those of the returned values),
/// ``Verifier`` checks the program's rules.
public enum ProgramParser {
    /// The program `text` spells.
    public static func parse(_ text: String) throws(IRError) -> Program {
        try parseWithLines(text).program
    }

    /// The program `text` spells, with where each part stood (for ``Verifier/verify(_:lines:)``).
    public static func parseWithLines(_ text: String) throws(IRError) -> (program: Program, lines: SourceMap) {
        var reader = ProgramReader()
        // "\r\n" is one Character in Swift.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, raw) in lines.enumerated() {
            let line = raw.last == "\r" ? raw.dropLast() : raw
            try reader.read(line, number: index + 1)
        }
        let lastLength = lines.last.map { $0.count } ?? 0
        return try reader.finish(lastLine: Swift.max(lines.count, 1), lastLength: lastLength)
    }
}

/// The state of a parse, line after line.
private struct ProgramReader {
    enum Stage { case header, body, kernel, afterReturn, closed }

    var stage = Stage.header
    var name = ""
    var arguments: [(value: Value, type: TensorType)] = []
    var headerTypes: [(type: TensorType, column: Int)] = []
    var bindings: [Binding] = []
    var constants: [NDArray] = []
    var instructions: [Instruction] = []
    var results: [Value] = []
    var map = SourceMap()
    /// The `fused` instruction being read (its body grows until its closing `}`).
    var kernel: (instruction: Instruction, span: SourceMap.InstructionSpan)?

    /// Reads line `number`.
    mutating func read(_ line: Substring, number: Int) throws(IRError) {
        let trimmed = line.trimmingWhitespace()
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
        if stage == .body, let effect = try ProgramReader.effectName(line, number: number) {
            bindings.append(Binding(name: effect, kind: .effect, type: nil))
            map.bindingLines.append(number)
            return
        }
        let tokens = try Lexer(line, line: number, parenthesisEndsName: stage == .header).tokens()
        var c = TokenCursor(tokens, line: number, length: line.count)
        switch stage {
        case .header:
            try readHeader(&c)
        case .body:
            try readBodyLine(&c)
        case .kernel:
            try readKernelLine(&c)
        case .afterReturn:
            guard c.skip("}") else { throw c.error("expected '}' after return, got \(c.found)") }
            try c.expectEnd("after the closing '}'")
            stage = .closed
        case .closed:
            throw c.error("unexpected \(c.found) after the closing '}'")
        }
    }

    /// The program, once every line is read.
    func finish(lastLine: Int, lastLength: Int) throws(IRError) -> (program: Program, lines: SourceMap) {
        switch stage {
        case .header:
            throw IRError(.syntax, "expected a function 'func @name(%0: f32[2]) -> (f32[2]) {', got no text", line: 1, column: 1)
        case .kernel:
            throw IRError(
                .syntax, "the body of fused @\(kernelName) is not closed: expected '}' before the end of the text",
                line: lastLine, column: lastLength + 1)
        case .body, .afterReturn:
            throw IRError(
                .syntax, "the function body is not closed: expected \(stage == .body ? "'return' and " : "")'}' before the end of the text",
                line: lastLine, column: lastLength + 1)
        case .closed: break
        }
        let program = Program(
            name: name, arguments: arguments, bindings: bindings, constants: constants, instructions: instructions,
            results: results)
        try checkHeaderTypes()
        return (program, map)
    }

    /// Checks the header's result types against the returned values' types (where known).
    func checkHeaderTypes() throws(IRError) {
        guard headerTypes.count == results.count else {
            throw IRError(
                .type, "return gives \(results.count) values but the header declares \(headerTypes.count) result types",
                line: map.returnLine, column: map.resultColumns.first ?? 0)
        }
        var types: [Value: TensorType] = [:]
        for (value, type) in arguments { types[value] = type }
        for i in instructions { for (r, t) in zip(i.results, i.types) { types[r] = t } }
        for (k, (value, declared)) in zip(results, headerTypes).enumerated() {
            if let actual = types[value], actual != declared.type {
                throw IRError(
                    .type, "result \(k) (\(value)) has type \(actual) but the header declares \(declared.type)",
                    line: map.headerLine, column: declared.column)
            }
        }
    }

    /// `func @name(%0: f32[30,2], %1: i64[30]) -> (f32[]) {`
    mutating func readHeader(_ c: inout TokenCursor) throws(IRError) {
        guard c.peek?.kind == .word("func") else {
            throw c.error("expected a function 'func @name(%0: f32[2]) -> (f32[2]) {', got \(c.found)")
        }
        _ = c.next()
        name = try c.name("after 'func'")
        map.headerLine = c.line
        try c.expect("(", "to open the arguments")
        if !c.skip(")") {
            repeat {
                let (value, column) = try c.value("as an argument")
                try c.expect(":", "after the argument \(value)")
                arguments.append((value, try c.type("for the argument \(value)")))
                map.argumentColumns.append(column)
            } while c.skip(",")
            try c.expect(")", "to close the arguments")
        }
        try c.expect("->", "before the result types")
        try c.expect("(", "to open the result types")
        if !c.skip(")") {
            repeat {
                let column = c.column
                headerTypes.append((try c.type("as a result type"), column))
            } while c.skip(",")
            try c.expect(")", "to close the result types")
        }
        try c.expect("{", "to open the body")
        try c.expectEnd("after '{'")
        stage = .body
    }

    /// A binding, an instruction, a store or the return.
    mutating func readBodyLine(_ c: inout TokenCursor) throws(IRError) {
        guard let first = c.peek else { return }
        switch first.kind {
        case .word("state"), .word("scalar"):
            let kind: Binding.Kind = first.kind == .word("state") ? .state : .scalar
            _ = c.next()
            let name = try c.name("after '\(kind.rawValue)'")
            try c.expect(":", "before the type of @\(name)")
            let type = try c.type("for @\(name)")
            try c.expectEnd("after the binding's type")
            bindings.append(Binding(name: name, kind: kind, type: type))
            map.bindingLines.append(c.line)
        case .word("return"):
            _ = c.next()
            map.returnLine = c.line
            if !c.atEnd {
                repeat {
                    let (value, column) = try c.value("to return")
                    results.append(value)
                    map.resultColumns.append(column)
                } while c.skip(",")
            }
            try c.expectEnd("after the returned values")
            stage = .afterReturn
        case .word("store"):
            _ = c.next()
            let name = try c.name("after 'store'")
            try c.expect(",", "between the stored name and value")
            let (value, column) = try c.value("to store")
            try c.expectEnd("after the stored value")
            instructions.append(
                Instruction(result: nil, operation: .store(name), operands: [value], type: nil, provenance: provenance(c)))
            map.instructions.append(
                .init(line: c.line, resultColumn: 0, operandColumns: [column], operationColumn: first.column, typeColumn: 0))
        case .value:
            try readInstruction(&c)
        case .punctuation("}"):
            throw c.error("missing 'return' before the closing '}'")
        default:
            throw c.error("expected an instruction '%1 = ...', a binding, 'store' or 'return', got \(c.found)")
        }
    }

    /// The name of the kernel being read.
    var kernelName: String {
        if case .fused(let k)? = kernel?.instruction.operation { return k.name }
        return ""
    }

    /// A line inside a `fused` body: an instruction, or the `}` that closes the kernel.
    mutating func readKernelLine(_ c: inout TokenCursor) throws(IRError) {
        guard c.skip("}") else {
            guard case .value? = c.peek?.kind else {
                throw c.error("expected an instruction '%1 = ...' or the '}' closing fused @\(kernelName), got \(c.found)")
            }
            return try readInstruction(&c)
        }
        try c.expectEnd("after the '}' closing fused @\(kernelName)")
        if let (instruction, span) = kernel {
            instructions.append(instruction)
            map.instructions.append(span)
        }
        kernel = nil
        stage = .body
    }

    /// The operands `%1, %2` at the cursor (none when no value follows), with their columns.
    static func operands(_ c: inout TokenCursor) throws(IRError) -> (values: [Value], columns: [Int]) {
        var values: [Value] = [], columns: [Int] = []
        guard case .value? = c.peek?.kind else { return ([], []) }
        repeat {
            let (v, column) = try c.value("as an operand")
            values.append(v)
            columns.append(column)
        } while c.skip(",")
        return (values, columns)
    }

    /// `%5, %7 = fused @k0 %2, %3 : f32[30,10], f32[30,10] {`: opens a kernel's body.
    mutating func readFused(_ c: inout TokenCursor, results: [Value], columns: [Int]) throws(IRError) {
        guard stage == .body else { throw c.error("a fused kernel cannot hold another fused kernel", at: columns[1]) }
        let name = try c.name("after 'fused'")
        let (operands, operandColumns) = try ProgramReader.operands(&c)
        try c.expect(":", "before the result types")
        let typeColumn = c.column
        var types: [TensorType] = []
        repeat { types.append(try c.type("for the kernel's results")) } while c.skip(",")
        guard types.count == results.count else {
            throw c.error(.type, "fused @\(name) defines \(results.count) values but lists \(types.count) types", at: typeColumn)
        }
        try c.expect("{", "to open the kernel's body")
        try c.expectEnd("after '{'")
        let instruction = Instruction(
            results: results, operation: .fused(FusedKernel(name: name, body: [], outputs: results)), operands: operands,
            types: types, provenance: provenance(c))
        let span = SourceMap.InstructionSpan(
            line: c.line, resultColumn: columns[0], operandColumns: operandColumns, operationColumn: columns[1],
            typeColumn: typeColumn)
        kernel = (instruction, span)
        stage = .kernel
    }

    /// `%3 = add %1, %2 : f32[3]`, `%4 = const [1.0, 2.0] : f32[2]`, `%5 = load @l0.W : f32[2,10]`,
    /// `%5, %7 = fused @k0 %2, %3 : f32[30,10], f32[30,10] {`.
    mutating func readInstruction(_ c: inout TokenCursor) throws(IRError) {
        let (result, resultColumn) = try c.value("")
        var results = [result]
        while c.skip(",") { results.append(try c.value("as a result").0) }
        try c.expect("=", "after \(results.map(\.description).joined(separator: ", "))")
        let operationColumn = c.column
        let word = try c.word("an operation after '='")
        if word == "fused" { return try readFused(&c, results: results, columns: [resultColumn, operationColumn]) }
        guard results.count == 1 else {
            throw c.error("\(word) defines one value; only 'fused' defines several", at: resultColumn)
        }
        let operation: Operation
        var operands: [Value] = [], operandColumns: [Int] = []
        switch word {
        case "const":
            let literal = try ConstantLiteral(&c)
            try c.expect(":", "before the constant's type")
            let typeColumn = c.column
            let type = try c.type("for the constant")
            try c.expectEnd("after the instruction's type")
            constants.append(try literal.array(of: type, line: c.line, typeColumn: typeColumn))
            append(result, .constant(constants.count - 1), [], [], type, c, [resultColumn, operationColumn, typeColumn])
            return
        case "load":
            operation = .load(try c.name("after 'load'"))
        case "store":
            throw c.error("store has no result: write 'store @name, %1'", at: operationColumn)
        default:
            (operands, operandColumns) = try ProgramReader.operands(&c)
            var attributes: [String: Attribute] = [:], columns: [String: Int] = [:]
            if c.isAt("{") { try AttributeParser.read(&c, into: &attributes, columns: &columns) }
            do {
                operation = .array(try ArrayOp(mnemonic: word, attributes: attributes))
            } catch {
                let unknown = error.message.hasPrefix("unknown operation")
                let column = columns.first { error.message.contains("'\($0.key)'") }?.value ?? operationColumn
                throw c.error(unknown ? .unknownName : .attribute, error.message, at: column)
            }
        }
        try c.expect(":", "before the result type")
        let typeColumn = c.column
        let type = try c.type("for \(result)")
        try c.expectEnd("after the instruction's type")
        append(result, operation, operands, operandColumns, type, c, [resultColumn, operationColumn, typeColumn])
    }

    /// Appends an instruction and where it stood (`columns`: of the result, the operation and the type).
    mutating func append(
        _ result: Value, _ operation: Operation, _ operands: [Value], _ operandColumns: [Int], _ type: TensorType,
        _ c: TokenCursor, _ columns: [Int]
    ) {
        let instruction = Instruction(result: result, operation: operation, operands: operands, type: type, provenance: provenance(c))
        if case .fused(var k)? = kernel?.instruction.operation {
            k.body.append(instruction)
            kernel?.instruction.operation = .fused(k)
            return
        }
        instructions.append(instruction)
        map.instructions.append(
            .init(
                line: c.line, resultColumn: columns[0], operandColumns: operandColumns, operationColumn: columns[1],
                typeColumn: columns[2]))
    }

    /// The provenance the line's comment shows.
    func provenance(_ c: TokenCursor) -> Provenance {
        c.comment.map { Provenance(parsing: $0) } ?? Provenance()
    }

    /// The name of an `effect @name` line: the rest of the line after `@` (effect names may hold
    /// spaces), or nil when the line is not an effect.
    static func effectName(_ line: Substring, number: Int) throws(IRError) -> String? {
        let start = line.drop { $0.isWhitespace }
        guard start.hasPrefix("effect"), let after = start.dropFirst("effect".count).first, after.isWhitespace else {
            return nil
        }
        let rest = start.dropFirst("effect".count).drop { $0.isWhitespace }
        let column = line.distance(from: line.startIndex, to: rest.startIndex) + 1
        guard rest.first == "@" else {
            throw IRError(.syntax, "expected a name like @Adam.t after 'effect'", line: number, column: column)
        }
        guard rest.count > 1 else {
            throw IRError(.syntax, "expected a name after '@'", line: number, column: column)
        }
        return String(rest.dropFirst())
    }
}
