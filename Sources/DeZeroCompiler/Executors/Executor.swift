import DeZeroArray

/// What runs programs: prepares a verified program once, then runs it many times. The CPU
/// interpreter implements it now; the optimizing CPU executor and the CUDA executor plug in
/// behind the same two calls.
public protocol Executor: Sendable {
    /// The executor's name in logs and the CLI.
    var name: String { get }
    /// Prepares `program` to run (plans, kernels); throws when it cannot run it.
    func prepare(_ program: Program) throws -> any Executable
}

/// A prepared program.
public protocol Executable: Sendable {
    /// The program it runs.
    var program: Program { get }
    /// Runs the program on `arguments` (in the program's argument order) with `bindings` holding
    /// an array for every state the program loads and every runtime scalar; returns the results
    /// and the arrays to store into state bindings, in program order.
    func run(arguments: [NDArray], bindings: [String: NDArray]) -> ExecutionResult
}

/// What one run of a program produced.
public struct ExecutionResult: Sendable {
    /// The returned values, in order.
    public var results: [NDArray]
    /// The arrays to write to state bindings, in the order of the program's stores.
    public var stores: [(name: String, array: NDArray)]
}
