import DeZeroArray

/// The text form of a program, which ``ProgramParser`` reads back to the same program.
extension Program: CustomStringConvertible {
    /// The program as IR text.
    public var description: String { text() }

    /// The program as IR text; `provenance: false` leaves out the `# layer l0: MatMul forward`
    /// comments.
    public func text(provenance: Bool = true) -> String {
        let args = arguments.map { "\($0.value): \($0.type)" }.joined(separator: ", ")
        let types = resultTypes.map(\.description).joined(separator: ", ")
        var lines = ["func @\(name)(\(args)) -> (\(types)) {"]
        for b in bindings {
            lines.append("  \(b.kind.rawValue) @\(b.name)" + (b.type.map { " : \($0)" } ?? ""))
        }
        for i in instructions { Program.append(i, constants: constants, provenance: provenance, indent: "  ", to: &lines) }
        lines.append("  return " + results.map(\.description).joined(separator: ", "))
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Appends the lines of `i` (a `fused` instruction's body lines indented one more level).
    static func append(_ i: Instruction, constants: [NDArray], provenance: Bool, indent: String, to lines: inout [String]) {
        var line = indent + format(i, constants: constants)
        if provenance && !i.provenance.isEmpty { line += "  # \(i.provenance)" }
        lines.append(line)
        if case .fused(let kernel) = i.operation {
            for member in kernel.body {
                append(member, constants: constants, provenance: provenance, indent: indent + "  ", to: &lines)
            }
            lines.append(indent + "}")
        }
    }

    /// One instruction without its comment (a `fused` instruction's first line, ending in `{`).
    static func format(_ i: Instruction, constants: [NDArray]) -> String {
        let lhs = i.results.isEmpty ? "" : i.results.map(\.description).joined(separator: ", ") + " = "
        let type = i.types.isEmpty ? "" : " : " + i.types.map(\.description).joined(separator: ", ")
        let operands = i.operands.map(\.description).joined(separator: ", ")
        switch i.operation {
        case .fused(let kernel):
            return lhs + "fused @\(kernel.name)" + (operands.isEmpty ? "" : " " + operands) + type + " {"
        case .array(let op):
            let attrs = op.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            return lhs + op.mnemonic + (operands.isEmpty ? "" : " " + operands) + (attrs.isEmpty ? "" : " {\(attrs)}") + type
        case .constant(let index):
            return lhs + "const " + formatConstant(constants[index]) + type
        case .load(let name):
            return lhs + "load @\(name)" + type
        case .store(let name):
            return "store @\(name), \(operands)"
        }
    }

    /// A constant's elements: `2.0` for a 0-d array, `[1.0, 2.0]` (C order) otherwise.
    static func formatConstant(_ array: NDArray) -> String {
        let items: [String]
        switch array.dtype {
        case .float32: items = array.scalars(as: Float.self).map { "\($0)" }
        case .float64: items = array.scalars(as: Double.self).map(Attribute.format)
        case .int64: items = array.scalars(as: Int64.self).map { "\($0)" }
        case .bool: items = array.scalars(as: Bool.self).map { "\($0)" }
        }
        return array.ndim == 0 ? items[0] : "[" + items.joined(separator: ", ") + "]"
    }
}
