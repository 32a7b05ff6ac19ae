import ArgumentParser
import DeZeroCompiler
import DeZeroGraphviz
import Foundation

/// `--format`, `--output`, `--after`, `--group-by`, `--kernels`: drawing a program (the IR graph)
/// instead of printing it, for `trace` and `check`.
struct PictureOptions: ParsableArguments {
    @Option(help: "Draw the program in this format (png, svg, pdf, or dot: the DOT source) into --output.")
    var format: GraphvizFormat?
    @Option(help: "Directory to write the picture to, as NAME.FORMAT (NAME is the program's name).")
    var output: String?
    @Option(help: "Draw the program as it stands after this pass (default: after every pass, as it runs, kernels as clusters; none: as traced).")
    var after: String?
    @Option(help: "Boxes around instructions: kernel (fused kernels) or layer (DeZero layers).")
    var groupBy: ProgramDrawingOptions.Grouping = .kernel
    @Option(help: "Fused kernels: automatic (one node each above --collapse-above nodes), expanded or collapsed.")
    var kernels: ProgramDrawingOptions.KernelDetail = .automatic
    @Option(help: "With --kernels automatic: the most nodes drawn before kernels collapse.")
    var collapseAbove = 400
    @Flag(help: "Draw DeZero's graph instead: one box per Function call, naming the kernels it ended up in.")
    var functions = false

    /// Whether a picture is asked for.
    var wanted: Bool { format != nil || output != nil || functions }

    func validate() throws {
        if (format != nil || functions) && output == nil { throw ValidationError("--format and --functions need --output DIR") }
        guard collapseAbove > 0 else { throw ValidationError("--collapse-above must be positive") }
    }

    /// `program` after the passes of `manager` up to `--after` (all of them by default).
    func stage(_ program: Program, _ manager: PassManager) throws -> Program {
        var manager = manager
        if let after {
            if after == "none" { return program }
            guard let k = manager.passNames.firstIndex(of: after) else {
                throw CommandError("--after \(after): no such pass; the passes are \(manager.passNames.joined(separator: ", ")) (or none)")
            }
            manager.pipeline = Array(manager.pipeline.prefix(k + 1))
        }
        do {
            return try manager.run(program).program
        } catch {
            throw CommandError("\(error)")
        }
    }

    /// Draws `program` (as traced) after the passes of `manager` up to `--after` into `--output`
    /// and returns the file's path: `NAME.FORMAT`, or `NAME.functions.FORMAT` for the
    /// Function-level graph (the traced program's Functions with the kernels they ended up in).
    func draw(_ program: Program, _ manager: PassManager) throws -> String {
        let staged = try stage(program, manager)
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
