import DeZero
import DeZeroArray

/// What a compiled program assumes about a call: the inputs' types and devices, the autograd
/// configuration, and what the state it binds holds. A call that satisfies it runs the program;
/// any other call retraces, and `DEZERO_LOG=recompiles` prints which part changed.
struct Guard: Sendable {
    /// The inputs' types.
    var inputs: [TensorType]
    /// The inputs' devices.
    var devices: [Device]
    /// `Config.train`.
    var train: Bool
    /// `Config.enableBackprop`.
    var enableBackprop: Bool

    /// The guard of a call on `arrays` under the current configuration.
    init(_ arrays: [NDArray]) {
        inputs = arrays.map { TensorType(of: $0) }
        devices = arrays.map(\.device)
        train = Config.train
        enableBackprop = Config.enableBackprop
    }

    /// The differences from `old`, as `what: old -> new`.
    func changes(from old: Guard) -> [String] {
        var changes: [String] = []
        if inputs.count != old.inputs.count { changes.append("input count: \(old.inputs.count) -> \(inputs.count)") }
        for (i, (a, b)) in zip(old.inputs, inputs).enumerated() where a != b {
            changes.append("input \(i): \(a) -> \(b)")
        }
        for (i, (a, b)) in zip(old.devices, devices).enumerated() where a != b {
            changes.append("input \(i) device: \(a) -> \(b)")
        }
        if train != old.train { changes.append("Config.train: \(old.train) -> \(train)") }
        if enableBackprop != old.enableBackprop {
            changes.append("Config.enableBackprop: \(old.enableBackprop) -> \(enableBackprop)")
        }
        return changes
    }
}

/// A state slot a program depends on and what it must hold.
struct StateGuard {
    let use: Tracer.SlotUse

    /// nil when the slot holds what the program assumes, else `state name: old -> new`.
    func mismatch() -> String? {
        let now = use.slot.read().map { TensorType(of: $0) }
        let holds = use.loaded ? now == use.initialType : !use.guarded || (now == nil) == (use.initialType == nil)
        if holds { return nil }
        return "state \(use.name): \(use.initialType?.description ?? "empty") -> \(now?.description ?? "empty")"
    }
}
