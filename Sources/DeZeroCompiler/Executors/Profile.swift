import DeZeroArray
import Foundation

/// Where the time of a prepared program goes: each step (a kernel, or an instruction run by the
/// eager kernels) with its calls, time, share, bytes moved and achieved bandwidth or FLOP/s,
/// and the DeZero Functions inside. `dezero-ir profile` and `DEZERO_LOG=kernels` print it.
public final class Profile {
    /// One step's totals.
    public struct Entry: Sendable {
        /// The kernel's name (`k3`) or the instruction's mnemonic and result (`matmul %12`).
        public var name: String
        /// The step's result types.
        public var types: [TensorType]
        /// How many times it ran.
        public var calls = 0
        /// The time it took, in seconds, over all calls.
        public var seconds = 0.0
        /// The bytes one call reads and writes (operands and results, each once).
        public var bytes: Int
        /// The floating-point operations of one call (matrix products: 2·m·n·k; elementwise: one per element and primitive).
        public var flops: Int
        /// The DeZero Functions (with their layers) whose work the step does.
        public var functions: [String]
    }

    /// The entries, in program order.
    public private(set) var entries: [Entry] = []
    /// The measured wall time of the profiled runs, in seconds.
    public private(set) var wallSeconds = 0.0
    /// How many runs were profiled.
    public private(set) var runs = 0

    /// An empty profile.
    public init() {}

    /// Sets up one entry per step (called by executables on their first profiled run).
    package func describe(_ steps: [Entry]) {
        if entries.isEmpty { entries = steps }
    }

    /// Adds `seconds` to step `index`.
    package func add(_ index: Int, _ seconds: Double) {
        entries[index].calls += 1
        entries[index].seconds += seconds
    }

    /// Adds one run of `seconds` of wall time.
    package func addRun(_ seconds: Double) {
        runs += 1
        wallSeconds += seconds
    }

    /// The sum of the steps' times.
    public var stepSeconds: Double { entries.reduce(0) { $0 + $1.seconds } }

    /// The entry describing `instruction` (whose operands have `types`).
    package static func entry(_ instruction: Instruction, operandTypes: [TensorType]) -> Entry {
        let bytes = (operandTypes + instruction.types).reduce(0) { $0 + $1.count * $1.dtype.itemSize }
        var functions: [String] = []
        var flops = 0
        let name: String
        switch instruction.operation {
        case .fused(let kernel):
            name = kernel.name
            let count = instruction.types.first?.count ?? 0
            flops = kernel.body.count * count
            for member in kernel.body where !member.provenance.isEmpty {
                let text = member.provenance.description
                if !functions.contains(text) { functions.append(text) }
            }
        case .array(let op):
            name = "\(op.mnemonic) \(instruction.results.map(\.description).joined(separator: ", "))"
            if case .matmul = op, operandTypes.count == 2, let a = operandTypes[0].shape.last, let out = instruction.type {
                flops = 2 * out.count * a
            }
            if !instruction.provenance.isEmpty { functions = [instruction.provenance.description] }
        case .constant: name = "const \(instruction.result!)"
        case .load(let binding): name = "load @\(binding)"
        case .store(let binding): name = "store @\(binding)"
        }
        return Entry(name: name, types: instruction.types, bytes: bytes, flops: flops, functions: functions)
    }

    /// The table: the `limit` most expensive steps, then the rest summed, then totals.
    public func table(limit: Int = 25) -> String {
        let total = stepSeconds
        let perRun = Double(Swift.max(runs, 1))
        var lines = [
            "step                        calls   time/run      share   bytes/call    GB/s  GFLOP/s  functions"
        ]
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            s.count >= n ? s : (left ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
        }
        func time(_ s: Double) -> String {
            s >= 1e-3 ? String(format: "%.3f ms", s * 1e3) : String(format: "%.1f us", s * 1e6)
        }
        let sorted = entries.sorted { $0.seconds > $1.seconds }
        for e in sorted.prefix(limit) {
            let perCall = e.seconds / Double(Swift.max(e.calls, 1))
            let gbs = perCall > 0 ? Double(e.bytes) / perCall / 1e9 : 0
            let gflops = perCall > 0 && e.flops > 0 ? String(format: "%.1f", Double(e.flops) / perCall / 1e9) : "-"
            lines.append(
                pad(e.name, 26) + " " + pad("\(e.calls)", 7, left: true) + " " + pad(time(e.seconds / perRun), 10, left: true) + " "
                    + pad(String(format: "%.1f%%", total > 0 ? 100 * e.seconds / total : 0), 9, left: true) + " "
                    + pad("\(e.bytes)", 12, left: true) + " " + pad(String(format: "%.2f", gbs), 7, left: true) + " "
                    + pad(gflops, 8, left: true) + "  " + e.functions.prefix(3).joined(separator: "; ")
                    + (e.functions.count > 3 ? "; +\(e.functions.count - 3)" : ""))
        }
        if sorted.count > limit {
            let rest = sorted.dropFirst(limit).reduce(0) { $0 + $1.seconds }
            lines.append(pad("(\(sorted.count - limit) more steps)", 26) + " " + pad("", 7) + " " + pad(time(rest / perRun), 10, left: true))
        }
        lines.append(
            "steps: \(entries.count), runs: \(runs), step time/run: \(time(total / perRun)), wall time/run: \(time(wallSeconds / perRun))"
                + (wallSeconds > 0 ? String(format: " (steps %.1f%% of wall)", 100 * total / wallSeconds) : ""))
        return lines.joined(separator: "\n")
    }
}
