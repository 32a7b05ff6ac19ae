import DeZero
import DeZeroGraphviz
import Foundation
import Testing

/// `sigmoid(x W + b)` with fixed weights (no draw from the global generator, which the seeded
/// suites of DeZeroTests own).
final class TinyNet: Model {
    let W = Parameter(NDArray([0.1, -0.2, 0.3, 0.4, 0.5, -0.6], shape: [2, 3]), name: "W")
    let b = Parameter(NDArray.zeros([3]), name: "b")

    override func forward(_ x: Variable) -> Variable { sigmoid(linear(x, W, b)) }
}

/// A model of two inputs: `sum((x - t) ** 2)`.
final class SquaredDistance: Model {
    override func forward(_ inputs: [Variable]) -> [Variable] { [sum((inputs[0] - inputs[1]) ** 2)] }
}

@Suite("Model.plot: the graph of a forward pass")
struct ModelPlotTests {
    @Test("draws every function and variable of the forward pass, verbose by default")
    func dotText() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.dot").path
        let x = Variable(NDArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], shape: [4, 2]))
        let y = try TinyNet().plot(x, toFile: path)
        #expect(y.shape == [4, 3])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for label in ["W: (2, 3) float64", "b: (3,) float64", "(4, 2) float64", "(4, 3) float64", "Linear", "Sigmoid"] {
            #expect(text.contains(label), "\(label)")
        }
        // Laid out by Graphviz, and drawn from the same walk as plotDotGraph.
        #expect(text.contains("pos=\""))
        #expect(getDotGraph(y, verbose: true).contains("label=\"W: (2, 3) float64\""))
    }

    @Test("arrays, several inputs, verbose: false, and a PNG")
    func variants() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let png = directory.appendingPathComponent("tiny.png").path
        try TinyNet().plot(NDArray([1.0, 2.0], shape: [1, 2]), toFile: png)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: png))).starts(with: pngSignature))

        let svg = directory.appendingPathComponent("distance.svg").path
        let x = Variable(NDArray([1.0, 2.0]), name: "x"), t = Variable(NDArray([0.0, 1.0]), name: "t")
        let d = try SquaredDistance().plot(x, t, verbose: false, toFile: svg)
        #expect(d.data.item() == 2.0)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        for label in [">x</text>", ">t</text>", ">Sub</text>", ">Pow</text>", ">Sum</text>"] {
            #expect(text.contains(label), "\(label)")
        }
        #expect(!text.contains("float64"))
    }

    @Test("the graph is recorded even under withNoGrad")
    func noGrad() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.dot").path
        let y = try withNoGrad { try TinyNet().plot(NDArray([1.0, 2.0], shape: [1, 2]), toFile: path) }
        #expect(y.creator != nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Linear"))
    }

    @Test("an unknown extension throws before anything is written")
    func unknownFormat() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.jpeg").path
        #expect(throws: GraphvizError.unknownFormat("jpeg")) {
            try TinyNet().plot(NDArray([1.0, 2.0], shape: [1, 2]), toFile: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
