/// Per-parameter optimizer state (momentum, squared-gradient averages, ...), keyed by the
/// parameter's identity as DeZero keys it by `id(param)`.
///
/// Each parameter is held strongly while its state lives, so that its identity cannot be reused
/// by another object.
public struct ParameterState<State> {
    private var states: [ObjectIdentifier: State] = [:]
    private var owners: [ObjectIdentifier: Parameter] = [:]

    /// No state yet.
    public init() {}

    /// The state of `param`, if any.
    public subscript(param: Parameter) -> State? { states[ObjectIdentifier(param)] }

    /// The number of parameters with state.
    public var count: Int { states.count }

    /// Runs `body` on the state of `param`, created by `initial` the first time, in place.
    public mutating func update<R>(_ param: Parameter, initial: () -> State, _ body: (inout State) -> R) -> R {
        let id = ObjectIdentifier(param)
        if states[id] == nil {
            states[id] = initial()
            owners[id] = param
        }
        return body(&states[id]!)
    }
}
