import DeZeroArray

@testable import DeZeroCompiler

/// Builds well-typed programs by hand for the tests: each primitive's result type comes from
/// shape inference.
struct ProgramBuilder {
    var program: Program
    var types: [Value: TensorType] = [:]
    var next = 0

    init(_ name: String, arguments: [TensorType]) {
        program = Program(name: name, arguments: [], bindings: [], constants: [], instructions: [], results: [])
        for t in arguments {
            let v = fresh()
            program.arguments.append((v, t))
            types[v] = t
        }
    }

    var arguments: [Value] { program.arguments.map(\.value) }

    mutating func fresh() -> Value {
        defer { next += 1 }
        return Value(next)
    }

    mutating func bind(_ name: String, _ kind: Binding.Kind, _ type: TensorType? = nil) {
        program.bindings.append(Binding(name: name, kind: kind, type: type))
    }

    @discardableResult
    mutating func emit(_ op: ArrayOp, _ operands: Value..., provenance: Provenance = Provenance()) throws -> Value {
        try emit(op, operands, provenance: provenance)
    }

    @discardableResult
    mutating func emit(_ op: ArrayOp, _ operands: [Value], provenance: Provenance = Provenance()) throws -> Value {
        let type = try op.resultType(operands: operands.map { types[$0]! })
        return define(.array(op), operands, type, provenance)
    }

    mutating func constant(_ array: NDArray) -> Value {
        program.constants.append(array)
        return define(.constant(program.constants.count - 1), [], TensorType(of: array), Provenance())
    }

    mutating func load(_ name: String) -> Value {
        define(.load(name), [], program.binding(name)!.type!, Provenance())
    }

    mutating func store(_ name: String, _ value: Value, provenance: Provenance = Provenance()) {
        program.instructions.append(Instruction(result: nil, operation: .store(name), operands: [value], type: nil, provenance: provenance))
    }

    mutating func define(_ operation: Operation, _ operands: [Value], _ type: TensorType, _ provenance: Provenance) -> Value {
        let v = fresh()
        types[v] = type
        program.instructions.append(Instruction(result: v, operation: operation, operands: operands, type: type, provenance: provenance))
        return v
    }

    mutating func finish(_ results: Value...) -> Program {
        program.results = results
        return program
    }
}
