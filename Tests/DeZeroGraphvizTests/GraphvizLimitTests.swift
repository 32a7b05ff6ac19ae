import DeZeroGraphviz
import Testing

/// DOT text and DotGraph attributes that once crashed libgvc or held it for minutes (issue 11,
/// section 4): each is now refused before layout with a typed error (see GraphvizLimits).
@Suite("Graphviz: what libgvc is not handed")
struct GraphvizLimitTests {
    static func rejection(_ dot: String, limits: GraphvizLimits = .default) -> String? {
        do {
            _ = try Graphviz.render(dot: dot, format: .svg, limits: limits)
            return nil
        } catch {
            guard case .rejected(let reason) = error else { return "\(error)" }
            return reason
        }
    }

    @Test func hugeMinlenIsRefused() {
        // Segfaulted in ranking (out of memory).
        let reason = Self.rejection("digraph{a->b[minlen=10000000]}")
        #expect(reason?.hasPrefix("edge a -> b: minlen=10000000 is above the limit of 1000") == true, "\(String(describing: reason))")
        #expect(Self.rejection("digraph{a->b[minlen=3]}") == nil)
    }

    @Test func colourListsEndingInASemicolonAreRefused() {
        // Segfaulted in findStopColor.
        let reason = Self.rejection(#"digraph{a[color=";" style=filled]}"#)
        #expect(reason?.hasPrefix(#"node a: color=";" is not a colour list"#) == true, "\(String(describing: reason))")
        var graph = DotGraph()
        graph.node("x", ["fillcolor": "orange;", "style": "filled"])
        #expect(Self.rejection(graph.text)?.hasPrefix(#"node x: fillcolor="orange;""#) == true)
        var edge = DotGraph()
        edge.edge("p", "q", ["color": "red;0.5:;"])
        #expect(Self.rejection(edge.text)?.hasPrefix("edge p -> q: color=") == true)
        #expect(Self.rejection(#"digraph{bgcolor="blue;"; a}"#)?.hasPrefix("graph ") == true)
        // Weighted colour lists are fine.
        #expect(Self.rejection(#"digraph{a[fillcolor="red;0.3:blue" style=filled]}"#) == nil)
    }

    @Test func denseGraphsOverTheEdgeLimitAreRefusedBeforeLayout() {
        // The complete 54-node digraph laid out for 250 s.
        var dot = "digraph{"
        for i in 0..<54 { for j in 0..<54 where i != j { dot += "n\(i)->n\(j);" } }
        dot += "}"
        let reason = Self.rejection(dot)
        #expect(reason?.hasPrefix("the graph has 2862 edges, more than the limit of 2500") == true, "\(String(describing: reason))")
        #expect(Self.rejection("digraph{a;b;c}", limits: GraphvizLimits(maxNodes: 2))?.contains("3 nodes") == true)
    }

    @Test func largeGraphsGetDotsIterationLimits() throws {
        func layout(_ dot: String, limits: GraphvizLimits = .default) throws -> String {
            String(decoding: try Graphviz.render(dot: dot, format: .dot, limits: limits), as: UTF8.self)
        }
        let chain = (0..<30).map { "n\($0)->n\($0 + 1)" }.joined(separator: ";")
        #expect(try !layout("digraph{\(chain)}").contains("mclimit"))
        let capped = try layout("digraph{\(chain)}", limits: GraphvizLimits(effortCapEdges: 10))
        #expect(capped.contains("mclimit=0.05") && capped.contains("nslimit=2"))
        // A limit the text sets itself is kept.
        let own = try layout("digraph{mclimit=3; \(chain)}", limits: GraphvizLimits(effortCapEdges: 10))
        #expect(own.contains("mclimit=3") && !own.contains("mclimit=0.05"))
    }

    @Test func nulCharactersAreEscapedByDotGraphAndRefusedInText() throws {
        var graph = DotGraph(name: "g\0")
        graph.node("a\0b", ["label": "x\0y"])
        let text = graph.text
        #expect(!text.utf8.contains(0))
        #expect(text.contains(#""a\0b" [label="x\0y"]"#))
        _ = try Graphviz.render(dot: text, format: .svg)
        #expect(throws: GraphvizError.syntax(
            message: #"the DOT text holds a NUL character (line 1, column 19), which Graphviz cannot read; remove it from the name or label (DotGraph writes it as \0)"#)
        ) {
            try Graphviz.render(dot: "digraph{a[label=\"x\0y\"]}", format: .svg)
        }
    }
}
