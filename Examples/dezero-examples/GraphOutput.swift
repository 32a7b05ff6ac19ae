#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import DeZero
import DeZeroGraphviz

/// `--output DIR --format png|svg|pdf|dot`: where the examples that draw a graph write it.
struct GraphOutput: ParsableArguments {
    @Option(help: "Directory the drawing is written to.") var output = "."
    @Option(help: "Image format: png, svg, pdf or dot.") var format: GraphvizFormat = .png

    /// Draws the graph that produced `variable` into `DIR/stem.FORMAT` and says where on stderr
    /// (stdout stays what the book prints).
    func plot(_ variable: Variable, verbose: Bool, stem: String) throws {
        let path = path(stem: stem)
        try plotDotGraph(variable, verbose: verbose, toFile: path)
        var standardError = StandardError()
        print("wrote \(path)", to: &standardError)
    }
}

/// `--format png` and the other formats, by their names.
extension GraphvizFormat: ExpressibleByArgument {}

extension GraphOutput {
    /// `DIR/stem.FORMAT`.
    func path(stem: String) -> String {
        (output.hasSuffix("/") ? output : output + "/") + stem + "." + format.rawValue
    }
}

/// Text written to the standard error stream (file descriptor 2).
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes(writeStandardError)
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}

/// POSIX `write` to file descriptor 2; the bytes written, or -1.
private func writeStandardError(_ bytes: UnsafeRawBufferPointer) -> Int {
    write(2, bytes.baseAddress, bytes.count)
}
