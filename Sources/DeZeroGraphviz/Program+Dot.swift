import DeZeroArray
import DeZeroCompiler

/// How ``dotGraph(of:options:)`` draws a compiler program.
public struct ProgramDrawingOptions: Sendable, Equatable {
    /// What the boxes (Graphviz clusters) around instructions stand for.
    public enum Grouping: String, Sendable, CaseIterable {
        /// One box per fused kernel, labelled with its name (`k0`).
        case kernel
        /// One box per DeZero layer (`l0`, nested by path), from the instructions' provenance;
        /// each instruction of a kernel names its kernel on a third line.
        case layer
    }

    /// Whether a fused kernel shows its body or is drawn as one node.
    public enum KernelDetail: String, Sendable, CaseIterable {
        /// Collapsed when the expanded drawing has more than ``ProgramDrawingOptions/collapseAbove`` nodes.
        case automatic
        /// Every body instruction is a node.
        case expanded
        /// Each kernel is one node.
        case collapsed
    }

    /// What the boxes stand for.
    public var grouping: Grouping
    /// Whether kernels show their bodies.
    public var kernels: KernelDetail
    /// With ``KernelDetail/automatic``: the most nodes drawn before kernels collapse.
    public var collapseAbove: Int

    /// Options: boxes for kernels, kernels collapsed automatically above `collapseAbove` nodes.
    public init(grouping: Grouping = .kernel, kernels: KernelDetail = .automatic, collapseAbove: Int = 400) {
        self.grouping = grouping
        self.kernels = kernels
        self.collapseAbove = collapseAbove
    }
}

/// A compiler program as a ``DotGraph``: one node per instruction, labelled with its mnemonic
/// and result type, edges from each value to its uses.
///
/// - Fill colour tells the phase from the provenance: forward light blue, backward light orange,
///   update light green, unknown grey.
/// - Shapes tell the kinds apart: arguments `invhouse`, constants `note`, state loads
///   `cylinder`, state stores `cds`, host-scalar loads `octagon`, the returned values `house`,
///   a collapsed kernel `box3d`, every other instruction a rounded box.
/// - Each fused kernel is a cluster labelled with its name (or, grouped by layer, each DeZero
///   layer is a cluster).
/// - Every node's tooltip (shown by SVG viewers) holds its values and provenance.
///
/// Node ids are numbered by position (`arg0`, `n12`, `n12_3` for the fourth instruction of the
/// kernel at instruction 12, `ret`), so the text depends only on the program.
public func dotGraph(of program: Program, options: ProgramDrawingOptions = ProgramDrawingOptions()) -> DotGraph {
    var builder = ProgramGraphBuilder(program: program, options: options)
    builder.build()
    return builder.graph()
}

/// Draws `program` into an image file: `png`, `svg` or `pdf` as the extension names, rendered
/// through libgvc; for `dot`, the DOT source of ``dotGraph(of:options:)`` (not laid out). The
/// file is replaced atomically.
///
/// - Throws: ``GraphvizError``: an unknown extension, an unwritable path, or Graphviz's own error.
public func plotProgram(
    _ program: Program, options: ProgramDrawingOptions = ProgramDrawingOptions(), toFile path: String,
    limits: GraphvizLimits = .default
) throws(GraphvizError) {
    try writePicture(dotGraph(of: program, options: options), toFile: path, limits: limits)
}

/// Writes `graph` to `path` in the format its extension names: `png`, `svg` or `pdf` rendered
/// through libgvc, or for `dot` its DOT source (not laid out). The file is replaced atomically.
///
/// - Throws: ``GraphvizError``: an unknown extension, an unwritable path, or Graphviz's own error.
public func writePicture(_ graph: DotGraph, toFile path: String, limits: GraphvizLimits = .default) throws(GraphvizError) {
    let format = try GraphvizFormat(path: path)
    if format == .dot { return try AtomicFile.write(Array(graph.text.utf8), to: path) }
    try Graphviz.render(dot: graph.text, toFile: path, format: format, limits: limits)
}

/// The colours and shapes of program drawings (also used by the Function-level drawing).
enum ProgramStyle {
    /// The fill colour of an instruction of `phase`.
    static func fill(_ phase: TraceScope.Kind?) -> String {
        switch phase {
        case .forward: "#cfe2f3"
        case .backward: "#fce5cd"
        case .update: "#d9ead3"
        default: "#eeeeee"
        }
    }
    static let state = "#e1d5e7"
    static let argument = "#fff2cc"
    static let constant = "#ffffff"
    static let result = "#fff2cc"
}

/// Builds the drawing: nodes placed in a tree of groups (clusters), edges at the top level (an
/// edge inside a subgraph would pull its nodes into it).
private struct ProgramGraphBuilder {
    let program: Program
    let options: ProgramDrawingOptions
    let collapse: Bool

    /// A cluster and what it holds, in order.
    struct Group {
        var key: String
        var label: String
        var items: [Item] = []
    }
    enum Item {
        case node(id: String, attributes: [(String, String)])
        case group(Int)
    }

    /// groups[0] is the root.
    private var groups = [Group(key: "", label: "")]
    private var children: [String: Int] = [:]
    private var edges: [(String, String)] = []
    /// The node that defines each value.
    private var definer: [Value: String] = [:]

    init(program: Program, options: ProgramDrawingOptions) {
        self.program = program
        self.options = options
        let expanded = program.arguments.count + 1
            + program.instructions.reduce(0) { n, i in
                if case .fused(let kernel) = i.operation { return n + kernel.body.count }
                return n + 1
            }
        switch options.kernels {
        case .expanded: collapse = false
        case .collapsed: collapse = true
        case .automatic: collapse = expanded > options.collapseAbove
        }
    }

    mutating func build() {
        for (i, argument) in program.arguments.enumerated() {
            let id = "arg\(i)"
            definer[argument.value] = id
            add(id, [("label", "\(argument.value)\n\(argument.type)"), ("shape", "invhouse"), ("fillcolor", ProgramStyle.argument)], in: [])
        }
        for (index, instruction) in program.instructions.enumerated() {
            let id = "n\(index)"
            guard case .fused(let kernel) = instruction.operation else {
                draw(instruction, id: id, kernel: nil)
                continue
            }
            if collapse {
                drawCollapsed(instruction, kernel, id: id)
            } else {
                for (j, member) in kernel.body.enumerated() { draw(member, id: "\(id)_\(j)", kernel: kernel.name) }
            }
        }
        if !program.results.isEmpty {
            add("ret", [("label", "return"), ("shape", "house"), ("fillcolor", ProgramStyle.result)], in: [])
            for value in program.results { edge(value, "ret") }
        }
    }

    /// One instruction (at the top level or in a kernel's body).
    private mutating func draw(_ instruction: Instruction, id: String, kernel: String?) {
        let types = instruction.types.map(\.description).joined(separator: ", ")
        var attributes: [(String, String)]
        switch instruction.operation {
        case .array(let op):
            var label = op.mnemonic + "\n" + types
            if options.grouping == .layer, let kernel { label += "\n@" + kernel }
            attributes = [("label", label), ("fillcolor", ProgramStyle.fill(instruction.provenance.phase))]
        case .constant(let index):
            let array = program.constants[index]
            let value = array.ndim == 0 ? " \(array)" : ""
            attributes = [("label", "const\(value)\n\(types)"), ("shape", "note"), ("fillcolor", ProgramStyle.constant)]
        case .load(let name):
            let scalar = program.binding(name)?.kind == .scalar
            attributes = [("label", "@\(name)\n\(types)"), ("shape", scalar ? "octagon" : "cylinder"), ("fillcolor", ProgramStyle.state)]
        case .store(let name):
            attributes = [("label", "store @\(name)"), ("shape", "cds"), ("fillcolor", ProgramStyle.state)]
        case .fused:
            preconditionFailure("a fused instruction is drawn by its body or collapsed")
        }
        attributes.append(("tooltip", tooltip(instruction.results, instruction.provenance.description)))
        for operand in instruction.operands { edge(operand, id) }
        for result in instruction.results { definer[result] = id }
        add(id, attributes, in: path(instruction.provenance, kernel: kernel))
    }

    /// A kernel as one node.
    private mutating func drawCollapsed(_ instruction: Instruction, _ kernel: FusedKernel, id: String) {
        var phases: [TraceScope.Kind?: Int] = [:]
        for member in kernel.body { phases[member.provenance.phase, default: 0] += 1 }
        let order: [TraceScope.Kind?] = [.forward, .backward, .update, .layer, nil]
        let counted = order.filter { phases[$0] != nil }
        let main = counted.max { phases[$0]! < phases[$1]! } ?? nil
        let mix = counted.count > 1 ? " (" + counted.map { "\($0?.rawValue ?? "other") \(phases[$0]!)" }.joined(separator: ", ") + ")" : ""
        var types: [String] = []
        for type in instruction.types.map(\.description) where !types.contains(type) { types.append(type) }
        let label = "@\(kernel.name): \(kernel.body.count) ops\(mix)\n" + types.joined(separator: ", ")
        let provenance = kernel.body.first { !$0.provenance.isEmpty }?.provenance ?? Provenance()
        for operand in instruction.operands { edge(operand, id) }
        for result in instruction.results { definer[result] = id }
        let grouping = options.grouping == .layer ? path(provenance, kernel: nil) : []
        add(
            id,
            [("label", label), ("shape", "box3d"), ("fillcolor", ProgramStyle.fill(main)),
             ("tooltip", tooltip(instruction.results, kernel.body.map(\.provenance.description).uniqued().joined(separator: "; ")))],
            in: grouping)
    }

    /// The groups an instruction sits in: its kernel, or its layer's path (`a.b` in `a`).
    private func path(_ provenance: Provenance, kernel: String?) -> [(key: String, label: String)] {
        switch options.grouping {
        case .kernel:
            return kernel.map { [("k:" + $0, $0)] } ?? []
        case .layer:
            guard let layer = provenance.layer else { return [] }
            let parts = layer.split(separator: ".").map(String.init)
            return parts.indices.map { i in
                let prefix = parts[...i].joined(separator: ".")
                return ("l:" + prefix, prefix)
            }
        }
    }

    private func tooltip(_ results: [Value], _ provenance: String) -> String {
        let values = results.map(\.description).joined(separator: ", ")
        return [values, provenance].filter { !$0.isEmpty }.joined(separator: ": ")
    }

    private mutating func edge(_ value: Value, _ to: String) {
        guard let from = definer[value] else { return }
        edges.append((from, to))
    }

    /// Adds a node inside the nested groups of `path`, making the groups it lacks.
    private mutating func add(_ id: String, _ attributes: [(String, String)], in path: [(key: String, label: String)]) {
        var parent = 0
        for (key, label) in path {
            if let index = children[key] {
                parent = index
            } else {
                groups.append(Group(key: key, label: label))
                children[key] = groups.count - 1
                groups[parent].items.append(.group(groups.count - 1))
                parent = groups.count - 1
            }
        }
        groups[parent].items.append(.node(id: id, attributes: attributes))
    }

    func graph() -> DotGraph {
        var root = DotGraph(name: "program")
        root.attributes = [
            .init("label", "@\(program.name)"), .init("labelloc", "t"), .init("fontname", "Helvetica"),
            .init("rankdir", "TB"),
        ]
        root.defaults(.node, ["shape": "box", "style": "rounded,filled", "fontname": "Helvetica", "fontsize": "10"])
        root.defaults(.edge, ["color": "#555555", "arrowsize": "0.6"])
        fill(&root, 0)
        for (from, to) in edges { root.edge(from, to) }
        return root
    }

    /// Writes group `index`'s items into `graph`.
    private func fill(_ graph: inout DotGraph, _ index: Int) {
        for item in groups[index].items {
            switch item {
            case .node(let id, let attributes):
                graph.node(id, attributes: attributes.map { DotGraph.Attribute($0.0, $0.1) })
            case .group(let g):
                let kernel = groups[g].key.hasPrefix("k:")
                var cluster = DotGraph(name: kernel ? "cluster_" + groups[g].label : "cluster_\(g)")
                cluster.attributes = [
                    .init("label", groups[g].label), .init("style", kernel ? "rounded,dashed" : "rounded"),
                    .init("color", kernel ? "#3c78d8" : "#999999"), .init("fontsize", "11"),
                ]
                fill(&cluster, g)
                graph.subgraph(cluster)
            }
        }
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in order of first appearance.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
