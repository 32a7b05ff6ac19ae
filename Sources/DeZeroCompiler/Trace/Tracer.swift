import DeZero
import DeZeroArray

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records the NDArray primitives a closure runs into a ``Program`` while the closure runs for
/// real (define-by-run, traced once).
///
/// Arrays are told apart by their ``ArrayIdentity`` (the tracer keeps every array it saw alive,
/// so identities are not reused). An array the tracer did not produce is *external*: at the end
/// it becomes a `load` when it is the value a bound state slot held at the start (a parameter, an
/// optimizer moment), and a `const` otherwise (a captured array, a literal). Slots whose array
/// changed get a `store` at the end. Host scalars and effects become bindings run on every call.
final class Tracer: ArrayTracer {
    /// A bound state slot and what it held when bound.
    struct BoundSlot {
        let slot: StateSlot
        let initial: NDArray?
        /// The optimizer whose update bound it (names optimizer state).
        let updater: String?
        /// Whether the closure emptied it before reading it.
        var cleared = false
    }

    /// A slot of the traced program, with what a later call must find in it for the program to
    /// apply.
    struct SlotUse {
        let slot: StateSlot
        let name: String
        /// The program loads it: the array must have this type.
        let loaded: Bool
        /// What it held at the start (nil: empty); checked unless the closure cleared it first.
        let initialType: TensorType?
        /// Whether its start value matters (false when the closure emptied it before use).
        let guarded: Bool
    }

    /// The owner of a host scalar or effect (an optimizer) and the name it gave.
    struct HostOwner {
        weak var object: AnyObject?
        let name: String
    }

    /// A runtime scalar or effect, in the order the closure ran them.
    enum HostAction {
        case scalar(name: String, read: () -> Double)
        case effect(name: String, run: () -> Void)
    }

    private let thread = pthread_self()
    private var depth = 0
    private var nextValue = 0
    private var values: [ArrayIdentity: Value] = [:]
    private var kept: [NDArray] = []
    private var createdObjects = Set<ObjectIdentifier>()
    private var keptObjects: [AnyObject] = []
    private var tracedStorages = Set<ObjectIdentifier>()
    private var bornStorages = Set<ObjectIdentifier>()
    private var constantStorages = Set<ObjectIdentifier>()
    private var externals: [Value: NDArray] = [:]
    private var instructions: [Instruction] = []
    private var scopes: [TraceScope] = []
    private var slots: [BoundSlot] = []
    private var slotKeys = Set<SlotKey>()
    private(set) var hostActions: [HostAction] = []
    /// The object behind each host scalar and effect binding, by binding name, with the name it
    /// reported (`Adam.lr`): what an export reads to save the binding.
    private(set) var hostOwners: [String: HostOwner] = [:]
    private var scalarNames: [String: Value] = [:]
    private var effectCount = 0
    private var names = Names()
    private var enteredLayers = Set<ObjectIdentifier>()
    private var uninitialized: [Parameter] = []
    private(set) var errors: [TraceError] = []
    private var arguments: [(value: Value, type: TensorType)] = []

    /// What a slot is: its owner, subject and role.
    private struct SlotKey: Hashable {
        let owner: ObjectIdentifier
        let subject: ObjectIdentifier?
        let role: String
    }

    var isRecording: Bool { depth == 0 && pthread_equal(pthread_self(), thread) != 0 }

    // MARK: - Starting and finishing

    /// Registers the arguments of the traced call.
    func addArguments(_ arrays: [NDArray]) {
        for array in arrays {
            let v = newValue()
            arguments.append((v, TensorType(of: array)))
            register(array, as: v)
        }
    }

    /// The program of everything recorded, returning `outputs`; the slots written get stores.
    func finish(name: String, outputs: [NDArray]) -> (program: Program, slots: [SlotUse]) {
        let results = outputs.map { valueOf($0) }
        for param in uninitialized where param.isInitialized {
            errors.append(.stateCreatedDuringTrace(name: names.variable(param)))
        }
        var stores: [Instruction] = []
        for bound in slots {
            let current = bound.slot.read()
            switch (bound.initial, current) {
            case (nil, nil): continue
            case (.some, nil): errors.append(.clearedState(name: slotName(bound)))
            case (let initial, let current?):
                if let initial, initial.identity == current.identity { continue }
                let value = valueOf(current)
                stores.append(Instruction(
                    result: nil, operation: .store(slotName(bound)), operands: [value], type: nil,
                    provenance: instructions.last { $0.result == value }?.provenance ?? Provenance()))
            }
        }
        // External arrays: the value of a bound slot at the start, or a constant.
        var initials: [ArrayIdentity: BoundSlot] = [:]
        for bound in slots { if let a = bound.initial { initials[a.identity] = bound } }
        var constants: [NDArray] = []
        var loaded = Set<String>()
        var body = instructions + stores
        for index in body.indices {
            guard case .constant(-1) = body[index].operation, let r = body[index].result, let array = externals[r] else { continue }
            if let bound = initials[array.identity] {
                let name = slotName(bound)
                body[index].operation = .load(name)
                loaded.insert(name)
            } else {
                body[index].operation = .constant(constants.count)
                constants.append(array)
            }
        }
        var bindings: [Binding] = []
        var uses: [SlotUse] = []
        for action in hostActions {
            switch action {
            case .scalar(let name, _): bindings.append(Binding(name: name, kind: .scalar, type: TensorType(.float64, [])))
            case .effect(let name, _): bindings.append(Binding(name: name, kind: .effect, type: nil))
            }
        }
        let stored = Set(stores.compactMap { if case .store(let n) = $0.operation { n } else { nil } })
        for bound in slots {
            let name = slotName(bound)
            let initialType = bound.initial.map { TensorType(of: $0) }
            uses.append(SlotUse(
                slot: bound.slot, name: name, loaded: loaded.contains(name), initialType: initialType,
                guarded: !bound.cleared))
            guard loaded.contains(name) || stored.contains(name) else { continue }
            bindings.append(Binding(name: name, kind: .state, type: initialType ?? bound.slot.read().map { TensorType(of: $0) }))
        }
        let program = Program(
            name: name, arguments: arguments, bindings: bindings, constants: constants, instructions: body,
            results: results)
        return (program, uses)
    }

    // MARK: - ArrayTracer

    func record(_ op: ArrayOp, _ inputs: [NDArray]) -> NDArray {
        let operands = inputs.map { valueOf($0) }
        depth += 1
        let output = op.evaluate(inputs)
        depth -= 1
        let v = newValue()
        instructions.append(Instruction(
            result: v, operation: .array(op), operands: operands, type: TensorType(of: output), provenance: provenance))
        register(output, as: v)
        return output
    }

    func created(_ object: AnyObject) {
        createdObjects.insert(ObjectIdentifier(object))
        keptObjects.append(object)
    }

    func createdDuringTrace(_ object: AnyObject) -> Bool {
        createdObjects.contains(ObjectIdentifier(object))
    }

    func allocated(_ storage: AnyObject) {
        bornStorages.insert(ObjectIdentifier(storage))
    }

    func moved(_ source: NDArray, to destination: NDArray) {
        if let v = values[source.identity] {
            register(destination, as: v)  // a value of the program, wherever it lives
        } else {
            hostConstant(destination)  // a host constant (an index range) made on the device
        }
    }

    func hostConstant(_ array: NDArray) {
        constantStorages.insert(array.storageIdentity)
    }

    func hostRead(_ array: NDArray, _ operation: String) {
        let id = array.identity
        let isExternal = values[id].map { externals[$0] != nil } ?? false
        let isTraced = (values[id] != nil && !isExternal) || tracedStorages.contains(array.storageIdentity)
        let isState = slots.contains { $0.initial?.identity == id && !$0.cleared }
        if isTraced || isState {
            errors.append(.dataDependentRead(operation: operation, shape: array.shape, provenance: provenance.description))
        }
    }

    func bind(_ slot: StateSlot) {
        guard slotKeys.insert(key(slot)).inserted else { return }
        let initial = slot.read()
        if let initial {
            kept.append(initial)
            if let v = values[initial.identity], externals[v] == nil {
                errors.append(.stateCreatedDuringTrace(name: slotName(BoundSlot(slot: slot, initial: nil, updater: updater))))
            }
        }
        slots.append(BoundSlot(slot: slot, initial: initial, updater: updater))
        if let param = slot.owner as? Parameter, !param.isInitialized { uninitialized.append(param) }
    }

    func willClear(_ slot: StateSlot) {
        bind(slot)
        let k = key(slot)
        if let i = slots.firstIndex(where: { key($0.slot) == k }), !slots[i].cleared {
            // Only an emptying before any use makes the start value irrelevant.
            slots[i].cleared = slots[i].initial.map { values[$0.identity] == nil } ?? true
        }
    }

    private func key(_ slot: StateSlot) -> SlotKey {
        SlotKey(owner: ObjectIdentifier(slot.owner), subject: slot.subject.map(ObjectIdentifier.init), role: slot.role)
    }

    /// The optimizer whose update runs now.
    private var updater: String? { scopes.last { $0.kind == .update }?.name }

    func runtimeScalar(_ name: String, owner: AnyObject, value: Double, read: @escaping () -> Double) -> NDArray {
        depth += 1
        let array = NDArray(scalar: value)
        depth -= 1
        let key = "\(name)#\(ObjectIdentifier(owner).hashValue)#\(effectCount)"
        let v: Value
        if let existing = scalarNames[key] {
            v = existing
        } else {
            let bindingName = names.unique(name)
            hostActions.append(.scalar(name: bindingName, read: read))
            hostOwners[bindingName] = HostOwner(object: owner, name: name)
            v = newValue()
            scalarNames[key] = v
            instructions.append(Instruction(
                result: v, operation: .load(bindingName), operands: [], type: TensorType(.float64, []),
                provenance: provenance))
        }
        register(array, as: v)
        return array
    }

    func hostEffect(_ name: String, owner: AnyObject, _ effect: @escaping () -> Void) {
        effectCount += 1
        let bindingName = names.unique("\(type(of: owner)).\(name)")
        hostActions.append(.effect(name: bindingName, run: effect))
        hostOwners[bindingName] = HostOwner(object: owner, name: name)
    }

    func enter(_ scope: TraceScope) {
        let layer = scope.kind == .layer ? scope.object as? Layer : (scope.object as? Optimizer)?.target
        if let layer {
            if names.root == nil { names.setRoot(layer) }
            // A layer's state is bound before its forward runs (BatchNorm updates its running
            // averages there), so the slots see the values from before the call.
            if enteredLayers.insert(ObjectIdentifier(layer)).inserted {
                for param in layer.params() { param.bindSlots(to: self) }
                for slot in layer.stateSlots { bind(slot) }
            }
        }
        scopes.append(scope)
    }

    func exit() {
        scopes.removeLast()
    }

    // MARK: - Values

    private func newValue() -> Value {
        defer { nextValue += 1 }
        return Value(nextValue)
    }

    private func register(_ array: NDArray, as value: Value) {
        values[array.identity] = value
        tracedStorages.insert(array.storageIdentity)
        kept.append(array)
    }

    /// The value of `array`: recorded, or a new external (resolved to a load or a constant at
    /// the end); an array from an operation the tracer did not see is an error.
    private func valueOf(_ array: NDArray) -> Value {
        if let v = values[array.identity] { return v }
        let storage = array.storageIdentity
        if tracedStorages.contains(storage) || (bornStorages.contains(storage) && !constantStorages.contains(storage)) {
            errors.append(.untraceableOperation(shape: array.shape, dtype: array.dtype, provenance: provenance.description))
        }
        let v = newValue()
        externals[v] = array
        values[array.identity] = v
        kept.append(array)
        instructions.append(Instruction(
            result: v, operation: .constant(-1), operands: [], type: TensorType(of: array), provenance: Provenance()))
        return v
    }

    // MARK: - Names and provenance

    /// The provenance of what is recorded now: the outermost Function or update scope, the
    /// innermost layer.
    private var provenance: Provenance {
        var p = Provenance()
        if let work = scopes.first(where: { $0.kind != .layer }) {
            p.function = work.name
            p.phase = work.kind
        }
        if let layer = scopes.last(where: { $0.kind == .layer }) {
            p.layer = layer.object.flatMap { names.layerPath($0) } ?? layer.name
        }
        return p
    }

    /// `l0.W`, `l0.W.grad`, `Adam.m[l0.W]`.
    private func slotName(_ bound: BoundSlot) -> String {
        let slot = bound.slot
        switch (slot.owner, slot.role) {
        case (let v as Variable, "data"): return names.variable(v)
        case (let v as Variable, let role): return names.variable(v) + "." + role
        case (let layer as Layer, let role):
            return "\(names.layerPath(layer) ?? String(describing: type(of: layer))).\(role)"
        default:
            let owner = bound.updater ?? names.optimizerState(slot.owner)
            let subject = (slot.subject as? Variable).map { "[\(names.variable($0))]" } ?? ""
            return "\(owner).\(slot.role)\(subject)"
        }
    }
}
