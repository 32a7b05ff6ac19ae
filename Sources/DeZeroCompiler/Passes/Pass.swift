/// A program transformation: takes a verified program and gives an equivalent one (the same
/// results and stores, bit for bit, on every input). Passes run in order under a pass manager,
/// which can dump the program after each and turn any of them off by name.
public protocol Pass: Sendable {
    /// The pass's name on the command line and in `DEZERO_DISABLE_PASSES` ("dce", "fusion").
    var name: String { get }
    /// The transformed program.
    func run(_ program: Program) throws -> Program
}
