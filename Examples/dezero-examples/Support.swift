import ArgumentParser
import DeZero
import DeZeroCompiler
import Foundation

/// A 0-d float64 Variable, as the book's `Variable(np.array(value))`.
func scalar(_ value: Double) -> Variable { Variable(NDArray(scalar: value)) }

/// An optional Variable as Python prints it: `None` when absent.
func pyOptional(_ v: Variable?) -> String { v.map(\.description) ?? "None" }

/// `value` with `digits` decimals, as Python's `'%.2f' % value` and `'{:.4f}'.format(value)`
/// (both round the exact binary value, as C's `printf` does).
func pyFixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

/// `--compiled`: the training examples run their per-iteration work (forward, loss,
/// `cleargrads`, `backward`, `update`) through one closure compiled by DeZeroCompiler's
/// `compile`, made once before the loop. The compiler is bit-exact with eager DeZero, so the
/// printed numbers are the same as without the flag.
struct CompileFlag: ParsableArguments {
    @Flag(help: "Run each training step as one compiled program (DeZeroCompiler); prints the same numbers.")
    var compiled = false
}

/// A step of an example's loop, written as eager DeZero code: run as is, or compiled once (the
/// first call runs the closure eagerly, the second traces it, later calls run the traced program
/// without running the closure).
struct StepFunction {
    /// The compiled function when compiled (its `programs` hold the IR it runs, after the
    /// passes; `tracedPrograms` the IR as traced).
    let compiled: CompiledFunction?
    private let body: ([Variable]) -> [Variable]

    /// `body`, compiled as `name` when `compiled`.
    init(compiled: Bool, _ name: String, _ body: @escaping ([Variable]) -> [Variable]) {
        self.compiled = compiled ? compile(name, body) : nil
        self.body = body
    }

    /// A step of two inputs (a batch and its targets) and one output (the loss).
    init(compiled: Bool, _ name: String, _ body: @escaping (Variable, Variable) -> Variable) {
        self.init(compiled: compiled, name) { [body($0[0], $0[1])] }
    }

    /// A step of one input and one output.
    init(compiled: Bool, _ name: String, _ body: @escaping (Variable) -> Variable) {
        self.init(compiled: compiled, name) { [body($0[0])] }
    }

    /// Runs the step.
    func callAsFunction(_ inputs: [Variable]) throws -> [Variable] {
        try compiled.map { try $0(inputs) } ?? body(inputs)
    }

    /// Runs a step of one input and one output.
    func callAsFunction(_ x: Variable) throws -> Variable {
        try self([x])[0]
    }

    /// Runs a step of two inputs and one output.
    func callAsFunction(_ x0: Variable, _ x1: Variable) throws -> Variable {
        try self([x0, x1])[0]
    }
}
