import CGraphviz

/// What ``Graphviz`` refuses to hand to libgvc, because libgvc would take the process down or
/// hold it for minutes with no way to cancel, and how hard dot may work on large graphs. All is
/// checked on the parsed graph before layout, so DOT text and ``DotGraph`` attributes are
/// covered alike.
///
/// - Colour lists libgvc mishandles: in `color`, `fillcolor` and the other colour attributes,
///   every `;` must sit between a colour and its weight (`"red;0.3:blue"`); a value such as `";"`
///   or `"red;"` crashes libgvc (`findStopColor`) when the node is filled.
/// - `minlen` above ``maxMinlen``: `minlen=10000000` makes dot's ranking allocate until the
///   process dies.
/// - More nodes or edges than ``maxNodes`` and ``maxEdges``: dot's layout time grows steeply
///   with dense graphs and cannot be interrupted from the calling thread. Measured here, without
///   the effort caps below: complete digraphs of 25, 30 and 54 nodes took 1.5 s, 9.5 s and 250 s.
/// - Graphs with more than ``effortCapEdges`` edges get dot's own iteration limits (`mclimit`,
///   `nslimit`, `nslimit1`), unless the DOT text sets them: with them the complete 30- and
///   40-node digraphs take 0.8 s and 2.7 s, for slightly less tidy drawings. Smaller graphs are
///   drawn exactly as Graphviz draws them.
///
/// Raise a limit where a larger graph is meant; a graph over a limit throws
/// ``GraphvizError/rejected(reason:)`` naming the node, edge or count and the limit.
public struct GraphvizLimits: Sendable, Equatable {
    /// The most nodes a graph may have.
    public var maxNodes: Int
    /// The most edges a graph may have.
    public var maxEdges: Int
    /// The largest `minlen` (ranks an edge must span) an edge may ask for.
    public var maxMinlen: Int
    /// Above this many edges, dot's iteration limits are set (see above).
    public var effortCapEdges: Int

    /// Limits: by default ample for DeZero's graphs and below what makes a layout take minutes
    /// (the complete 54-node digraph, 2,862 edges, is refused).
    public init(maxNodes: Int = 5_000, maxEdges: Int = 2_500, maxMinlen: Int = 1_000, effortCapEdges: Int = 200) {
        self.maxNodes = maxNodes
        self.maxEdges = maxEdges
        self.maxMinlen = maxMinlen
        self.effortCapEdges = effortCapEdges
    }

    /// dot's iteration limits for large graphs: crossing minimization and network simplex.
    static let effortCaps = [("mclimit", "0.05"), ("nslimit", "2"), ("nslimit1", "2")]

    /// The limits ``Graphviz/render(dot:format:engine:limits:)`` uses unless told otherwise.
    public static let `default` = GraphvizLimits()

    /// The attributes whose values are colours or colour lists.
    static let colorAttributes: Set<String> = ["color", "fillcolor", "bgcolor", "pencolor", "fontcolor", "labelfontcolor"]

    /// Whether a colour value is safe: each `:`-separated item is a colour, or a colour, `;` and
    /// a weight.
    static func isSafeColor(_ value: String) -> Bool {
        value.split(separator: ":", omittingEmptySubsequences: false).allSatisfy { item in
            let parts = item.split(separator: ";", omittingEmptySubsequences: false)
            return parts.count == 1 || (parts.count == 2 && !parts[0].isEmpty && Double(parts[1]) != nil)
        }
    }

    /// Throws ``GraphvizError/rejected(reason:)`` for the first thing in `graph` over a limit;
    /// sets dot's iteration limits on a large graph that does not set them itself.
    func apply(to graph: UnsafeMutablePointer<Agraph_t>) throws(GraphvizError) {
        let nodes = Int(agnnodes(graph)), edges = Int(agnedges(graph))
        guard nodes <= maxNodes else {
            throw .rejected(
                reason: "the graph has \(nodes) nodes, more than the limit of \(maxNodes) (layout time grows steeply "
                    + "and cannot be interrupted); draw a smaller graph or raise GraphvizLimits.maxNodes")
        }
        guard edges <= maxEdges else {
            throw .rejected(
                reason: "the graph has \(edges) edges, more than the limit of \(maxEdges) (layout time grows steeply "
                    + "and cannot be interrupted); draw a smaller graph or raise GraphvizLimits.maxEdges")
        }
        if edges > effortCapEdges {
            for (key, value) in Self.effortCaps {
                var k = Array(key.utf8CString), v = Array(value.utf8CString), empty = Array("".utf8CString)
                k.withUnsafeMutableBufferPointer { k in
                    guard (agget(graph, k.baseAddress!).map { $0.pointee == 0 } ?? true) else { return }
                    v.withUnsafeMutableBufferPointer { v in
                        empty.withUnsafeMutableBufferPointer { _ = agsafeset(graph, k.baseAddress!, v.baseAddress!, $0.baseAddress!) }
                    }
                }
            }
        }
        try checkAttributes(of: graph, kind: AGRAPH, objects: Self.graphs(graph)) { "graph " + Self.name($0) }
        var allNodes: [UnsafeMutableRawPointer] = []
        var allEdges: [UnsafeMutableRawPointer] = []
        var tails: [UnsafeMutableRawPointer: UnsafeMutableRawPointer] = [:]
        var node = agfstnode(graph)
        while let n = node {
            allNodes.append(UnsafeMutableRawPointer(n))
            var edge = agfstout(graph, n)
            while let e = edge {
                allEdges.append(UnsafeMutableRawPointer(e))
                tails[UnsafeMutableRawPointer(e)] = UnsafeMutableRawPointer(n)
                edge = agnxtout(graph, e)
            }
            node = agnxtnode(graph, n)
        }
        try checkAttributes(of: graph, kind: AGNODE, objects: allNodes) { "node " + Self.name($0) }
        try checkAttributes(of: graph, kind: AGEDGE, objects: allEdges) { edge in
            // An out-edge's `node` is its head.
            let head = edge.assumingMemoryBound(to: Agedge_t.self).pointee.node
            return "edge " + (tails[edge].map(Self.name) ?? "?") + " -> " + (head.map { Self.name(UnsafeMutableRawPointer($0)) } ?? "?")
        }
    }

    /// Checks every declared colour attribute and `minlen` of `objects` (all of one `kind`).
    private func checkAttributes(
        of graph: UnsafeMutablePointer<Agraph_t>, kind: Int32, objects: [UnsafeMutableRawPointer],
        describe: (UnsafeMutableRawPointer) -> String
    ) throws(GraphvizError) {
        var symbol = agnxtattr(graph, kind, nil)
        while let sym = symbol {
            let key = String(cString: sym.pointee.name)
            if Self.colorAttributes.contains(key) || key == "minlen" {
                for object in objects {
                    guard let raw = agxget(object, sym) else { continue }
                    let value = String(cString: raw)
                    if key == "minlen", let minlen = Double(value), minlen > Double(maxMinlen) {
                        throw .rejected(
                            reason: "\(describe(object)): minlen=\(value) is above the limit of \(maxMinlen) "
                                + "(libgvc runs out of memory ranking it); lower it or raise GraphvizLimits.maxMinlen")
                    }
                    if key != "minlen" && !Self.isSafeColor(value) {
                        throw .rejected(
                            reason: "\(describe(object)): \(key)=\"\(value)\" is not a colour list libgvc can handle "
                                + "(each ';' must join a colour and its weight, as in \"red;0.3:blue\"); fix the colour")
                    }
                }
            }
            symbol = agnxtattr(graph, kind, sym)
        }
    }

    /// The root graph and all its subgraphs, depth first.
    private static func graphs(_ root: UnsafeMutablePointer<Agraph_t>) -> [UnsafeMutableRawPointer] {
        var result = [UnsafeMutableRawPointer(root)]
        var sub = agfstsubg(root)
        while let s = sub {
            result += graphs(s)
            sub = agnxtsubg(s)
        }
        return result
    }

    private static func name(_ object: UnsafeMutableRawPointer) -> String {
        agnameof(object).map { String(cString: $0) } ?? "?"
    }
}
