import ArgumentParser
import DeZeroArray
import DeZeroCompiler
import Foundation

/// `dezero-ir`: prints, checks and runs programs of the DeZero compiler's IR.
@main
struct DezeroIR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dezero-ir",
        abstract: "Prints, checks and runs programs of the DeZero compiler's IR.",
        subcommands: [Trace.self, Check.self, Run.self, ProfileCommand.self])
}

/// A command-line failure with its message (exit code 1).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The instructions of `program` by kind (a fused kernel counts as `fused`).
func instructionCounts(_ program: Program) -> [String: Int] {
    var counts: [String: Int] = [:]
    for instruction in program.instructions {
        let kind: String = switch instruction.operation {
        case .array(let op): op.mnemonic
        case .constant: "const"
        case .load: "load"
        case .store: "store"
        case .fused: "fused"
        }
        counts[kind, default: 0] += 1
    }
    return counts
}

/// `--stats`: instruction counts by kind before and after the passes, each pass's time, then
/// the memory plan's figures.
func statistics(before: Program, after: Program, report: PassReport) -> String {
    let (old, new) = (instructionCounts(before), instructionCounts(after))
    var lines = [
        "instructions: \(before.instructions.count) -> \(after.instructions.count)",
        "bindings: \(after.bindings.filter { $0.kind == .state }.count) state, "
            + "\(after.bindings.filter { $0.kind == .scalar }.count) scalar, "
            + "\(after.bindings.filter { $0.kind == .effect }.count) effect",
        "constants: \(before.constants.count) -> \(after.constants.count)",
        "  " + "kind".padding(toLength: 20, withPad: " ", startingAt: 0) + " before  after",
    ]
    let kinds = Set(old.keys).union(new.keys).sorted { (old[$0] ?? 0, $1) > (old[$1] ?? 0, $0) }
    for kind in kinds {
        let counts = [old[kind] ?? 0, new[kind] ?? 0].map { String($0).leftPadded(to: 6) }
        lines.append("  \(kind.padding(toLength: 20, withPad: " ", startingAt: 0)) \(counts[0]) \(counts[1])")
    }
    lines.append("passes:")
    lines += report.description.split(separator: "\n").map { "  " + $0 }
    lines += MemoryPlan(after).summary
    return lines.joined(separator: "\n")
}

extension String {
    /// The string with spaces before it up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}

/// `--disable` and `--dump-after`, on every subcommand.
struct PassFlags: ParsableArguments {
    @Option(
        name: .customLong("disable"),
        help: ArgumentHelp("Passes not to run (comma-separated, or 'all'); adds to DEZERO_DISABLE_PASSES.", valueName: "pass"))
    var disabled: [String] = []
    @Option(
        name: .customLong("dump-after"),
        help: ArgumentHelp("Print the program to standard error after these passes (comma-separated, or 'all'); adds to DEZERO_DUMP_AFTER.", valueName: "pass"))
    var dumpAfter: [String] = []

    /// The standard pipeline with the environment's settings and these flags.
    var manager: PassManager {
        var passes = PassManager.fromEnvironment()
        passes.disabled += disabled.flatMap(PassManager.names)
        passes.dumpAfter += dumpAfter.flatMap(PassManager.names)
        return passes
    }

    func validate() throws {
        do {
            try manager.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Runs the passes on `program`.
    func optimize(_ program: Program) throws -> (program: Program, report: PassReport) {
        do {
            return try manager.run(program)
        } catch {
            throw CommandError("\(error)")
        }
    }
}

/// Reads and verifies the IR file at `path`; errors name the file, line and column.
func loadProgram(_ path: String) throws -> Program {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw CommandError("cannot read \(path): \(error.localizedDescription)")
    }
    do {
        let (program, lines) = try ProgramParser.parseWithLines(text)
        try Verifier.verify(program, lines: lines)
        return program
    } catch {
        throw CommandError("\(path):\(error.line):\(error.column): \(error.message)")
    }
}

extension DezeroIR {
    /// `dezero-ir trace NAME`.
    struct Trace: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Traces a built-in program and prints its IR after the passes (--disable all: as traced).",
            discussion: "Built-in programs:\n" + (BuiltinPrograms.all + BuiltinPrograms.large).map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

        @Argument(help: "The built-in program's name (see the list below).") var name: String
        @Flag(help: "Print instruction counts by kind, before and after the passes, and each pass's time instead of the program.")
        var stats = false
        @Flag(help: "Leave out the provenance comments.") var noProvenance = false
        @OptionGroup var passes: PassFlags
        @OptionGroup(title: "Generated kernels") var kernels: KernelDumpOptions
        @OptionGroup(title: "Pictures") var picture: PictureOptions

        func validate() throws {
            guard BuiltinPrograms.named(name) != nil else {
                throw ValidationError("no built-in program '\(name)'; one of: \((BuiltinPrograms.all + BuiltinPrograms.large).map(\.name).joined(separator: ", "))")
            }
        }

        func run() throws {
            let traced = try BuiltinPrograms.named(name)!.trace()
            if picture.wanted { return print("wrote \(try picture.draw(traced, passes.manager))") }
            let (program, report) = try passes.optimize(traced)
            if stats {
                print(statistics(before: traced, after: program, report: report))
            } else {
                print(program.text(provenance: !noProvenance), terminator: "")
            }
            kernels.dump(program)
        }
    }

    /// `dezero-ir check FILE`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parses and verifies an IR file, and runs the passes on it (verifying after each).")

        @Argument(help: "The IR file.") var file: String
        @Flag(help: "Also print instruction counts by kind, before and after the passes, and each pass's time.") var stats = false
        @OptionGroup var passes: PassFlags
        @OptionGroup(title: "Generated kernels") var kernels: KernelDumpOptions
        @OptionGroup(title: "Pictures") var picture: PictureOptions

        func run() throws {
            let parsed = try loadProgram(file)
            var manager = passes.manager
            manager.verifyEachPass = true
            let (program, report): (Program, PassReport)
            do {
                (program, report) = try manager.run(parsed)
            } catch {
                throw CommandError("\(file): \(error)")
            }
            print(
                "\(file): ok, @\(parsed.name): \(parsed.instructions.count) instructions (\(program.instructions.count) after the passes), "
                    + "\(parsed.bindings.count) bindings")
            if stats { print(statistics(before: parsed, after: program, report: report)) }
            kernels.dump(program)
            if picture.wanted { print("wrote \(try picture.draw(parsed, passes.manager))") }
        }
    }

    /// `dezero-ir run FILE`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs an IR file (after the passes) on the CPU or a GPU, or an exported program's folder, and prints its results.",
            discussion: """
                An exported folder (CompiledFunction.export) runs with the state it holds: \
                --input files are required, --output writes one .npy (one result) or an .npz, \
                and --save writes the updated state back (a training step goes on from there).

                For an IR file, arguments come from --input files (.npy, one per argument in order, or one .npz \
                whose members are taken in order), or are random draws of the declared types \
                (normal floats, integers in 0..<2, seeded by --seed). State bindings get random \
                arrays of their types, scalars 0.01, and effects do nothing.
                """)

        @Argument(help: "The IR file, or an exported program's folder.") var file: String
        @Option(name: .customLong("input"), help: "An .npy (or one .npz) file per argument.") var inputs: [String] = []
        @Option(help: "Seed of the random arguments and state.") var seed = 0
        @Option(help: "Write the results to this .npz file as well (for an exported folder: .npy when there is one result).") var output: String?
        @Flag(help: "Also print instruction counts by kind, before and after the passes, and each pass's time.") var stats = false
        @Flag(help: "With an exported folder: write the updated state (a training step's) back into it.") var save = false
        @Option(help: "Where an IR file runs: cpu (the interpreter) or cuda (the CUDA executor on GPU 0).")
        var device: KernelDevice = .cpu
        @OptionGroup var passes: PassFlags

        func run() throws {
            if isFolder(file) {
                guard device == .cpu else { throw CommandError("--device cuda runs IR files; an exported folder runs on the CPU") }
                return try runExported(file, inputs: inputs, output: output, save: save)
            }
            let parsed = try loadProgram(file)
            let (program, report) = try passes.optimize(parsed)
            Random.seed(seed)
            let arguments = try loadArguments(program)
            let result = try device.executor(reference: true).prepare(program).run(arguments: arguments, bindings: program.randomBindings())
            for (i, (array, type)) in zip(result.results, program.resultTypes).enumerated() {
                print("result \(i): \(type)")
                print(array)
            }
            if let output {
                do {
                    try NPZ.save(result.results.enumerated().map { ("result_\($0.offset)", $0.element) }, to: output)
                } catch {
                    throw CommandError("cannot write \(output): \(error)")
                }
            }
            if stats { print(statistics(before: parsed, after: program, report: report)) }
        }

        /// The arguments from the input files, or random ones.
        private func loadArguments(_ program: Program) throws -> [NDArray] {
            guard !inputs.isEmpty else { return program.randomArguments() }
            let arrays = try readInputs(inputs)
            guard arrays.count == program.arguments.count else {
                throw CommandError("@\(program.name) takes \(program.arguments.count) arguments; the inputs hold \(arrays.count)")
            }
            for (i, (array, argument)) in zip(arrays, program.arguments).enumerated() where TensorType(of: array) != argument.type {
                throw CommandError("argument \(i) of @\(program.name) is \(argument.type); the input is \(TensorType(of: array))")
            }
            return arrays
        }
    }
}

