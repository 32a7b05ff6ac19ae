import DeZeroArray

/// Checks the rules every ``Program`` must keep before a pass or an executor may rely on them.
///
/// - Every operand is defined before its use (arguments at entry, then the straight-line
///   body), and every value is defined once.
/// - Each result type equals the type ``ArrayOp/resultType(operands:)`` infers; the one
///   exception is NumPy's value-based promotion: `float64` where `float32` is inferred, beside
///   a 0-d `i64` or `f64` operand.
/// - `const` refers to an existing constant of its type; `load` reads a state or scalar binding
///   with the binding's type; `store` writes a state binding, with its type, at most once.
/// - Binding names are unique, and the returned values are defined.
///
/// Errors carry the line and column of ``SourceMap`` when the program came from text
/// (``ProgramParser/parseWithLines(_:)``), and no position otherwise.
public enum Verifier {
    /// Throws the first broken rule of `program`, placed with `lines` when given.
    public static func verify(_ program: Program, lines: SourceMap? = nil) throws(IRError) {
        var check = VerifierPass(program: program, lines: lines ?? SourceMap())
        try check.run()
    }
}

/// One verification walk over a program.
private struct VerifierPass {
    let program: Program
    let lines: SourceMap
    /// The type of each value defined so far.
    var defined: [Value: TensorType] = [:]
    /// The line where each value was defined (0 for arguments or unknown).
    var definedAt: [Value: Int] = [:]
    /// The state bindings stored so far.
    var stored: Set<String> = []
    /// Values defined inside fused kernels and not visible outside (a second definition is an error).
    var hidden: Set<Value> = []

    init(program: Program, lines: SourceMap) {
        self.program = program
        self.lines = lines
    }

    mutating func run() throws(IRError) {
        try checkBindings()
        for (k, (value, type)) in program.arguments.enumerated() {
            guard defined[value] == nil else {
                throw IRError(.dominance, "argument \(value) is defined twice", line: lines.headerLine, column: column(lines.argumentColumns, k))
            }
            defined[value] = type
            definedAt[value] = lines.headerLine
        }
        for (index, instruction) in program.instructions.enumerated() {
            try check(instruction, index)
        }
        for (k, value) in program.results.enumerated() where defined[value] == nil {
            throw IRError(.dominance, "returned value \(value) is never defined", line: lines.returnLine, column: column(lines.resultColumns, k))
        }
    }

    /// Binding names are unique; state and scalars have a type.
    func checkBindings() throws(IRError) {
        var seen: Set<String> = []
        for (k, b) in program.bindings.enumerated() {
            let line = k < lines.bindingLines.count ? lines.bindingLines[k] : 0
            guard seen.insert(b.name).inserted else {
                throw IRError(.binding, "the binding @\(b.name) is declared twice", line: line)
            }
            guard b.kind == .effect || b.type != nil else {
                throw IRError(.binding, "the \(b.kind.rawValue) binding @\(b.name) needs a type", line: line)
            }
        }
    }

    /// The column at `k` of `columns`, 0 when unknown.
    func column(_ columns: [Int], _ k: Int) -> Int { k < columns.count ? columns[k] : 0 }

    /// Checks one instruction and records its results.
    mutating func check(_ instruction: Instruction, _ index: Int) throws(IRError) {
        let span = index < lines.instructions.count ? lines.instructions[index] : nil
        let later = program.instructions[(index + 1)...]
        try check(instruction, span: span) { operand in later.contains { $0.results.contains(operand) } }
    }

    /// Checks one instruction (placed at `span`) and records its results; `definedLater` tells
    /// whether an undefined operand is defined further on.
    mutating func check(
        _ instruction: Instruction, span: SourceMap.InstructionSpan?, definedLater: (Value) -> Bool
    ) throws(IRError) {
        let line = span?.line ?? 0
        func error(_ kind: IRError.Kind, _ message: String, column: Int? = nil) -> IRError {
            IRError(kind, message, line: line, column: column ?? span?.operationColumn ?? 0)
        }
        var operandTypes: [TensorType] = []
        for (k, operand) in instruction.operands.enumerated() {
            guard let type = defined[operand] else {
                if hidden.contains(operand) {
                    throw error(.dominance, "\(operand) is defined inside a fused kernel and is not one of its outputs", column: span.map { column($0.operandColumns, k) })
                }
                let later = definedLater(operand) || instruction.results.contains(operand)
                throw error(.dominance, "\(operand) \(later ? "used before it is defined" : "used but never defined")", column: span.map { column($0.operandColumns, k) })
            }
            operandTypes.append(type)
        }
        switch instruction.operation {
        case .store(let name):
            guard instruction.results.isEmpty && instruction.types.isEmpty else { throw error(.type, "store has no result") }
            try checkStore(name, operandTypes, error)
            return
        case .fused(let kernel):
            try checkFused(instruction, kernel, span: span, error)
            return
        default: break
        }
        guard let result = instruction.result, let declared = instruction.type,
            instruction.results.count == 1 && instruction.types.count == 1
        else {
            throw error(.type, "the instruction needs one result and its type")
        }
        if defined[result] != nil || hidden.contains(result) {
            let first = definedAt[result].map { $0 > 0 ? " (first at line \($0))" : "" } ?? ""
            throw error(.dominance, "\(result) is defined twice\(first)", column: span?.resultColumn ?? 0)
        }
        let typeColumn = span?.typeColumn
        switch instruction.operation {
        case .array(let op):
            let inferred: TensorType
            do {
                inferred = try op.resultType(operands: operandTypes)
            } catch {
                throw error.placed(line: line, column: span?.operationColumn ?? 0)
            }
            guard inferred == declared || VerifierPass.valueBasedPromotion(op, operandTypes, inferred, declared) else {
                throw error(
                    .type,
                    "\(result) is declared \(declared) but \(op.mnemonic) gives \(inferred) on \(operandTypes.isEmpty ? "no operands" : operandTypes.map(\.description).joined(separator: ", "))",
                    column: typeColumn)
            }
        case .constant(let k):
            guard instruction.operands.isEmpty else { throw error(.shape, "const takes no operands, got \(instruction.operands.count)") }
            guard program.constants.indices.contains(k) else {
                throw error(.binding, "const refers to constant \(k) but the program has \(program.constants.count)")
            }
            let actual = TensorType(of: program.constants[k])
            guard actual == declared else {
                throw error(.type, "constant \(k) has type \(actual) but the instruction declares \(declared)", column: typeColumn)
            }
        case .load(let name):
            guard instruction.operands.isEmpty else { throw error(.shape, "load takes no operands, got \(instruction.operands.count)") }
            guard let binding = program.binding(name) else {
                throw error(.unknownName, "load of @\(name), which is not a binding; declare it with 'state @\(name) : type'")
            }
            guard binding.kind != .effect, let type = binding.type else {
                throw error(.binding, "load of @\(name), an effect; only state and scalar bindings can be loaded")
            }
            guard type == declared else {
                throw error(.type, "load of @\(name) declares \(declared) but the binding has type \(type)", column: typeColumn)
            }
        case .store, .fused:
            return
        }
        defined[result] = declared
        definedAt[result] = line
    }

    /// A `fused` instruction: its body holds array primitives and constants only, checked as
    /// instructions of their own; it reads exactly the instruction's operands from outside, in
    /// order of first use; the instruction's results are its outputs, with their types; body
    /// values other than the outputs are not visible after it.
    mutating func checkFused(
        _ instruction: Instruction, _ kernel: FusedKernel, span: SourceMap.InstructionSpan?,
        _ error: (IRError.Kind, String, Int?) -> IRError
    ) throws(IRError) {
        guard !kernel.body.isEmpty else { throw error(.shape, "fused @\(kernel.name) has an empty body", nil) }
        guard kernel.inputs == instruction.operands else {
            throw error(
                .dominance,
                "fused @\(kernel.name) lists the operands \(instruction.operands) but its body reads \(kernel.inputs) from outside; list each once, in order of first use",
                nil)
        }
        guard kernel.outputs == instruction.results, instruction.types.count == instruction.results.count, !kernel.outputs.isEmpty else {
            throw error(.type, "fused @\(kernel.name) must define its outputs \(kernel.outputs), each with a type", nil)
        }
        let outer = defined
        for member in kernel.body {
            switch member.operation {
            case .array, .constant: break
            default:
                throw error(.type, "fused @\(kernel.name) holds \(Program.format(member, constants: program.constants)); a kernel holds array primitives and constants only", nil)
            }
            try check(member, span: span) { _ in false }
        }
        let bodyTypes = defined
        defined = outer
        for (value, type) in zip(instruction.results, instruction.types) {
            guard let inside = bodyTypes[value], outer[value] == nil else {
                throw error(.dominance, "fused @\(kernel.name) outputs \(value), which its body does not define", nil)
            }
            guard inside == type else {
                throw error(.type, "fused @\(kernel.name) declares \(value) as \(type) but its body gives \(inside)", span?.typeColumn)
            }
            defined[value] = type
            definedAt[value] = span?.line ?? 0
        }
        for (value, _) in bodyTypes where outer[value] == nil && !instruction.results.contains(value) {
            hidden.insert(value)
        }
    }

    /// `store @name, %v`: one operand, to a state binding of its type, once.
    mutating func checkStore(
        _ name: String, _ operandTypes: [TensorType], _ error: (IRError.Kind, String, Int?) -> IRError
    ) throws(IRError) {
        guard operandTypes.count == 1 else { throw error(.shape, "store takes 1 operand, got \(operandTypes.count)", nil) }
        guard let binding = program.binding(name) else {
            throw error(.unknownName, "store to @\(name), which is not a binding; declare it with 'state @\(name) : type'", nil)
        }
        guard binding.kind == .state, let type = binding.type else {
            throw error(.binding, "store to @\(name), a \(binding.kind.rawValue) binding; only state bindings can be stored", nil)
        }
        guard type == operandTypes[0] else {
            throw error(.type, "store to @\(name) of a \(operandTypes[0]) value; the binding has type \(type)", nil)
        }
        guard stored.insert(name).inserted else {
            throw error(.binding, "@\(name) is stored twice; store each state binding at most once", nil)
        }
    }

    /// Whether `declared` is NumPy's value-based `float64` where `float32` was inferred: a
    /// binary operation or `where` between a float32 array and a 0-d `i64` or `f64` operand.
    static func valueBasedPromotion(_ op: ArrayOp, _ operands: [TensorType], _ inferred: TensorType, _ declared: TensorType) -> Bool {
        guard inferred.dtype == .float32 && declared.dtype == .float64 && inferred.shape == declared.shape else { return false }
        let pair: ArraySlice<TensorType>
        switch op {
        case .binary: pair = operands[0...1]
        case .select: pair = operands[1...2]
        default: return false
        }
        let scalars = pair.filter { $0.shape.isEmpty }
        return scalars.count == 1 && (scalars[0].dtype == .int64 || scalars[0].dtype == .float64)
    }
}
