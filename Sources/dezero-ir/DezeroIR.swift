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
        subcommands: [Trace.self, Check.self, Run.self])
}

/// A command-line failure with its message (exit code 1).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `--stats`: instruction counts by kind.
func statistics(_ program: Program) -> String {
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
    var lines = [
        "instructions: \(program.instructions.count)",
        "bindings: \(program.bindings.filter { $0.kind == .state }.count) state, "
            + "\(program.bindings.filter { $0.kind == .scalar }.count) scalar, "
            + "\(program.bindings.filter { $0.kind == .effect }.count) effect",
        "constants: \(program.constants.count)",
    ]
    for (kind, count) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
        lines.append("  \(kind.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
    }
    return lines.joined(separator: "\n")
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
            abstract: "Traces a built-in program and prints its IR.",
            discussion: "Built-in programs:\n" + (BuiltinPrograms.all + BuiltinPrograms.large).map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

        @Argument(help: "The built-in program's name (see the list below).") var name: String
        @Flag(help: "Print instruction counts by kind instead of the program.") var stats = false
        @Flag(help: "Leave out the provenance comments.") var noProvenance = false
        @OptionGroup(title: "Pictures") var picture: PictureOptions

        func validate() throws {
            guard BuiltinPrograms.named(name) != nil else {
                throw ValidationError("no built-in program '\(name)'; one of: \((BuiltinPrograms.all + BuiltinPrograms.large).map(\.name).joined(separator: ", "))")
            }
        }

        func run() throws {
            let traced = try BuiltinPrograms.named(name)!.trace()
            if picture.wanted { return print("wrote \(try picture.draw(traced))") }
            let program = try picture.stage(traced)
            print(stats ? statistics(program) : program.text(provenance: !noProvenance), terminator: stats ? "\n" : "")
        }
    }

    /// `dezero-ir check FILE`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parses and verifies an IR file.")

        @Argument(help: "The IR file.") var file: String
        @Flag(help: "Also print instruction counts by kind.") var stats = false
        @OptionGroup(title: "Pictures") var picture: PictureOptions

        func run() throws {
            let loaded = try loadProgram(file)
            let program = try picture.stage(loaded)
            print("\(file): ok, @\(program.name): \(program.instructions.count) instructions, \(program.bindings.count) bindings")
            if stats { print(statistics(program)) }
            if picture.wanted { print("wrote \(try picture.draw(loaded))") }
        }
    }

    /// `dezero-ir run FILE`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs an IR file, or an exported program's folder, on the CPU and prints its results.",
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
        @Flag(help: "Also print instruction counts by kind.") var stats = false
        @Flag(help: "With an exported folder: write the updated state (a training step's) back into it.") var save = false

        func run() throws {
            if isFolder(file) { return try runExported(file, inputs: inputs, output: output, save: save) }
            let program = try loadProgram(file)
            Random.seed(seed)
            let arguments = try loadArguments(program)
            let bindings = program.bindings.map { binding -> NDArray? in
                switch binding.kind {
                case .effect: nil
                case .scalar: NDArray(scalar: 0.01)
                case .state: binding.type.map(randomArray)
                }
            }
            let result = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
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
            if stats { print(statistics(program)) }
        }

        /// The arguments from the input files, or random ones.
        private func loadArguments(_ program: Program) throws -> [NDArray] {
            guard !inputs.isEmpty else { return program.arguments.map { randomArray($0.type) } }
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

/// A random array of `type`: normal floats, integers in 0..<2, random bools.
func randomArray(_ type: TensorType) -> NDArray {
    switch type.dtype {
    case .float32, .float64: Random.randn(shape: type.shape).astype(type.dtype)
    case .int64: Random.randint(low: 0, high: 2, shape: type.shape)
    case .bool: Random.rand(shape: type.shape) .> 0.5
    }
}
