import DeZeroArray
import Foundation
import Synchronization

/// `DEZERO_LOG=kernels`: each program a compiled function prepares while the topic is on is
/// profiled on every call (``Executable/run(arguments:bindings:profile:)``), and its table
/// (``Profile/table(limit:)``, what `dezero-ir profile` prints) goes to the log (standard error)
/// after its 100th, 1,000th, 10,000th, ... run and once more when the process exits (`atexit`)
/// if it ran since. A program compiled while the topic is off is never profiled: its calls pay
/// one nil check.
final class KernelProfile: @unchecked Sendable {
    /// Names the program in the log: the function, the trace, the inputs and the executor.
    let title: String
    /// Serializes the profiled runs (a `Profile` is not thread-safe) and the reports.
    private let lock = NSLock()
    private let profile = Profile()
    /// How many runs the last report covered.
    private var reportedRuns = 0

    init(title: String) {
        self.title = title
    }

    /// Runs `executable`, adding the run to the profile, and reports after the 100th,
    /// 1,000th, ... run.
    func run(_ executable: any Executable, arguments: [NDArray], bindings: [NDArray?]) -> ExecutionResult {
        let (result, runs) = lock.withLock { (executable.run(arguments: arguments, bindings: bindings, profile: profile), profile.runs) }
        if KernelProfiles.reportsAfter(runs) { report() }
        return result
    }

    /// The profile's runs so far.
    var runs: Int { lock.withLock { profile.runs } }

    /// Writes the table to the log unless no run came since the last report.
    func report() {
        let text: String? = lock.withLock {
            guard profile.runs > reportedRuns else { return nil }
            reportedRuns = profile.runs
            return "compile: kernels of \(title), \(profile.runs) runs:\n" + profile.table()
        }
        if let text { CompileOptions.log(text) }
    }
}

/// The kernel profiles of this process (`DEZERO_LOG=kernels`), kept until it exits.
enum KernelProfiles {
    private static let all = Mutex<[KernelProfile]>([])
    /// Installs the exit report, once.
    private static let exitReport: Void = {
        atexit { KernelProfiles.report() }
        return ()
    }()

    /// A new profile for the program of trace `trace` of function `name`, reported at exit.
    static func start(function name: String, trace: Int, program: Program, executor: String) -> KernelProfile {
        let inputs = program.arguments.map { $0.type.description }.joined(separator: ", ")
        let profile = KernelProfile(title: "'\(name)' (trace \(trace); inputs \(inputs.isEmpty ? "none" : inputs)) on \(executor)")
        _ = exitReport
        all.withLock { $0.append(profile) }
        return profile
    }

    /// Whether a profile reports after its `runs`-th run: 100, 1,000, 10,000, ...
    static func reportsAfter(_ runs: Int) -> Bool {
        guard runs >= 100 else { return false }
        var n = runs
        while n % 10 == 0 { n /= 10 }
        return n == 1
    }

    /// Writes every profile's table that has runs not yet reported to the log.
    static func report() {
        for profile in all.withLock({ $0 }) { profile.report() }
    }

    /// Forgets every profile (tests).
    static func removeAll() {
        all.withLock { $0.removeAll() }
    }
}
