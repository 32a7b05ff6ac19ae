import Foundation
import Synchronization

/// Settings of `compile`, process-wide: whether compiled functions compile at all, the cache
/// bound, the retrace limit, the passes and the log.
public enum CompileOptions {
    private struct Values {
        var enabled = ProcessInfo.processInfo.environment["DEZERO_COMPILE"] != "0"
        var cacheLimit = 16
        var retraceLimit = 8
        var passes = PassManager.fromEnvironment()
        var log = Set(
            (ProcessInfo.processInfo.environment["DEZERO_LOG"] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            })
    }
    private static let values = Mutex(Values())

    /// Whether `compile` compiles (`DEZERO_COMPILE=0` turns it off: closures then run eagerly,
    /// the reference mode).
    public static var enabled: Bool {
        get { values.withLock { $0.enabled } }
        set { values.withLock { $0.enabled = newValue } }
    }

    /// How many programs one compiled function keeps (the least recently used is evicted).
    public static var cacheLimit: Int {
        get { values.withLock { $0.cacheLimit } }
        set { values.withLock { $0.cacheLimit = Swift.max(1, newValue) } }
    }

    /// After this many traces of one function, it warns once and runs eagerly from then on.
    public static var retraceLimit: Int {
        get { values.withLock { $0.retraceLimit } }
        set { values.withLock { $0.retraceLimit = Swift.max(1, newValue) } }
    }

    /// The passes a traced program goes through before the executor prepares it, for compiled
    /// functions made without passes of their own: ``PassManager/standard``, with
    /// `DEZERO_DISABLE_PASSES` and `DEZERO_DUMP_AFTER` applied. Its dumps go to the log handler
    /// (standard error) unless it has a handler of its own.
    public static var passes: PassManager {
        get { values.withLock { $0.passes } }
        set { values.withLock { $0.passes = newValue } }
    }

    /// Whether `DEZERO_LOG` (comma-separated) names `topic` (`recompiles`, `passes`, `kernels`).
    public static func logs(_ topic: String) -> Bool { values.withLock { $0.log.contains(topic) } }

    /// Turns a log topic on or off.
    public static func setLog(_ topic: String, _ on: Bool) {
        values.withLock { if on { $0.log.insert(topic) } else { $0.log.remove(topic) } }
    }

    /// Writes the `DEZERO_LOG=kernels` table of every profiled program that ran since its last
    /// table to the log now (they are also written after a program's 100th, 1,000th, ... run
    /// and at exit).
    public static func logKernelProfiles() { KernelProfiles.report() }

    nonisolated(unsafe) private static var sink: (@Sendable (String) -> Void)?
    private static let sinkLock = NSLock()

    /// Where log lines go: standard error unless a handler is set (tests collect them).
    public static var logHandler: (@Sendable (String) -> Void)? {
        get { sinkLock.withLock { sink } }
        set { sinkLock.withLock { sink = newValue } }
    }

    /// Writes a line to the log handler or standard error.
    static func log(_ line: String) {
        if let handler = logHandler { return handler(line) }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
