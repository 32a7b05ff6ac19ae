import DeZero

/// Compiles a DeZero closure of one input and one output: `let f = compile { x in model(x) }`,
/// then `try f(x)`. The closure may be a whole training step: `model.cleargrads()`,
/// `loss.backward()` and `optimizer.update()` inside it run in the compiled program, updating
/// the same parameters and optimizer state in place.
///
/// Each traced program goes through `passes` (``CompileOptions/passes`` when nil, read when the
/// closure is traced) before `executor` prepares it. Without an `executor`, the inputs' device
/// chooses one (``DeviceExecutors``): ``CPUExecutor`` on the CPU, the CUDA executor for inputs
/// on a GPU.
public func compile(
    _ name: String = "main", executor: (any Executor)? = nil, passes: PassManager? = nil,
    _ body: @escaping (Variable) -> Variable
) -> CompiledFunction1 {
    CompiledFunction1(CompiledFunction(name: name, executor: executor, passes: passes) { [body($0[0])] })
}

/// Compiles a DeZero closure of two inputs and one output (a batch and its labels).
public func compile(
    _ name: String = "main", executor: (any Executor)? = nil, passes: PassManager? = nil,
    _ body: @escaping (Variable, Variable) -> Variable
) -> CompiledFunction2 {
    CompiledFunction2(CompiledFunction(name: name, executor: executor, passes: passes) { [body($0[0], $0[1])] })
}

/// Compiles a DeZero closure of any number of inputs and outputs.
public func compile(
    _ name: String = "main", executor: (any Executor)? = nil, passes: PassManager? = nil,
    _ body: @escaping ([Variable]) -> [Variable]
) -> CompiledFunction {
    CompiledFunction(name: name, executor: executor, passes: passes, body: body)
}

/// A compiled closure of one input and one output.
public struct CompiledFunction1: Sendable {
    /// The general compiled function behind it.
    public let function: CompiledFunction
    init(_ function: CompiledFunction) { self.function = function }
    /// Runs the compiled closure.
    public func callAsFunction(_ x: Variable) throws -> Variable { try function([x])[0] }
}

/// A compiled closure of two inputs and one output.
public struct CompiledFunction2: Sendable {
    /// The general compiled function behind it.
    public let function: CompiledFunction
    init(_ function: CompiledFunction) { self.function = function }
    /// Runs the compiled closure.
    public func callAsFunction(_ x0: Variable, _ x1: Variable) throws -> Variable { try function([x0, x1])[0] }
}
