/// The switches DeZero's code reads while it runs: whether to record graphs for backprop, and
/// whether layers like dropout and batch norm behave as in training.
public struct ConfigValues: Sendable {
    /// Record the computational graph so `backward()` can run (DeZero's `enable_backprop`).
    public var enableBackprop = true
    /// Training mode (DeZero's `train`): dropout drops, batch norm uses batch statistics.
    public var train = true
}

/// DeZero's `Config`. Values are task-local: a scope set with `usingConfig` applies to the code
/// it runs, including child tasks, and never leaks into concurrently running tasks.
public enum Config {
    /// The values in effect for the current task.
    @TaskLocal public static var current = ConfigValues()

    /// Whether the graph is being recorded.
    public static var enableBackprop: Bool { current.enableBackprop }
    /// Whether in training mode.
    public static var train: Bool { current.train }
}

/// Runs `body` with one configuration value changed, as DeZero's `using_config(name, value)`.
public func usingConfig<Value, Result>(
    _ key: WritableKeyPath<ConfigValues, Value>, _ value: Value, _ body: () throws -> Result
) rethrows -> Result {
    var values = Config.current
    values[keyPath: key] = value
    return try Config.$current.withValue(values, operation: body)
}

/// Runs `body` without recording the graph, as DeZero's `with no_grad():`.
public func withNoGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
    try usingConfig(\.enableBackprop, false, body)
}

/// Runs `body` in test mode (dropout off, batch norm uses running averages), as `with test_mode():`.
public func withTestMode<Result>(_ body: () throws -> Result) rethrows -> Result {
    try usingConfig(\.train, false, body)
}
