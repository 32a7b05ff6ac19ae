import DeZeroArray
import Foundation

/// Runs a pipeline of passes over a program: each pass in order unless disabled by name,
/// verifying the program after each (an option, on in debug builds and tests), dumping it after
/// the passes named in ``dumpAfter``, and recording each pass's time and instruction counts.
///
/// ```swift
/// var passes = PassManager()                 // PassManager.standard
/// passes.disabled = ["cse"]
/// passes.dumpAfter = ["fold"]
/// let (optimized, report) = try passes.run(program)
/// print(report)
/// ```
///
/// `DEZERO_DISABLE_PASSES=cse,fold` and `DEZERO_DUMP_AFTER=fold` (or `all`, dumping to standard
/// error) set the same from the environment (``fromEnvironment(_:pipeline:)``), which is where
/// `CompileOptions.passes` starts.
public struct PassManager: Sendable {
    /// The standard pipeline, in order: simplify, fold, cse, dce, fusion. A new pass joins by
    /// being appended here.
    public static var standard: [any Pass] {
        [AlgebraicSimplification(), ConstantFolding(), CommonSubexpressionElimination(), DeadCodeElimination(), Fusion()]
    }

    /// The word that names every pass in ``disabled`` and ``dumpAfter``.
    public static let all = "all"

    /// The passes, in the order they run.
    public var pipeline: [any Pass]
    /// The names of the passes that do not run (``all``: none runs).
    public var disabled: [String]
    /// The names of the passes after which the program is dumped (``all``: after each).
    public var dumpAfter: [String]
    /// Whether the program is verified after each pass (a pass that breaks it throws
    /// ``PassError/invalidProgram(pass:error:)``).
    public var verifyEachPass: Bool
    /// Where dumps go (standard error when nil).
    public var dump: (@Sendable (String) -> Void)?

    /// Whether programs are verified after each pass unless told otherwise: in debug builds.
    public static var verifiesByDefault: Bool { _isDebugAssertConfiguration() }

    /// A pass manager running `pipeline`.
    public init(
        pipeline: [any Pass] = PassManager.standard, disabled: [String] = [], dumpAfter: [String] = [],
        verifyEachPass: Bool = PassManager.verifiesByDefault, dump: (@Sendable (String) -> Void)? = nil
    ) {
        self.pipeline = pipeline
        self.disabled = disabled
        self.dumpAfter = dumpAfter
        self.verifyEachPass = verifyEachPass
        self.dump = dump
    }

    /// A pass manager that runs no pass.
    public static var off: PassManager { PassManager(disabled: [all]) }

    /// The pass manager of `pipeline` configured by `DEZERO_DISABLE_PASSES` and
    /// `DEZERO_DUMP_AFTER` (comma-separated pass names or `all`). Unknown names are reported
    /// when it runs (``validate()``).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, pipeline: [any Pass] = PassManager.standard
    ) -> PassManager {
        PassManager(
            pipeline: pipeline, disabled: names(environment["DEZERO_DISABLE_PASSES"] ?? ""),
            dumpAfter: names(environment["DEZERO_DUMP_AFTER"] ?? ""))
    }

    /// The names in a comma-separated list, trimmed, without empty items.
    public static func names(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The names of the pipeline's passes, in order.
    public var passNames: [String] { pipeline.map(\.name) }

    /// Whether the pass named `name` runs.
    public func runs(_ name: String) -> Bool { !disabled.contains(PassManager.all) && !disabled.contains(name) }

    /// Throws ``PassError/unknownPass(_:known:)`` for a name in ``disabled`` or ``dumpAfter``
    /// that is neither a pass of the pipeline nor `all`.
    public func validate() throws(PassError) {
        let known = passNames
        for name in disabled + dumpAfter where name != PassManager.all && !known.contains(name) {
            throw PassError.unknownPass(name, known: known)
        }
    }

    /// Runs the pipeline on `program`: the program after the passes, and what each did.
    public func run(_ program: Program) throws -> (program: Program, report: PassReport) {
        try validate()
        var report = PassReport(instructionsBefore: program.instructions.count, instructionsAfter: program.instructions.count)
        var current = program
        let clock = ContinuousClock()
        for (index, pass) in pipeline.enumerated() {
            let before = current.instructions.count
            guard runs(pass.name) else {
                report.steps.append(.init(name: pass.name, ran: false, before: before, after: before, seconds: 0))
                continue
            }
            var next = current
            let elapsed = try clock.measure { next = try pass.run(current) }
            if verifyEachPass {
                do {
                    try Verifier.verify(next)
                } catch {
                    throw PassError.invalidProgram(pass: pass.name, error: error)
                }
            }
            let seconds = DeZeroCompiler.seconds(elapsed)
            report.steps.append(.init(name: pass.name, ran: true, before: before, after: next.instructions.count, seconds: seconds))
            current = next
            if dumpAfter.contains(PassManager.all) || dumpAfter.contains(pass.name) {
                let header = "# after \(pass.name) (pass \(index + 1) of \(pipeline.count)): \(before) -> \(current.instructions.count) instructions\n"
                write(header + current.text())
            }
        }
        report.instructionsAfter = current.instructions.count
        return (current, report)
    }

    /// Sends a dump to ``dump`` or standard error.
    private func write(_ text: String) {
        if let dump { return dump(text) }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// What a pass manager did to a program: each pass's instruction counts and time.
public struct PassReport: Sendable, CustomStringConvertible {
    /// One pass of the pipeline.
    public struct Step: Sendable {
        /// The pass's name.
        public var name: String
        /// Whether it ran (false: disabled).
        public var ran: Bool
        /// Instructions before it.
        public var before: Int
        /// Instructions after it.
        public var after: Int
        /// How long it took, verification and dumps left out.
        public var seconds: Double
    }

    /// The instructions of the program traced.
    public var instructionsBefore: Int
    /// The instructions after the pipeline.
    public var instructionsAfter: Int
    /// The passes, in order.
    public var steps: [Step] = []

    /// The time of all passes, in seconds.
    public var seconds: Double { steps.reduce(0) { $0 + $1.seconds } }

    /// A table: each pass, its time and its instruction counts, then the total.
    ///
    /// ```
    /// simplify    0.021 ms   58 -> 58
    /// fold        0.094 ms   58 -> 58
    /// cse         0.030 ms   58 -> 58
    /// dce         0.012 ms   58 -> 53
    /// total       0.157 ms   58 -> 53
    /// ```
    public var description: String {
        func row(_ name: String, _ seconds: Double?, _ before: Int, _ after: Int) -> String {
            let time = seconds.map { String(format: "%.3f ms", $0 * 1000) } ?? "disabled"
            return name.padding(toLength: 10, withPad: " ", startingAt: 0) + "  "
                + time.padding(toLength: 10, withPad: " ", startingAt: 0) + " \(before) -> \(after)"
        }
        let lines = steps.map { row($0.name, $0.ran ? $0.seconds : nil, $0.before, $0.after) }
            + [row("total", seconds, instructionsBefore, instructionsAfter)]
        return lines.joined(separator: "\n")
    }
}

/// Why a pass manager stopped.
public enum PassError: Error, Sendable, CustomStringConvertible {
    /// A pass name (in `--disable`, `--dump-after`, `DEZERO_DISABLE_PASSES`,
    /// `DEZERO_DUMP_AFTER`) that is not in the pipeline.
    case unknownPass(String, known: [String])
    /// A pass gave a program that does not verify (a bug in the pass).
    case invalidProgram(pass: String, error: IRError)

    /// The message.
    public var description: String {
        switch self {
        case .unknownPass(let name, let known):
            "unknown pass '\(name)'; the passes are \(known.joined(separator: ", ")) (or 'all')"
        case .invalidProgram(let pass, let error):
            "the pass '\(pass)' gave a program that does not verify: \(error.message)"
        }
    }
}
