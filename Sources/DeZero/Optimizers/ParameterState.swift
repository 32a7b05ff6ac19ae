import DeZeroArray

/// The arrays of one parameter's optimizer state, named for the traced program's text.
public protocol OptimizerStateArrays {
    /// The state's arrays in a fixed order.
    var arrays: [NDArray] { get set }
}

extension NDArray: OptimizerStateArrays {
    /// The array itself.
    public var arrays: [NDArray] {
        get { [self] }
        set { self = newValue[0] }
    }
}

/// Per-parameter optimizer state (momentum, squared-gradient averages, ...), keyed by the
/// parameter's identity as DeZero keys it by `id(param)`.
///
/// Each parameter is held strongly while its state lives, so that its identity cannot be reused
/// by another object. Inside a trace, the state a step reads and writes is bound as state of the
/// compiled program (named by `names`, one per array).
public final class ParameterState<State: OptimizerStateArrays> {
    private var states: [ObjectIdentifier: State] = [:]
    private var owners: [ObjectIdentifier: Parameter] = [:]
    /// The names of the state's arrays ("v", or "m" and "v").
    public let names: [String]

    /// No state yet; `names` names the state's arrays.
    public init(names: [String]) {
        self.names = names
    }

    /// The state of `param`, if any.
    public subscript(param: Parameter) -> State? { states[ObjectIdentifier(param)] }

    /// The number of parameters with state.
    public var count: Int { states.count }

    /// Runs `body` on the state of `param`, created by `initial` the first time, in place.
    public func update<R>(_ param: Parameter, initial: () -> State, _ body: (inout State) -> R) -> R {
        let id = ObjectIdentifier(param)
        if states[id] == nil {
            states[id] = initial()
            owners[id] = param
        }
        if let tracer = Tracing.recorder { bindSlots(of: param, to: tracer) }
        return body(&states[id]!)
    }

    /// Binds the state arrays of `param` as state of the program being traced.
    private func bindSlots(of param: Parameter, to tracer: any ArrayTracer) {
        let id = ObjectIdentifier(param)
        for (i, name) in names.enumerated() {
            tracer.bind(StateSlot(role: name, owner: self, subject: param, read: { [unowned self] in
                states[id]?.arrays[i]
            }) { [unowned self] in
                if let array = $0 { states[id]?.arrays[i] = array }
            })
        }
    }
}
