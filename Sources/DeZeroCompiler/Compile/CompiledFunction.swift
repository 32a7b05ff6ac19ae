import DeZero
import DeZeroArray
import Foundation

/// A Swift closure of DeZero code, compiled: the first call runs it eagerly (creating lazily
/// sized weights and optimizer state), the second traces it into a ``Program``, and later calls
/// with the same input types, configuration and state run the program without running the
/// closure. Between tracing and the executor, the program goes through the passes
/// (``PassManager``). See ``compile(_:executor:passes:_:)-(String,_,_,_)``.
///
/// Calls throw ``TraceError`` when the closure does what a static program cannot hold.
public final class CompiledFunction: @unchecked Sendable {
    /// The name of the traced program.
    public let name: String
    private let body: ([Variable]) -> [Variable]
    /// The executor named by the caller (nil: by the inputs' device, ``DeviceExecutors``).
    private let executor: (any Executor)?
    private let passes: PassManager?
    private let lock = NSLock()
    private var stateValue = State()

    /// One traced program with what it assumes.
    final class Entry {
        let guardValue: Guard
        /// The program as traced, before the passes.
        let traced: Program
        /// What the passes did.
        let report: PassReport
        let slots: [StateGuard]
        let executable: any Executable
        /// Per binding of the program: how a call fills it (a host action or a state load), and
        /// the slot its stores write.
        let fill: [BindingSource]
        /// The owners of the host scalars and effects, by binding name (what an export saves).
        let hostOwners: [String: Tracer.HostOwner]
        /// Where its runs are profiled (`DEZERO_LOG=kernels` when it was compiled), else nil.
        let kernelProfile: KernelProfile?

        /// How a call provides one binding.
        enum BindingSource {
            case scalar(() -> Double)
            case effect(() -> Void)
            case state(StateSlot)
        }

        init(
            guardValue: Guard, trace: (program: Program, slots: [Tracer.SlotUse]), actions: [Tracer.HostAction],
            report: PassReport, hostOwners: [String: Tracer.HostOwner] = [:], executable: any Executable,
            kernelProfile: KernelProfile? = nil
        ) {
            self.guardValue = guardValue
            self.kernelProfile = kernelProfile
            traced = trace.program
            self.report = report
            self.hostOwners = hostOwners
            slots = trace.slots.map(StateGuard.init)
            self.executable = executable
            var sources: [String: BindingSource] = [:]
            for action in actions {
                switch action {
                case .scalar(let name, let read): sources[name] = .scalar(read)
                case .effect(let name, let run): sources[name] = .effect(run)
                }
            }
            for use in trace.slots { sources[use.name] = .state(use.slot) }
            fill = executable.program.bindings.map { sources[$0.name]! }
        }
    }

    /// The cache and counters.
    struct State {
        /// Most recently used last.
        var entries: [Entry] = []
        var calls = 0
        var traces = 0
        var closureRuns = 0
        var eagerFromNowOn = false
    }

    /// Runs `body` on the cache and counters under the lock.
    func withState<R>(_ body: (inout State) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&stateValue)
    }

    init(name: String, executor: (any Executor)?, passes: PassManager? = nil, body: @escaping ([Variable]) -> [Variable]) {
        self.name = name
        self.executor = executor
        self.passes = passes
        self.body = body
    }

    /// How many times the Swift closure ran (eagerly or traced): calls served by a compiled
    /// program do not run it.
    public var closureRuns: Int { withState { $0.closureRuns } }
    /// How many times the closure was traced.
    public var traceCount: Int { withState { $0.traces } }
    /// The programs in the cache, as they run (after the passes), most recently used last.
    public var programs: [Program] { withState { $0.entries.map(\.executable.program) } }
    /// The programs in the cache as traced, before the passes, in the order of ``programs``.
    public var tracedPrograms: [Program] { withState { $0.entries.map(\.traced) } }
    /// What the passes did to each program, in the order of ``programs``.
    public var passReports: [PassReport] { withState { $0.entries.map(\.report) } }

    /// Runs the function on `inputs`: the compiled program when one applies, else the closure
    /// (eagerly on the first call, traced on later ones).
    public func callAsFunction(_ inputs: [Variable]) throws -> [Variable] {
        let arrays = inputs.map(\.data)
        // Disabled, or called inside another function's trace (its operations belong there).
        guard CompileOptions.enabled, Tracing.recorder == nil else { return runEagerly(inputs) }
        let key = Guard(arrays)
        let (entry, first, eager) = withState { s -> (Entry?, Bool, Bool) in
            s.calls += 1
            if s.eagerFromNowOn { return (nil, false, true) }
            guard let i = s.entries.lastIndex(where: { matches($0, key) }) else { return (nil, s.calls == 1, false) }
            let entry = s.entries.remove(at: i)
            s.entries.append(entry)
            return (entry, false, false)
        }
        if let entry { return run(entry, arrays) }
        if first || eager { return runEagerly(inputs) }
        return try trace(arrays, key)
    }

    private func matches(_ entry: Entry, _ key: Guard) -> Bool {
        entry.guardValue.changes(from: key).isEmpty && entry.slots.allSatisfy { $0.mismatch() == nil }
    }

    private func runEagerly(_ inputs: [Variable]) -> [Variable] {
        withState { $0.closureRuns += 1 }
        return body(inputs)
    }

    /// Runs a compiled program: host effects and scalars in order, the program, the stores.
    private func run(_ entry: Entry, _ arrays: [NDArray]) -> [Variable] {
        let bindings = entry.fill.map { source -> NDArray? in
            switch source {
            case .effect(let effect):
                effect()
                return nil
            case .scalar(let read): return NDArray(scalar: read())
            case .state(let slot): return slot.read()
            }
        }
        let result =
            if let profile = entry.kernelProfile {
                profile.run(entry.executable, arguments: arrays, bindings: bindings)
            } else {
                entry.executable.run(arguments: arrays, bindings: bindings)
            }
        for (index, array) in result.stores {
            if case .state(let slot) = entry.fill[index] { slot.write(array) }
        }
        return result.results.map { Variable($0) }
    }

    /// Traces the closure on `arrays` (a real run: its outputs are this call's), compiles the
    /// program and caches it.
    private func trace(_ arrays: [NDArray], _ key: Guard) throws -> [Variable] {
        let tracer = Tracer()
        TraceLock.shared.lock()
        Tracing.active = tracer
        tracer.addArguments(arrays)
        let outputs = body(arrays.map { Variable($0) })
        Tracing.active = nil
        TraceLock.shared.unlock()
        let (traces, limitReached, old) = withState { s in
            s.closureRuns += 1
            s.traces += 1
            return (s.traces, s.traces >= CompileOptions.retraceLimit, s.entries.last?.guardValue)
        }
        if let error = tracer.errors.first { throw error }
        let trace = tracer.finish(name: name, outputs: outputs.map(\.data))
        if let error = tracer.errors.first { throw error }
        if CompileOptions.logs("recompiles"), traces > 1 {
            var changes = old.map { key.changes(from: $0) } ?? []
            changes += withState { $0.entries.last?.slots.compactMap { $0.mismatch() } ?? [] }
            CompileOptions.log("compile: retracing '\(name)' (trace \(traces)): " + (changes.isEmpty ? "no cached program applies" : changes.joined(separator: "; ")))
        }
        var passes = self.passes ?? CompileOptions.passes
        if passes.dump == nil { passes.dump = { CompileOptions.log($0.hasSuffix("\n") ? String($0.dropLast()) : $0) } }
        let (optimized, report) = try passes.run(trace.program)
        if CompileOptions.logs("passes") { CompileOptions.log("compile: passes on '\(name)' (trace \(traces)):\n\(report)") }
        let chosen = executor ?? DeviceExecutors.executor(for: key.devices)
        let executable = try chosen.prepare(optimized)
        let entry = Entry(
            guardValue: key, trace: trace, actions: tracer.hostActions, report: report, hostOwners: tracer.hostOwners,
            executable: executable,
            kernelProfile: CompileOptions.logs("kernels")
                ? KernelProfiles.start(function: name, trace: traces, program: executable.program, executor: chosen.name) : nil)
        withState { s in
            s.entries.append(entry)
            if s.entries.count > CompileOptions.cacheLimit { s.entries.removeFirst() }
            if limitReached && !s.eagerFromNowOn {
                s.eagerFromNowOn = true
                CompileOptions.log("compile: '\(name)' was traced \(traces) times (CompileOptions.retraceLimit); running it eagerly from now on. DEZERO_LOG=recompiles shows why it retraces")
            }
        }
        return outputs.map { Variable($0.data) }
    }
}

/// One trace at a time in the process: the array layer's tracer hook is global.
enum TraceLock {
    static let shared = NSLock()
}
