import ArgumentParser
import DeZeroCompiler
import DeZeroGraphviz
import Foundation

/// `--format`, `--output`, `--fuse`, `--group-by`, `--kernels`: drawing a program (the IR graph)
/// instead of printing it, for `trace` and `check`.
struct PictureOptions: ParsableArguments {
    @Option(help: "Draw the program in this format (png, svg, pdf, or dot: the DOT source) into --output.")
    var format: GraphvizFormat?
    @Option(help: "Directory to write the picture to, as NAME.FORMAT (NAME is the program's name).")
    var output: String?
    @Flag(help: "Run elementwise fusion first (kernels are drawn as clusters).")
    var fuse = false
    // When the pass pipeline lands, `--after PASS` (the program as it stands after PASS) goes
    // here, next to --fuse, and `stage(_:)` below applies it.
    @Option(help: "Boxes around instructions: kernel (fused kernels) or layer (DeZero layers).")
    var groupBy: ProgramDrawingOptions.Grouping = .kernel
    @Option(help: "Fused kernels: automatic (one node each above --collapse-above nodes), expanded or collapsed.")
    var kernels: ProgramDrawingOptions.KernelDetail = .automatic
    @Option(help: "With --kernels automatic: the most nodes drawn before kernels collapse.")
    var collapseAbove = 400
    @Flag(help: "Draw DeZero's graph instead: one box per Function call, naming the kernels it ended up in (with --fuse).")
    var functions = false

    /// Whether a picture is asked for.
    var wanted: Bool { format != nil || output != nil || functions }

    func validate() throws {
        if (format != nil || functions) && output == nil { throw ValidationError("--format and --functions need --output DIR") }
        guard collapseAbove > 0 else { throw ValidationError("--collapse-above must be positive") }
    }

    /// The program to draw or print: as given, or fused.
    func stage(_ program: Program) throws -> Program {
        fuse ? try Fusion().run(program) : program
    }

    /// Draws `program` (as traced; `stage(_:)` applies --fuse) into `--output` and returns the
    /// file's path: `NAME.FORMAT`, or `NAME.functions.FORMAT` for the Function-level graph.
    func draw(_ program: Program) throws -> String {
        let staged = try stage(program)
        guard let output else { throw CommandError("--format needs --output DIR") }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create \(output): \(error.localizedDescription)")
        }
        let name = program.name + (functions ? ".functions" : "")
        let path = (output as NSString).appendingPathComponent("\(name).\((format ?? .png).rawValue)")
        let options = ProgramDrawingOptions(grouping: groupBy, kernels: kernels, collapseAbove: collapseAbove)
        do {
            let graph = functions ? dotGraph(functionsOf: program, kernels: staged) : dotGraph(of: staged, options: options)
            try writePicture(graph, toFile: path)
        } catch {
            throw CommandError("\(error)")
        }
        return path
    }
}

extension GraphvizFormat: ExpressibleByArgument {}
extension ProgramDrawingOptions.Grouping: ExpressibleByArgument {}
extension ProgramDrawingOptions.KernelDetail: ExpressibleByArgument {}
