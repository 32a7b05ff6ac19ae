import DeZero
import DeZeroGraphviz
import DeZeroTestSupport
import Foundation
import Testing

/// The graphs of scripts/fixtures/graphviz_fixtures.py, built the same way in Swift.
enum Graphs {
    /// examples/tanh.py (order 4) and steps/step35.py (order 2): tanh's order-th derivative at 1.
    static func tanhDerivative(_ order: Int) -> Variable {
        let x = Variable(NDArray(scalar: 1.0), name: "x")
        let y = tanh(x)
        y.name = "y"
        y.backward(createGraph: true)
        for _ in 0..<(order - 1) {
            let gx = x.grad!
            x.cleargrad()
            gx.backward(createGraph: true)
        }
        let gx = x.grad!
        gx.name = "gx\(order)"
        return gx
    }

    /// steps/step26.py.
    static func goldstein() -> Variable {
        let x = Variable(NDArray(scalar: 1.0), name: "x"), y = Variable(NDArray(scalar: 1.0), name: "y")
        let a = 1.0 + (x + y + 1.0) ** 2 * (19.0 - 14.0 * x + 3.0 * x ** 2 - 14.0 * y + 6.0 * x * y + 3.0 * y ** 2)
        let b = 30.0 + (2.0 * x - 3.0 * y) ** 2 * (18.0 - 32.0 * x + 12.0 * x ** 2 + 48.0 * y - 36.0 * x * y + 27.0 * y ** 2)
        let z = a * b
        z.backward()
        z.name = "z"
        return z
    }

    static func expPow() -> Variable {
        let x = Variable(NDArray(scalar: 0.5), name: "x")
        let y = exp(x ** 2)
        y.name = "y"
        return y
    }

    static func mulSelf() -> Variable {
        let x = Variable(NDArray.ones([2, 3]), name: "x")
        return sum(x * x + sin(x))
    }

    static func linearFloat32() -> Variable {
        let x = Variable(NDArray.ones([2, 3]).astype(.float32), name: "x")
        let W = Variable(NDArray.ones([3, 4]).astype(.float32), name: "W")
        let b = Variable(NDArray.zeros([4]).astype(.float32), name: "b")
        let y = linear(x, W, b)
        y.name = "y"
        return y
    }
}

/// This target's fixtures (Tests/DeZeroGraphvizTests/Fixtures).
let fixtures = FixtureFiles(.module)

/// Function nodes, edges and variable nodes of a DOT text as getDotGraph writes it.
func counts(_ dot: String) -> (functions: Int, edges: Int, variables: Int, labels: [String: Int]) {
    let lines = dot.split(separator: "\n")
    let functions = lines.filter { $0.contains("color=lightblue") }
    var labels: [String: Int] = [:]
    for line in functions {
        let label = line.split(separator: "\"")[1]
        labels[String(label), default: 0] += 1
    }
    return (functions.count, lines.count { $0.contains(" -> ") }, lines.count { $0.contains("color=orange") }, labels)
}

@Suite("Graphviz: DOT text of DeZero graphs")
struct GraphvizDotTests {
    /// Each golden file is the Python DeZero's get_dot_graph text with ids renumbered and
    /// repeated variable lines dropped (scripts/fixtures/graphviz_fixtures.py).
    @Test("getDotGraph matches the Python DeZero's graph", arguments: [
        ("exp_pow_verbose", true), ("exp_pow", false), ("mul_self_verbose", true),
        ("linear_float32_verbose", true), ("tanh2", false), ("tanh4", false), ("goldstein", false),
    ])
    func golden(name: String, verbose: Bool) throws {
        let output: Variable = switch name {
        case "exp_pow_verbose", "exp_pow": Graphs.expPow()
        case "mul_self_verbose": Graphs.mulSelf()
        case "linear_float32_verbose": Graphs.linearFloat32()
        case "tanh2": Graphs.tanhDerivative(2)
        case "goldstein": Graphs.goldstein()
        default: Graphs.tanhDerivative(4)
        }
        #expect(getDotGraph(output, verbose: verbose) == fixtures.text(name + ".dot"))
    }

    @Test("tanh's 4th derivative: 51 functions, 147 edges, each variable once")
    func tanh4Counts() throws {
        let gx = Graphs.tanhDerivative(4)
        #expect(abs(gx.data.item() - 0.6650910447505024) < 1e-12)
        let c = counts(getDotGraph(gx, verbose: false))
        #expect(c.functions == 51)
        #expect(c.edges == 147)
        #expect(c.variables == 59)
        #expect(c.labels == ["Mul": 29, "Add": 13, "Neg": 5, "Sub": 3, "Tanh": 1])
        let graph = dotGraph(of: gx, verbose: false)
        #expect(graph.nodeCount == 51 + 59)
        #expect(graph.edgeCount == 147)
    }

    /// The two large graphs are goldens above; their counts say what differs when those fail.
    /// `2.0 * x` records `Mul(x, 2)`, as DeZero's reflected `__rmul__` does.
    @Test("Goldstein-Price and tanh's 4th derivative: the counts of the Python graphs")
    func goldsteinCounts() throws {
        let reference = try JSONSerialization.jsonObject(with: fixtures.data("counts.json")) as! [String: [String: Any]]
        for (name, output) in [("goldstein", Graphs.goldstein()), ("tanh4", Graphs.tanhDerivative(4))] {
            let expected = try #require(reference[name])
            let c = counts(getDotGraph(output, verbose: false))
            #expect(c.functions == expected["functions"] as? Int, "\(name)")
            #expect(c.edges == expected["edges"] as? Int, "\(name)")
            #expect(c.variables == expected["variables"] as? Int, "\(name)")
            #expect(c.labels == expected["labels"] as? [String: Int], "\(name)")
        }
    }

    @Test("node ids depend on the graph only")
    func stableIDs() {
        let a = getDotGraph(Graphs.tanhDerivative(3))
        let b = getDotGraph(Graphs.tanhDerivative(3))
        #expect(a == b)
        #expect(!a.contains("0x"))
    }

    @Test("a variable without a creator is a single node")
    func lonelyVariable() {
        let x = Variable(NDArray([1.0, 2.0, 3.0]), name: "x")
        #expect(getDotGraph(x) == "digraph g {\nv0 [label=\"x: (3,) float64\", color=orange, style=filled]\n}\n")
        #expect(getDotGraph(x, verbose: false) == "digraph g {\nv0 [label=\"x\", color=orange, style=filled]\n}\n")
    }

    @Test("names are escaped inside labels")
    func escapedNames() {
        let x = Variable(NDArray(scalar: 1.0), name: #"say "hi"\"#)
        let text = getDotGraph(x, verbose: false)
        #expect(text.contains(#"v0 [label="say \"hi\"\\", color=orange"#))
    }

    @Test("DotGraph writes ids bare or quoted, directed or not")
    func builder() {
        var g = DotGraph(name: "ir", directed: false, attributes: ["rankdir": "LR"])
        g.node("a", ["label": "x", "shape": "box"])
        g.node("node 2", ["color": "#ff0000", "label": "two\nlines"])
        g.node("node", [:])
        g.edge("a", "node 2", ["style": "dashed"])
        g.edge("a", "42")
        #expect(g.text == """
            graph ir {
            rankdir=LR
            a [label="x", shape=box]
            "node 2" [color="#ff0000", label="two\\nlines"]
            "node"
            a -- "node 2" [style=dashed]
            a -- 42
            }

            """)
        #expect(g.nodeCount == 3 && g.edgeCount == 2)
        #expect(g.description == g.text)
    }
}
