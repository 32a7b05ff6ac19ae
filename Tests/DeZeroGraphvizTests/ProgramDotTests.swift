import DeZeroCompiler
import DeZeroGraphviz
import DeZeroTestSupport
import Foundation
import Testing

/// Two small programs, parsed from IR text (no tracing, so the goldens depend only on the
/// drawing).
enum SmallPrograms {
    /// A layer's forward, a backward and an SGD update of its bias: all three phases, a state
    /// load and store, a host scalar.
    static let linearTanh = """
        func @linear_tanh(%0: f32[4,3]) -> (f32[4,3]) {
          scalar @SGD.lr : f64[]
          state @b : f32[3]
          %1 = load @b : f32[3]
          %2 = add %0, %1 : f32[4,3]  # layer l0: Linear forward
          %3 = tanh %2 : f32[4,3]  # Tanh forward
          %4 = multiply %3, %3 : f32[4,3]  # Tanh backward
          %5 = sum %4 {axes=[0], keepdims=false} : f32[3]  # Sum backward
          %6 = load @SGD.lr : f64[]  # SGD update
          %7 = multiply %6, %5 : f32[3]  # SGD update
          %8 = subtract %1, %7 : f32[3]  # SGD update
          store @b, %8  # SGD update
          return %3
        }
        """

    /// Two arguments, a constant, two results, a kernel with two outputs; no provenance.
    static let two = """
        func @two(%0: f64[2,2], %1: f64[2]) -> (f64[2,2], f64[2,2]) {
          %2 = const 1.0 : f64[]
          %3 = exp %0 : f64[2,2]
          %4 = add %3, %1 : f64[2,2]
          %5 = matmul %3, %4 : f64[2,2]
          %6 = subtract %2, %4 : f64[2,2]
          return %5, %6
        }
        """

    static func parse(_ text: String, fused: Bool) throws -> Program {
        let program = try ProgramParser.parse(text)
        return fused ? try Fusion().run(program) : program
    }
}

/// The head every program drawing starts with.
private func head(_ name: String) -> String {
    """
    digraph program {
    label="@\(name)"
    labelloc=t
    fontname=Helvetica
    rankdir=TB
    node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10]
    edge [color="#555555", arrowsize="0.6"]

    """
}

@Suite("Graphviz: pictures of compiler programs")
struct ProgramDotTests {
    @Test func linearTanhUnfused() throws {
        let dot = dotGraph(of: try SmallPrograms.parse(SmallPrograms.linearTanh, fused: false)).text
        #expect(dot == head("linear_tanh") + """
            arg0 [label="%0\\nf32[4,3]", shape=invhouse, fillcolor="#fff2cc"]
            n0 [label="@b\\nf32[3]", shape=cylinder, fillcolor="#e1d5e7", tooltip="%1"]
            n1 [label="add\\nf32[4,3]", fillcolor="#cfe2f3", tooltip="%2: layer l0: Linear forward"]
            n2 [label="tanh\\nf32[4,3]", fillcolor="#cfe2f3", tooltip="%3: Tanh forward"]
            n3 [label="multiply\\nf32[4,3]", fillcolor="#fce5cd", tooltip="%4: Tanh backward"]
            n4 [label="sum\\nf32[3]", fillcolor="#fce5cd", tooltip="%5: Sum backward"]
            n5 [label="@SGD.lr\\nf64[]", shape=octagon, fillcolor="#e1d5e7", tooltip="%6: SGD update"]
            n6 [label="multiply\\nf32[3]", fillcolor="#d9ead3", tooltip="%7: SGD update"]
            n7 [label="subtract\\nf32[3]", fillcolor="#d9ead3", tooltip="%8: SGD update"]
            n8 [label="store @b", shape=cds, fillcolor="#e1d5e7", tooltip="SGD update"]
            ret [label="return", shape=house, fillcolor="#fff2cc"]
            arg0 -> n1
            n0 -> n1
            n1 -> n2
            n2 -> n3
            n2 -> n3
            n3 -> n4
            n5 -> n6
            n4 -> n6
            n0 -> n7
            n6 -> n7
            n7 -> n8
            n2 -> ret
            }

            """)
    }

    @Test func linearTanhFused() throws {
        let dot = dotGraph(of: try SmallPrograms.parse(SmallPrograms.linearTanh, fused: true)).text
        #expect(dot == head("linear_tanh") + """
            arg0 [label="%0\\nf32[4,3]", shape=invhouse, fillcolor="#fff2cc"]
            n0 [label="@b\\nf32[3]", shape=cylinder, fillcolor="#e1d5e7", tooltip="%1"]
            subgraph cluster_k0 {
              label="k0"
              style="rounded,dashed"
              color="#3c78d8"
              fontsize=11
              n1_0 [label="add\\nf32[4,3]", fillcolor="#cfe2f3", tooltip="%2: layer l0: Linear forward"]
              n1_1 [label="tanh\\nf32[4,3]", fillcolor="#cfe2f3", tooltip="%3: Tanh forward"]
              n1_2 [label="multiply\\nf32[4,3]", fillcolor="#fce5cd", tooltip="%4: Tanh backward"]
            }
            n2 [label="sum\\nf32[3]", fillcolor="#fce5cd", tooltip="%5: Sum backward"]
            n3 [label="@SGD.lr\\nf64[]", shape=octagon, fillcolor="#e1d5e7", tooltip="%6: SGD update"]
            subgraph cluster_k1 {
              label="k1"
              style="rounded,dashed"
              color="#3c78d8"
              fontsize=11
              n4_0 [label="multiply\\nf32[3]", fillcolor="#d9ead3", tooltip="%7: SGD update"]
              n4_1 [label="subtract\\nf32[3]", fillcolor="#d9ead3", tooltip="%8: SGD update"]
            }
            n5 [label="store @b", shape=cds, fillcolor="#e1d5e7", tooltip="SGD update"]
            ret [label="return", shape=house, fillcolor="#fff2cc"]
            arg0 -> n1_0
            n0 -> n1_0
            n1_0 -> n1_1
            n1_1 -> n1_2
            n1_1 -> n1_2
            n1_2 -> n2
            n3 -> n4_0
            n2 -> n4_0
            n0 -> n4_1
            n4_0 -> n4_1
            n4_1 -> n5
            n1_1 -> ret
            }

            """)
    }

    @Test func twoUnfused() throws {
        let dot = dotGraph(of: try SmallPrograms.parse(SmallPrograms.two, fused: false)).text
        #expect(dot == head("two") + """
            arg0 [label="%0\\nf64[2,2]", shape=invhouse, fillcolor="#fff2cc"]
            arg1 [label="%1\\nf64[2]", shape=invhouse, fillcolor="#fff2cc"]
            n0 [label="const 1.0\\nf64[]", shape=note, fillcolor="#ffffff", tooltip="%2"]
            n1 [label="exp\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%3"]
            n2 [label="add\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%4"]
            n3 [label="matmul\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%5"]
            n4 [label="subtract\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%6"]
            ret [label="return", shape=house, fillcolor="#fff2cc"]
            arg0 -> n1
            n1 -> n2
            arg1 -> n2
            n1 -> n3
            n2 -> n3
            n0 -> n4
            n2 -> n4
            n3 -> ret
            n4 -> ret
            }

            """)
    }

    @Test func twoFused() throws {
        let dot = dotGraph(of: try SmallPrograms.parse(SmallPrograms.two, fused: true)).text
        #expect(dot == head("two") + """
            arg0 [label="%0\\nf64[2,2]", shape=invhouse, fillcolor="#fff2cc"]
            arg1 [label="%1\\nf64[2]", shape=invhouse, fillcolor="#fff2cc"]
            n0 [label="const 1.0\\nf64[]", shape=note, fillcolor="#ffffff", tooltip="%2"]
            subgraph cluster_k0 {
              label="k0"
              style="rounded,dashed"
              color="#3c78d8"
              fontsize=11
              n1_0 [label="exp\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%3"]
              n1_1 [label="add\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%4"]
              n1_2 [label="subtract\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%6"]
            }
            n2 [label="matmul\\nf64[2,2]", fillcolor="#eeeeee", tooltip="%5"]
            ret [label="return", shape=house, fillcolor="#fff2cc"]
            arg0 -> n1_0
            n1_0 -> n1_1
            arg1 -> n1_1
            n0 -> n1_2
            n1_1 -> n1_2
            n1_0 -> n2
            n1_1 -> n2
            n2 -> ret
            n1_2 -> ret
            }

            """)
    }

    @Test func collapsedKernelsAreOneNodeEach() throws {
        let program = try SmallPrograms.parse(SmallPrograms.linearTanh, fused: true)
        let graph = dotGraph(of: program, options: ProgramDrawingOptions(kernels: .collapsed))
        let text = graph.text
        #expect(text.contains("""
            n1 [label="@k0: 3 ops (forward 2, backward 1)\\nf32[4,3]", shape=box3d, fillcolor="#cfe2f3", \
            tooltip="%3, %4: layer l0: Linear forward; Tanh forward; Tanh backward"]
            """))
        #expect(text.contains("n4 [label=\"@k1: 2 ops\\nf32[3]\", shape=box3d, fillcolor=\"#d9ead3\""))
        #expect(!text.contains("subgraph"))
        #expect(text.contains("n0 -> n1\n"))
        #expect(text.contains("n1 -> n2\n"))
        #expect(text.contains("n1 -> ret\n"))
        // 1 argument, 6 instructions, the return.
        #expect(graph.nodeCount == 8)
    }

    @Test func automaticModeCollapsesAboveTheLimit() throws {
        let program = try SmallPrograms.parse(SmallPrograms.linearTanh, fused: true)
        // Expanded: 1 argument + 4 instructions + 5 in kernels + the return = 11 nodes.
        #expect(dotGraph(of: program, options: ProgramDrawingOptions(collapseAbove: 11)).nodeCount == 11)
        #expect(dotGraph(of: program, options: ProgramDrawingOptions(collapseAbove: 10)).nodeCount == 8)
        #expect(dotGraph(of: program, options: ProgramDrawingOptions(kernels: .expanded, collapseAbove: 1)).nodeCount == 11)
    }

    @Test func groupingByLayerBoxesLayersAndNamesKernels() throws {
        let program = try ProgramParser.parse("""
            func @f(%0: f32[2]) -> (f32[2]) {
              %1 = exp %0 : f32[2]  # layer enc.l0: Exp forward
              %2 = tanh %1 : f32[2]  # layer enc.l1: Tanh forward
              %3 = negative %2 : f32[2]  # layer enc: Neg forward
              %4 = sum %3 {axes=none, keepdims=false} : f32[]  # Sum forward
              return %3
            }
            """)
        let text = dotGraph(of: try Fusion().run(program), options: ProgramDrawingOptions(grouping: .layer)).text
        // enc holds enc.l0 and enc.l1 (nested by path), each instruction naming its kernel.
        #expect(text.contains("""
            subgraph cluster_1 {
              label="enc"
              style=rounded
              color="#999999"
              fontsize=11
              subgraph cluster_2 {
                label="enc.l0"
                style=rounded
                color="#999999"
                fontsize=11
                n0_0 [label="exp\\nf32[2]\\n@k0", fillcolor="#cfe2f3", tooltip="%1: layer enc.l0: Exp forward"]
              }
              subgraph cluster_3 {
                label="enc.l1"
            """))
        #expect(text.contains("n1 [label=\"sum\\nf32[]\", fillcolor=\"#cfe2f3\""))
    }

    @Test func functionLevelGraphNamesEachCallsKernels() throws {
        let traced = try SmallPrograms.parse(SmallPrograms.linearTanh, fused: false)
        let fused = try Fusion().run(traced)
        let text = dotGraph(functionsOf: traced, kernels: fused).text
        #expect(text == """
            digraph g {
            label="@linear_tanh: DeZero Functions and their kernels"
            labelloc=t
            fontname=Helvetica
            node [fontname=Helvetica, fontsize=10]
            v1 [label="b: (3,) float32", color=orange, style=filled]
            v6 [label="SGD.lr: () float64", color=orange, style=filled]
            v0 [label="%0: (4, 3) float32", color=orange, style=filled]
            f0 [label="Linear forward\\nl0\\nk0 (1 of 1 ops)", shape=box, style=filled, fillcolor="#cfe2f3", tooltip="add"]
            v0 -> f0
            v1 -> f0
            v2 [label="(4, 3) float32", color=orange, style=filled]
            f0 -> v2
            f1 [label="Tanh forward\\nk0 (1 of 1 ops)", shape=box, style=filled, fillcolor="#cfe2f3", tooltip="tanh"]
            v2 -> f1
            v3 [label="(4, 3) float32\\n(returned)", color=orange, style=filled]
            f1 -> v3
            f2 [label="Tanh backward\\nk0 (1 of 1 ops)", shape=box, style=filled, fillcolor="#fce5cd", tooltip="multiply"]
            v3 -> f2
            v4 [label="(4, 3) float32", color=orange, style=filled]
            f2 -> v4
            f3 [label="Sum backward\\nnot fused", shape=box, style=filled, fillcolor="#fce5cd", tooltip="sum"]
            v4 -> f3
            v5 [label="(3,) float32", color=orange, style=filled]
            f3 -> v5
            f4 [label="SGD update\\nk1 (2 of 2 ops)", shape=box, style=filled, fillcolor="#d9ead3", tooltip="multiply, subtract"]
            v6 -> f4
            v5 -> f4
            v1 -> f4
            v8 [label="(3,) float32\\n-> @b", color=orange, style=filled]
            f4 -> v8
            }

            """)
        // The fused program alone gives the same calls (its kernels' bodies read in place).
        #expect(dotGraph(functionsOf: fused).text == text)
        // Unfused, nothing is in a kernel.
        #expect(dotGraph(functionsOf: traced).text.components(separatedBy: "not fused").count == 6)
    }

    @Test("pictures come out valid", arguments: [GraphvizFormat.png, .svg, .pdf, .dot])
    func pictures(_ format: GraphvizFormat) throws {
        let directory = makeTemporaryDirectory("dezero-program-dot")
        defer { removeTemporaryDirectory(directory) }
        let path = directory + "/linear_tanh." + format.rawValue
        try plotProgram(try SmallPrograms.parse(SmallPrograms.linearTanh, fused: true), toFile: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        switch format {
        case .png:
            #expect(bytes.starts(with: pngSignature))
        case .svg:
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix("<?xml"))
            #expect(text.contains("<svg"))
            #expect(text.contains(">k0</text>"))
            #expect(text.contains(">store @b</text>"))
            #expect(text.hasSuffix("</svg>\n"))
        case .pdf:
            #expect(starts(bytes, with: "%PDF-"))
        case .dot:
            #expect(String(decoding: bytes, as: UTF8.self) == dotGraph(of: try SmallPrograms.parse(SmallPrograms.linearTanh, fused: true)).text)
        }
        // Nothing but the picture is left in the directory (the write is atomic).
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["linear_tanh." + format.rawValue])
    }

    @Test func anUnknownExtensionIsATypedError() throws {
        let program = try SmallPrograms.parse(SmallPrograms.two, fused: false)
        #expect(throws: GraphvizError.unknownFormat("gif")) { try plotProgram(program, toFile: "/tmp/x.gif") }
    }
}
