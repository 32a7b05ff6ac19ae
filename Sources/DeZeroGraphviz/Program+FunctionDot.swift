import DeZeroArray
import DeZeroCompiler

/// The DeZero graph of a traced program, drawn as DeZero's `plot_dot_graph` draws a graph:
/// each DeZero Function call a box, each array passed between calls an ellipse with its shape
/// and dtype; every box also names the fused kernels its instructions ended up in.
///
/// A *call* is a run of consecutive instructions of `program` with the same provenance
/// (function, phase, layer): `Linear forward` in layer `l0` is one box, `SGD update` another.
/// Two calls of one Function in a row with the same provenance are drawn as one box (the
/// provenance does not tell them apart). Loads of state are ellipses with the binding's name
/// (`l0.W: (2, 10) float32`), arguments and constants ellipses too; a value the program stores
/// says where (`-> @l0.W`).
///
/// - Parameters:
///   - program: the traced program (unfused, for calls as the closure made them); a fused
///     program works too: its kernels' bodies are read in place of them.
///   - kernels: the program after fusion, whose kernels annotate the boxes (`k0, k3`); nil to
///     take them from `program` itself.
public func dotGraph(functionsOf program: Program, kernels: Program? = nil) -> DotGraph {
    var builder = FunctionGraphBuilder(program: program, kernels: kernels ?? program)
    return builder.build()
}

/// Builds the Function-level drawing.
private struct FunctionGraphBuilder {
    let program: Program
    /// The kernel each fused value belongs to.
    var kernelOf: [Value: String] = [:]
    var graph = DotGraph(name: "g")
    /// The node of each value drawn as a variable.
    var variables: [Value: String] = [:]
    var types: [Value: TensorType] = [:]

    init(program: Program, kernels: Program) {
        self.program = program
        for instruction in kernels.instructions {
            guard case .fused(let kernel) = instruction.operation else { continue }
            for member in kernel.body { for r in member.results { kernelOf[r] = kernel.name } }
        }
        for (v, t) in program.arguments { types[v] = t }
    }

    /// The instructions with kernels' bodies in their place.
    private var flat: [Instruction] {
        program.instructions.flatMap { i -> [Instruction] in
            if case .fused(let kernel) = i.operation { return kernel.body }
            return [i]
        }
    }

    mutating func build() -> DotGraph {
        graph.attributes = [
            .init("label", "@\(program.name): DeZero Functions and their kernels"), .init("labelloc", "t"), .init("fontname", "Helvetica"),
        ]
        graph.defaults(.node, ["fontname": "Helvetica", "fontsize": "10"])
        let instructions = flat
        for i in instructions { for (r, t) in zip(i.results, i.types) { types[r] = t } }
        var stored: [Value: [String]] = [:]
        var users: [Value: Int] = [:]
        for i in instructions {
            if case .store(let name) = i.operation { stored[i.operands[0], default: []].append(name) }
            for v in i.operands { users[v, default: 0] += 1 }
        }
        for v in program.results { users[v, default: 0] += 1 }

        // Calls: runs of one provenance.
        var calls: [(provenance: Provenance, members: [Instruction])] = []
        for i in instructions {
            switch i.operation {
            case .load(let name): addVariable(i.results[0], name: name)
            case .constant: addVariable(i.results[0], name: "const")
            case .store: continue
            default:
                if let last = calls.last, last.provenance == i.provenance, !i.provenance.isEmpty {
                    calls[calls.count - 1].members.append(i)
                } else {
                    calls.append((i.provenance, [i]))
                }
            }
        }
        for (i, argument) in program.arguments.enumerated() { addVariable(argument.value, name: "%\(i)") }

        for (index, call) in calls.enumerated() {
            let id = "f\(index)"
            let defined = Set(call.members.flatMap(\.results))
            var kernels: [String] = []
            for r in call.members.flatMap(\.results) {
                if let k = kernelOf[r], !kernels.contains(k) { kernels.append(k) }
            }
            var label = call.provenance.function ?? call.members[0].mnemonic
            if let phase = call.provenance.phase { label += " " + phase.rawValue }
            if let layer = call.provenance.layer { label += "\n" + layer }
            let results = call.members.flatMap(\.results)
            let fused = results.count { kernelOf[$0] != nil }
            label += "\n" + (kernels.isEmpty ? "not fused" : kernels.joined(separator: ", ") + " (\(fused) of \(results.count) ops)")
            graph.node(id, [
                "label": label, "shape": "box", "style": "filled", "fillcolor": ProgramStyle.fill(call.provenance.phase),
                "tooltip": call.members.map(\.mnemonic).joined(separator: ", "),
            ])
            // Inputs: values made outside the call, once each.
            var inputs: [Value] = []
            for v in call.members.flatMap(\.operands) where !defined.contains(v) && !inputs.contains(v) { inputs.append(v) }
            for v in inputs {
                if variables[v] == nil { addVariable(v, name: nil) }
                graph.edge(variables[v]!, id)
            }
            // Outputs: values used after the call or stored or returned.
            let inside = call.members.flatMap(\.operands).reduce(into: [Value: Int]()) { $0[$1, default: 0] += 1 }
            for r in call.members.flatMap(\.results) where (users[r] ?? 0) > (inside[r] ?? 0) || stored[r] != nil {
                addVariable(r, name: nil, stores: stored[r] ?? [])
                graph.edge(id, variables[r]!)
            }
        }
        return graph
    }

    /// An ellipse for `value`: `name: (2, 10) float32`, and where it is stored.
    private mutating func addVariable(_ value: Value, name: String?, stores: [String] = []) {
        guard variables[value] == nil else { return }
        let id = "v\(value.id)"
        variables[value] = id
        var label = types[value].map { NDArray.shapeDescription($0.shape) + " " + $0.dtype.description } ?? "\(value)"
        if let name { label = name + ": " + label }
        for store in stores { label += "\n-> @" + store }
        if program.results.contains(value) { label += "\n(returned)" }
        graph.node(id, ["label": label, "color": "orange", "style": "filled"])
    }
}

extension Instruction {
    /// The mnemonic of an array instruction, or the kind of another.
    fileprivate var mnemonic: String {
        switch operation {
        case .array(let op): op.mnemonic
        case .constant: "const"
        case .load(let name): "load @\(name)"
        case .store(let name): "store @\(name)"
        case .fused(let kernel): "fused @\(kernel.name)"
        }
    }
}
