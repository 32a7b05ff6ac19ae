import DeZero
import DeZeroArray
import Foundation

/// A compiled program with its state, on its own: no model code, no closure, no optimizer
/// object. What ``CompiledFunction/export(to:)`` saves and ``load(_:executor:)`` reads back:
///
/// ```swift
/// let step = try CompiledProgram.load("spiral-export/step")
/// let loss = try step.run([x, t])[0]     // a training step: updates the weights it holds
/// try step.save(to: "spiral-export/step") // training goes on from here next time
/// ```
///
/// A folder holds `program.ir` (the IR text), `state.npz` (every state array by binding name:
/// weights, their gradients, optimizer moments; NumPy reads it) and `manifest.json`
/// (``ExportManifest``). A run does what a call of the compiled function does: host effects
/// and scalars in order, the program, then the stores into the state it holds. Scalars keep
/// their value at export, except Adam's learning rate, which follows Adam's step count, saved
/// as the count of its `t += 1` effect; so a training step resumed from a folder gives the losses
/// the original process would have given. Random draws (dropout) draw from this process's global
/// generator, `Random`.
///
/// Loading checks everything it reads and throws ``ExportError`` naming the file and entry:
/// a newer format, a damaged or truncated file, a missing array, a shape that does not fit.
/// ``save(to:)`` replaces the folder as a whole. Runs of one instance take turns.
public final class CompiledProgram: @unchecked Sendable {
    /// The program.
    public let program: Program
    /// The manifest as it was loaded or made (its counts and files are those of that moment).
    public let manifest: ExportManifest
    private let executable: any Executable
    private let lock = NSLock()
    private var stateValue: [String: NDArray]
    private var counts: [String: Int]
    /// How each binding is filled, in the program's order.
    private let sources: [Source]

    enum Source {
        case state
        case constant(Double)
        case adamLearningRate(alpha: Double, beta1: Double, beta2: Double, step: String)
        case effect
    }

    /// A program with its state and host bindings as `manifest` describes them (checked against
    /// the program), prepared by `executor`. `path` names the manifest in errors.
    init(
        program: Program, manifest: ExportManifest, state: [String: NDArray], executor: any Executor,
        manifestPath: String = "manifest.json", statePath: String = "state.npz", programPath: String = "program.ir"
    ) throws(ExportError) {
        try Self.check(manifest, against: program, path: manifestPath)
        var sources: [Source] = []
        var counts: [String: Int] = [:]
        for (binding, entry) in zip(program.bindings, manifest.bindings) {
            switch binding.kind {
            case .state:
                sources.append(.state)
            case .effect:
                guard let count = entry.count, count >= 0 else {
                    throw .corrupt(path: manifestPath, entry: binding.name, detail: "an effect needs its count (a whole number, 0 or more)")
                }
                counts[binding.name] = count
                sources.append(.effect)
            case .scalar:
                sources.append(try Self.scalarSource(entry, counts: counts, path: manifestPath))
            }
        }
        for binding in program.bindings where binding.kind == .state {
            guard let type = binding.type else { continue }
            if let array = state[binding.name] {
                let found = TensorType(of: array)
                if found != type { throw .stateMismatch(path: statePath, entry: binding.name, expected: type, found: found) }
            } else if Self.loads(program, binding.name) {
                throw .missingState(path: statePath, entry: binding.name)
            }
        }
        let bound = Set(program.bindings.filter { $0.kind == .state }.map(\.name))
        if let extra = state.keys.sorted().first(where: { !bound.contains($0) }) {
            throw .corrupt(path: statePath, entry: extra, detail: "no state binding of the program has this name")
        }
        do {
            executable = try executor.prepare(program)
        } catch let error as IRError {
            throw .invalidProgram(path: programPath, line: error.line, column: error.column, message: error.message)
        } catch {
            throw .invalidProgram(path: programPath, line: 0, column: 0, message: "\(error)")
        }
        self.program = program
        self.manifest = manifest
        self.stateValue = state
        self.counts = counts
        self.sources = sources
    }

    /// The state arrays by binding name, as they stand now.
    public var state: [String: NDArray] { lock.withLock { stateValue } }

    /// How many times each host effect has run, by binding name (Adam's step count).
    public var effectCounts: [String: Int] { lock.withLock { counts } }

    /// Runs the program on `inputs` (in the order of its arguments, of their exact dtypes and
    /// shapes) and returns its results; a training step updates the state it holds.
    ///
    /// - Throws: ``ExportError/inputMismatch(program:detail:)`` for inputs that do not fit.
    public func run(_ inputs: [NDArray]) throws(ExportError) -> [NDArray] {
        guard inputs.count == program.arguments.count else {
            throw .inputMismatch(program: program.name, detail: "takes \(program.arguments.count) inputs; got \(inputs.count)")
        }
        for (i, (input, argument)) in zip(inputs, program.arguments).enumerated() where TensorType(of: input) != argument.type {
            throw .inputMismatch(program: program.name, detail: "input \(i) must be \(argument.type); got \(TensorType(of: input))")
        }
        return lock.withLock {
            var bindings: [NDArray?] = []
            for (binding, source) in zip(program.bindings, sources) {
                switch source {
                case .state:
                    bindings.append(stateValue[binding.name])
                case .effect:
                    counts[binding.name, default: 0] += 1
                    bindings.append(nil)
                case .constant(let value):
                    bindings.append(NDArray(scalar: value))
                case .adamLearningRate(let alpha, let beta1, let beta2, let step):
                    bindings.append(NDArray(scalar: Adam.learningRate(alpha: alpha, beta1: beta1, beta2: beta2, t: counts[step] ?? 0)))
                }
            }
            let result = executable.run(arguments: inputs, bindings: bindings)
            for (index, array) in result.stores { stateValue[program.bindings[index].name] = array }
            return result.results
        }
    }

    /// The manifest describing the program and its state as they stand now.
    func currentManifest(files: ExportManifest.Files) -> ExportManifest {
        lock.withLock {
            var m = manifest
            m.formatVersion = ExportManifest.currentVersion
            m.format = ExportManifest.formatName
            m.dezeroVersion = dezeroVersion
            m.files = files
            for (i, binding) in program.bindings.enumerated() where binding.kind == .effect {
                m.bindings[i].count = counts[binding.name]
            }
            return m
        }
    }

    /// Whether `program` loads the binding `name`.
    static func loads(_ program: Program, _ name: String) -> Bool {
        program.instructions.contains { if case .load(name) = $0.operation { true } else { false } }
    }

    /// How a scalar binding is computed, from its manifest entry.
    private static func scalarSource(_ entry: ExportManifest.BindingEntry, counts: [String: Int], path: String) throws(ExportError) -> Source {
        guard let schedule = entry.schedule else {
            guard let value = entry.value else { throw .corrupt(path: path, entry: entry.name, detail: "a scalar needs its value") }
            return .constant(value)
        }
        guard schedule.rule == ExportManifest.Schedule.adamLearningRate else {
            throw .corrupt(path: path, entry: entry.name, detail: "unknown schedule rule '\(schedule.rule)'")
        }
        guard counts[schedule.step] != nil else {
            throw .corrupt(path: path, entry: entry.name, detail: "the schedule's step '\(schedule.step)' is not an effect before it")
        }
        var values: [Double] = []
        for key in ["alpha", "beta1", "beta2"] {
            guard let value = schedule.parameters[key] else {
                throw .corrupt(path: path, entry: entry.name, detail: "the schedule lacks its parameter '\(key)'")
            }
            values.append(value)
        }
        return .adamLearningRate(alpha: values[0], beta1: values[1], beta2: values[2], step: schedule.step)
    }

    /// Checks that `manifest` describes `program`: format, name, inputs, outputs, bindings.
    static func check(_ manifest: ExportManifest, against program: Program, path: String) throws(ExportError) {
        guard manifest.format == ExportManifest.formatName else {
            throw .corrupt(path: path, entry: "format", detail: "'\(manifest.format)' is not '\(ExportManifest.formatName)'")
        }
        guard manifest.formatVersion <= ExportManifest.currentVersion else {
            throw .newerFormat(path: path, version: manifest.formatVersion, supported: ExportManifest.currentVersion)
        }
        guard manifest.formatVersion >= 1 else {
            throw .corrupt(path: path, entry: "formatVersion", detail: "\(manifest.formatVersion) is not a format version")
        }
        guard manifest.name == program.name else {
            throw .corrupt(path: path, entry: "name", detail: "'\(manifest.name)' differs from the program's @\(program.name)")
        }
        let inputs = program.arguments.map { ExportManifest.ArraySpec($0.type) }
        guard manifest.inputs == inputs else {
            throw .corrupt(path: path, entry: "inputs", detail: "\(describe(manifest.inputs)) differ from the program's \(describe(inputs))")
        }
        let outputs = program.resultTypes.map(ExportManifest.ArraySpec.init)
        guard manifest.outputs == outputs else {
            throw .corrupt(path: path, entry: "outputs", detail: "\(describe(manifest.outputs)) differ from the program's \(describe(outputs))")
        }
        guard manifest.bindings.count == program.bindings.count else {
            throw .corrupt(
                path: path, entry: "bindings",
                detail: "\(manifest.bindings.count) bindings; the program has \(program.bindings.count)")
        }
        for (binding, entry) in zip(program.bindings, manifest.bindings) {
            guard entry.name == binding.name, entry.kind == binding.kind.rawValue else {
                throw .corrupt(
                    path: path, entry: entry.name,
                    detail: "\(entry.kind) binding where the program has the \(binding.kind.rawValue) @\(binding.name)")
            }
            if binding.kind == .state, let type = binding.type {
                let spec = ExportManifest.ArraySpec(type)
                guard entry.dtype == spec.dtype, entry.shape == spec.shape else {
                    throw .corrupt(path: path, entry: entry.name, detail: "the manifest's type differs from the program's \(type)")
                }
            }
        }
    }

    private static func describe(_ specs: [ExportManifest.ArraySpec]) -> String {
        "(" + specs.map { $0.type?.description ?? "\($0.dtype)\($0.shape)" }.joined(separator: ", ") + ")"
    }
}
