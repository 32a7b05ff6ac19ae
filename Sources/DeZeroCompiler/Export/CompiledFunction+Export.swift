import DeZero
import DeZeroArray

extension CompiledFunction {
    /// The most recently run program of this function with a copy of its state as it stands
    /// now: what ``export(to:)`` saves. It runs on its own; this function and it go separate
    /// ways from here.
    ///
    /// Host scalars keep their current value, except Adam's learning rate, which is saved as
    /// its rule with Adam's hyperparameters and follows the step count; Adam's `t += 1` effect
    /// is saved with the count `t`.
    ///
    /// - Throws: ``ExportError/nothingToExport(function:)`` before the function has traced,
    ///   ``ExportError/unsupportedBinding(name:reason:)`` for a host effect other than Adam's
    ///   (its meaning lives in Swift code the export cannot carry), or when a state binding is
    ///   empty.
    public func exported(executor: any Executor = Interpreter()) throws(ExportError) -> CompiledProgram {
        guard let entry = withState({ $0.entries.last }) else { throw .nothingToExport(function: name) }
        let program = entry.executable.program
        var bindings: [ExportManifest.BindingEntry] = []
        var state: [String: NDArray] = [:]
        for (binding, source) in zip(program.bindings, entry.fill) {
            var item = ExportManifest.BindingEntry(name: binding.name, kind: binding.kind.rawValue)
            let owner = entry.hostOwners[binding.name]
            switch source {
            case .state(let slot):
                item.dtype = binding.type?.dtype.description
                item.shape = binding.type?.shape
                if let array = slot.read() {
                    state[binding.name] = array.copy()
                } else if CompiledProgram.loads(program, binding.name) {
                    throw .unsupportedBinding(name: binding.name, reason: "the state is empty, and the program loads it")
                }
            case .scalar(let read):
                item.value = read()
                if let adam = owner?.object as? Adam, owner?.name == "\(type(of: adam)).lr" {
                    guard let step = Self.effect(of: adam, in: entry, before: bindings) else {
                        throw .unsupportedBinding(name: binding.name, reason: "Adam's learning rate without Adam's step effect before it")
                    }
                    item.schedule = ExportManifest.Schedule(
                        rule: ExportManifest.Schedule.adamLearningRate, step: step,
                        parameters: ["alpha": adam.alpha, "beta1": adam.beta1, "beta2": adam.beta2])
                }
            case .effect:
                guard let adam = owner?.object as? Adam, owner?.name == "t += 1" else {
                    throw .unsupportedBinding(
                        name: binding.name,
                        reason: "a host effect is Swift code that an exported program cannot run; only Adam's step count is saved (as a count)")
                }
                item.count = adam.t
            }
            bindings.append(item)
        }
        let manifest = ExportManifest(
            format: ExportManifest.formatName, formatVersion: ExportManifest.currentVersion, dezeroVersion: dezeroVersion,
            name: program.name, inputs: program.arguments.map { .init($0.type) },
            outputs: program.resultTypes.map(ExportManifest.ArraySpec.init), bindings: bindings,
            files: .init(program: .init(name: CompiledProgram.programFile), state: .init(name: CompiledProgram.stateFile)))
        return try CompiledProgram(program: program, manifest: manifest, state: state, executor: executor)
    }

    /// Saves the most recently run program with its state into `folder` (see
    /// ``exported(executor:)`` and ``CompiledProgram/save(to:)``): `program.ir`, `state.npz`
    /// and `manifest.json`, which ``CompiledProgram/load(_:executor:)`` or `dezero-ir run
    /// FOLDER` run without the model's code.
    public func export(to folder: String) throws(ExportError) {
        try exported().save(to: folder)
    }

    /// The effect binding of `adam` among those already listed.
    private static func effect(of adam: Adam, in entry: Entry, before bindings: [ExportManifest.BindingEntry]) -> String? {
        bindings.last { $0.kind == Binding.Kind.effect.rawValue && entry.hostOwners[$0.name]?.object === adam }?.name
    }
}

extension CompiledFunction1 {
    /// Saves the compiled program and its state into `folder` (``CompiledFunction/export(to:)``).
    public func export(to folder: String) throws(ExportError) { try function.export(to: folder) }
}

extension CompiledFunction2 {
    /// Saves the compiled program and its state into `folder` (``CompiledFunction/export(to:)``).
    public func export(to folder: String) throws(ExportError) { try function.export(to: folder) }
}
