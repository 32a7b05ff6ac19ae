import DeZero

/// The DOT text of the computational graph that produced `output` (DeZero's `get_dot_graph`).
///
/// The graph holds every function and variable reachable backwards from `output`, drawn as DeZero
/// draws them: variables as orange filled ellipses labelled with their name (and, when `verbose`,
/// shape and dtype: `x: (2, 3) float64`), functions as light-blue filled boxes labelled with their
/// class name, and edges input -> function -> output. Unlike DeZero, each variable is written once.
/// Node ids are numbered in the order the walk meets them (`v0` is `output`, `f0` its creator),
/// so the text depends only on the graph, never on memory addresses.
///
/// - Parameters:
///   - output: the variable whose history is drawn.
///   - verbose: add each variable's shape and dtype to its label.
public func getDotGraph(_ output: Variable, verbose: Bool = true) -> String {
    dotGraph(of: output, verbose: verbose).text
}

/// The computational graph that produced `output` as a ``DotGraph``, for callers that want to add
/// statements or attributes before writing it out. See ``getDotGraph(_:verbose:)``.
public func dotGraph(of output: Variable, verbose: Bool = true) -> DotGraph {
    var builder = ComputationalGraphBuilder(verbose: verbose)
    builder.walk(from: output)
    return builder.graph
}

/// Walks a DeZero graph backwards from its output as `get_dot_graph` does (a stack of functions,
/// each visited once) and writes its nodes and edges.
private struct ComputationalGraphBuilder {
    let verbose: Bool
    var graph = DotGraph()
    /// Node ids given so far, by object.
    private var ids: [ObjectIdentifier: String] = [:]
    /// How many variables and functions have an id.
    private var counts = (variables: 0, functions: 0)
    /// Variables whose node statement has been written.
    private var written: Set<ObjectIdentifier> = []

    init(verbose: Bool) { self.verbose = verbose }

    mutating func walk(from output: Variable) {
        var stack: [Function] = []
        var seen: Set<ObjectIdentifier> = []
        func push(_ function: Function?) {
            if let function, seen.insert(ObjectIdentifier(function)).inserted { stack.append(function) }
        }
        push(output.creator)
        writeNode(output)
        while let function = stack.popLast() {
            let f = id(of: function)
            graph.node(f, ["label": String(describing: type(of: function)), "color": "lightblue", "style": "filled", "shape": "box"])
            for x in function.inputs { graph.edge(id(of: x), f) }
            let outputs = function.outputs.compactMap { $0 }  // an output already freed is not drawn
            for y in outputs { graph.edge(f, id(of: y)) }
            for x in function.inputs {
                writeNode(x)
                push(x.creator)
            }
            // An output that no walked function uses (another output of a multi-output function).
            for y in outputs { writeNode(y) }
        }
    }

    /// The node id of a variable: `v` and its rank among the variables met so far.
    private mutating func id(of variable: Variable) -> String {
        if let id = ids[ObjectIdentifier(variable)] { return id }
        defer { counts.variables += 1 }
        return newID(ObjectIdentifier(variable), "v\(counts.variables)")
    }

    /// The node id of a function: `f` and its rank among the functions met so far.
    private mutating func id(of function: Function) -> String {
        if let id = ids[ObjectIdentifier(function)] { return id }
        defer { counts.functions += 1 }
        return newID(ObjectIdentifier(function), "f\(counts.functions)")
    }

    private mutating func newID(_ object: ObjectIdentifier, _ id: String) -> String {
        ids[object] = id
        return id
    }

    /// Writes the node statement of `variable` unless it has been written already.
    private mutating func writeNode(_ variable: Variable) {
        guard written.insert(ObjectIdentifier(variable)).inserted else { return }
        graph.node(id(of: variable), ["label": label(of: variable), "color": "orange", "style": "filled"])
    }

    /// The name, then, when verbose, `: (2, 3) float64`.
    private func label(of variable: Variable) -> String {
        var label = variable.name ?? ""
        if verbose {
            if variable.name != nil { label += ": " }
            label += NDArray.shapeDescription(variable.shape) + " " + variable.dtype.description
        }
        return label
    }
}
