import DeZero
import DeZeroGraphviz
import DeZeroTestSupport
import Foundation
import Testing

/// A new empty directory under the system's temporary directory.
func temporaryDirectory() -> URL {
    URL(fileURLWithPath: makeTemporaryDirectory("dezero-graphviz"))
}

/// Whether `bytes` start with `prefix`.
func starts(_ bytes: [UInt8], with prefix: String) -> Bool {
    bytes.starts(with: Array(prefix.utf8))
}

let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

@Suite("Graphviz: rendering through libgvc")
struct GraphvizRenderTests {
    @Test("PNG, SVG, PDF and DOT come out valid", arguments: GraphvizFormat.allCases)
    func formats(_ format: GraphvizFormat) throws {
        let bytes = try Graphviz.render(dot: getDotGraph(Graphs.tanhDerivative(2), verbose: false), format: format)
        switch format {
        case .png:
            #expect(bytes.starts(with: pngSignature))
            #expect(bytes.count > 5_000)
        case .svg:
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix("<?xml"))
            #expect(text.contains("<svg"))
            #expect(text.contains(">gx2</text>"))
            #expect(text.contains(">Tanh</text>"))
            #expect(text.contains("</svg>"))
        case .pdf:
            #expect(starts(bytes, with: "%PDF-"))
            #expect(bytes.count > 2_000)
            #expect(String(decoding: bytes.suffix(64), as: UTF8.self).contains("%%EOF"))
        case .dot:
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix("digraph g {"))
            #expect(text.contains("pos=\""))  // laid out
        }
    }

    @Test("plotDotGraph writes the format the extension names")
    func plot() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gx = Graphs.tanhDerivative(4)
        for name in ["tanh.png", "tanh.svg", "tanh.pdf", "tanh.dot", "TANH.PNG"] {
            let path = directory.appendingPathComponent(name).path
            try plotDotGraph(gx, verbose: false, toFile: path)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(bytes.count > 1_000, "\(name)")
            if name.lowercased().hasSuffix(".png") { #expect(bytes.starts(with: pngSignature)) }
        }
        // Replacing a file works, and no temporary file is left behind.
        try plotDotGraph(Graphs.goldstein(), toFile: directory.appendingPathComponent("tanh.png").path)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["TANH.PNG", "tanh.dot", "tanh.pdf", "tanh.png", "tanh.svg"])
    }

    @Test("malformed DOT throws Graphviz's message, and Graphviz still works afterwards")
    func malformed() throws {
        for text in ["digraph g { a -> }", "digraph { a [label=\"x] }", "not dot at all {{"] {
            #expect {
                _ = try Graphviz.render(dot: text, format: .svg)
            } throws: { error in
                guard case .syntax(let message) = error as? GraphvizError else { return false }
                return message.contains("syntax error")
            }
            let bytes = try Graphviz.render(dot: "digraph g { a -> b }", format: .svg)
            #expect(String(decoding: bytes, as: UTF8.self).contains("<svg"))
        }
        #expect(throws: GraphvizError.self) { _ = try Graphviz.render(dot: "", format: .png) }
    }

    @Test("an unknown format or layout engine throws")
    func unknownFormat() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let x = Graphs.expPow()
        #expect(throws: GraphvizError.unknownFormat("bmp")) {
            try plotDotGraph(x, toFile: directory.appendingPathComponent("graph.bmp").path)
        }
        #expect(throws: GraphvizError.unknownFormat("")) {
            try plotDotGraph(x, toFile: directory.appendingPathComponent("graph").path)
        }
        #expect(throws: GraphvizError.unknownFormat("")) { _ = try GraphvizFormat(path: "dir.png/.hidden") }
        #expect(try GraphvizFormat(path: "out/a.b.SVG") == .svg)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect {
            _ = try Graphviz.render(dot: "digraph { a -> b }", format: .png, engine: "no-such-engine")
        } throws: { error in
            guard case .layoutFailed("no-such-engine", let message) = error as? GraphvizError else { return false }
            return message.contains("no-such-engine")
        }
        #expect(GraphvizError.unknownFormat("bmp").description == "Unknown format 'bmp'; use one of png, svg, pdf, dot")
    }

    @Test("an unwritable path throws and leaves nothing behind")
    func unwritable() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let x = Graphs.expPow()
        let missing = directory.appendingPathComponent("no/such/dir/graph.png").path
        #expect {
            try plotDotGraph(x, toFile: missing)
        } throws: { error in
            guard case .writeFailed(let path, let detail) = error as? GraphvizError else { return false }
            return path == missing && detail.contains("No such file or directory")
        }
        // A directory where the file should go.
        let taken = directory.appendingPathComponent("taken.png")
        try FileManager.default.createDirectory(at: taken, withIntermediateDirectories: false)
        #expect(throws: GraphvizError.self) { try plotDotGraph(x, toFile: taken.path) }
        #expect(throws: GraphvizError.self) { try plotDotGraph(x, toFile: directory.path + "/") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken.png"])
    }

    @Test("8 renders in parallel all succeed")
    func parallel() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let texts = (1...8).map { getDotGraph(Graphs.tanhDerivative($0 % 4 + 1), verbose: $0 % 2 == 0) }
        let sizes = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for (i, text) in texts.enumerated() {
                group.addTask {
                    let format: GraphvizFormat = [.png, .svg, .pdf, .dot][i % 4]
                    let path = directory.appendingPathComponent("graph\(i).\(format.rawValue)").path
                    try Graphviz.render(dot: text, toFile: path)
                    return (i, try Data(contentsOf: URL(fileURLWithPath: path)).count)
                }
            }
            var sizes = [Int](repeating: 0, count: texts.count)
            for try await (i, size) in group { sizes[i] = size }
            return sizes
        }
        #expect(sizes.allSatisfy { $0 > 500 })
        // Malformed and valid texts mixed: each gets its own outcome and its own message.
        let expected = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    do {
                        _ = try Graphviz.render(dot: i % 2 == 0 ? "digraph { a -> }" : texts[i], format: .svg)
                        return i % 2 == 1
                    } catch {
                        guard case .syntax(let message) = error as? GraphvizError else { return false }
                        return i % 2 == 0 && message.contains("syntax error")
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(expected == 8)
    }
}
