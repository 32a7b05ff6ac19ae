import DeZeroArray

/// What runs programs: prepares a verified program once, then runs it many times. The CPU
/// interpreter implements it now; the optimizing CPU executor and the CUDA executor plug in
/// behind the same two calls.
public protocol Executor: Sendable {
    /// The executor's name in logs and the CLI.
    var name: String { get }
    /// Verifies `program` and prepares it to run (plans, kernels); throws ``IRError`` for a
    /// program that does not verify, and when it cannot run it.
    func prepare(_ program: Program) throws -> any Executable
}

/// A prepared program.
public protocol Executable: Sendable {
    /// The program it runs.
    var program: Program { get }
    /// Runs the program on `arguments` (in the program's argument order) with `bindings` holding,
    /// in the order of the program's bindings, an array for every state it loads and every
    /// runtime scalar (nil for the others); returns the results and the arrays to store.
    func run(arguments: [NDArray], bindings: [NDArray?]) -> ExecutionResult
    /// Runs as ``run(arguments:bindings:)`` does, adding the time of each step to `profile`.
    func run(arguments: [NDArray], bindings: [NDArray?], profile: Profile) -> ExecutionResult
}

/// What one run of a program produced.
public struct ExecutionResult: Sendable {
    /// The returned values, in order.
    public var results: [NDArray]
    /// The arrays to write to state bindings (by index in the program's bindings), in the order
    /// of the program's stores.
    public var stores: [(binding: Int, array: NDArray)]

    /// A run's results and stores.
    public init(results: [NDArray], stores: [(binding: Int, array: NDArray)]) {
        self.results = results
        self.stores = stores
    }
}
