/// A graph in Graphviz's DOT language, built statement by statement and written out as text.
///
/// The builder knows nothing about DeZero: the computational graph (``dotGraph(of:verbose:)``)
/// and the compiler's programs (``dotGraph(of:options:)``) are both drawn through it, and its ``text`` can be handed to
/// ``Graphviz/render(dot:format:engine:limits:)``. Statements are written in the order they were added,
/// one per line, so the text is deterministic and easy to compare with golden files.
///
/// ```swift
/// var graph = DotGraph()
/// graph.node("a", ["label": "x", "color": "orange", "style": "filled"])
/// graph.node("b", ["label": "Square", "shape": "box"])
/// graph.edge("a", "b")
/// print(graph.text)
/// ```
public struct DotGraph: Sendable, Equatable, CustomStringConvertible {
    /// One `key=value` pair of a node, an edge or the graph.
    public struct Attribute: Sendable, Equatable {
        /// The attribute's name, e.g. `label`, `color`, `shape`.
        public var key: String
        /// The attribute's value, unquoted and unescaped; the writer quotes it when needed.
        public var value: String

        /// An attribute `key=value`.
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// A line of the graph's body.
    public indirect enum Statement: Sendable, Equatable {
        /// A node with its attributes: `id [k=v, ...]`.
        case node(id: String, attributes: [Attribute])
        /// An edge with its attributes: `from -> to [k=v, ...]` (`--` in an undirected graph).
        case edge(from: String, to: String, attributes: [Attribute])
        /// Default attributes of the nodes or edges that follow: `node [k=v, ...]`.
        case defaults(Defaults, attributes: [Attribute])
        /// A subgraph, written `subgraph name { ... }` with its attributes and statements; a name
        /// starting with `cluster` makes Graphviz draw a box around its nodes.
        case subgraph(DotGraph)
    }

    /// What a ``Statement/defaults(_:attributes:)`` statement sets defaults for.
    public enum Defaults: String, Sendable, Equatable {
        /// `node [...]`.
        case node
        /// `edge [...]`.
        case edge
    }

    /// The graph's name, written after `digraph`.
    public var name: String
    /// Whether edges are directed (`digraph`, `->`) or not (`graph`, `--`).
    public var directed: Bool
    /// Graph-wide attributes (`rankdir`, `fontname`, ...), written first as `key=value` lines.
    public var attributes: [Attribute]
    /// The nodes and edges, in the order they were added.
    public private(set) var statements: [Statement] = []

    /// An empty graph; DeZero's graphs are `digraph g`.
    public init(name: String = "g", directed: Bool = true, attributes: KeyValuePairs<String, String> = [:]) {
        self.name = name
        self.directed = directed
        self.attributes = attributes.map { Attribute($0.key, $0.value) }
    }

    /// Adds a node statement. A node may be mentioned by an edge before its statement; Graphviz
    /// then applies the attributes when it meets the statement.
    public mutating func node(_ id: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        statements.append(.node(id: id, attributes: attributes.map { Attribute($0.key, $0.value) }))
    }

    /// Adds a node statement with attributes built at run time, in order.
    public mutating func node(_ id: String, attributes: [Attribute]) {
        statements.append(.node(id: id, attributes: attributes))
    }

    /// Adds an edge statement from node `from` to node `to`. Adding the same edge twice draws two
    /// arrows, as for a function that takes the same variable twice (`x * x`).
    public mutating func edge(_ from: String, _ to: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        statements.append(.edge(from: from, to: to, attributes: attributes.map { Attribute($0.key, $0.value) }))
    }

    /// Adds default attributes for the nodes or edges added after it.
    public mutating func defaults(_ kind: Defaults, _ attributes: KeyValuePairs<String, String>) {
        statements.append(.defaults(kind, attributes: attributes.map { Attribute($0.key, $0.value) }))
    }

    /// Adds `graph` as a subgraph: its ``name`` and ``attributes`` head it, its statements are
    /// written inside (its ``directed`` is ignored). Name it `cluster...` to have it boxed.
    public mutating func subgraph(_ graph: DotGraph) {
        statements.append(.subgraph(graph))
    }

    /// The number of node statements, those of subgraphs included.
    public var nodeCount: Int { count { if case .node = $0 { true } else { false } } }
    /// The number of edge statements, those of subgraphs included.
    public var edgeCount: Int { count { if case .edge = $0 { true } else { false } } }

    /// The number of statements that `matches`, those of subgraphs included.
    private func count(_ matches: (Statement) -> Bool) -> Int {
        statements.reduce(0) { n, statement in
            if case .subgraph(let graph) = statement { return n + graph.count(matches) }
            return n + (matches(statement) ? 1 : 0)
        }
    }

    /// The DOT text: `digraph g {`, one statement a line (a subgraph's indented by two spaces),
    /// `}` and a final newline.
    public var text: String {
        (directed ? "digraph " : "graph ") + Self.quoted(name, always: false) + " {\n" + body(indent: "") + "}\n"
    }

    /// The graph's attribute lines and statements, each line starting with `indent`.
    private func body(indent: String) -> String {
        var out = ""
        for attribute in attributes {
            out += indent + Self.format(attribute) + "\n"
        }
        for statement in statements {
            switch statement {
            case .node(let id, let attributes):
                out += indent + Self.quoted(id, always: false) + Self.format(attributes) + "\n"
            case .edge(let from, let to, let attributes):
                out += indent + Self.quoted(from, always: false) + (directed ? " -> " : " -- ")
                    + Self.quoted(to, always: false) + Self.format(attributes) + "\n"
            case .defaults(let kind, let attributes):
                out += indent + kind.rawValue + Self.format(attributes) + "\n"
            case .subgraph(let graph):
                var sub = graph
                sub.directed = directed
                out += indent + "subgraph " + Self.quoted(graph.name, always: false) + " {\n"
                out += sub.body(indent: indent + "  ") + indent + "}\n"
            }
        }
        return out
    }

    /// The DOT text (``text``).
    public var description: String { text }

    /// Attributes whose values are free text: always written quoted, as DeZero writes labels.
    private static let textKeys: Set<String> = ["label", "xlabel", "headlabel", "taillabel", "tooltip"]

    /// ` [k=v, k=v]`, or nothing when there are no attributes.
    private static func format(_ attributes: [Attribute]) -> String {
        attributes.isEmpty ? "" : " [" + attributes.map(format).joined(separator: ", ") + "]"
    }

    private static func format(_ attribute: Attribute) -> String {
        attribute.key + "=" + quoted(attribute.value, always: textKeys.contains(attribute.key))
    }

    /// `s` as a DOT ID: bare when it is a plain identifier or a number (and `always` is false),
    /// otherwise a double-quoted string with `"` and `\` escaped and newlines written as `\n`.
    /// A NUL character, which DOT text cannot hold (Graphviz reads C strings and would stop
    /// there with a misleading "missing endquote"), is written as the two characters `\0`.
    static func quoted(_ s: String, always: Bool) -> String {
        if !always && isBareID(s) { return s }
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// True for `[A-Za-z_][A-Za-z0-9_]*` that is not a DOT keyword, and for plain numerals.
    private static func isBareID(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first else { return false }
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        if isLetter(first) {
            let keywords: Set<String> = ["node", "edge", "graph", "digraph", "subgraph", "strict"]
            return s.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) } && !keywords.contains(s.lowercased())
        }
        return s.unicodeScalars.allSatisfy(isDigit)
    }
}
