import DeZeroArray

/// A typed SSA program: what tracing a Swift closure produces, what passes transform and what
/// executors run.
///
/// ```
/// func @step(%0: f32[30,2], %1: i64[30]) -> (f32[]) {
///   state @l0.W : f32[2,10]
///   %2 = load @l0.W : f32[2,10]
///   %3 = matmul %0, %2 : f32[30,10]  # layer l0: MatMul forward
///   ...
///   store @l0.W, %57  # SGD update
///   return %40
/// }
/// ```
///
/// Host scalars and effects come first when it runs, in the order of ``bindings``; then the
/// instructions in order; a `store` writes its binding when the program ends (every load reads
/// the value from before the call).
public struct Program: Hashable, Sendable {
    /// The program's name.
    public var name: String
    /// The arguments with their types.
    public var arguments: [(value: Value, type: TensorType)]
    /// The names the program refers to, in order (effects and scalars run in this order).
    public var bindings: [Binding]
    /// The constant arrays, referred to by index from `const` instructions.
    public var constants: [NDArray]
    /// The body.
    public var instructions: [Instruction]
    /// The values returned, in order.
    public var results: [Value]

    /// A program.
    public init(
        name: String, arguments: [(value: Value, type: TensorType)], bindings: [Binding], constants: [NDArray],
        instructions: [Instruction], results: [Value]
    ) {
        self.name = name
        self.arguments = arguments
        self.bindings = bindings
        self.constants = constants
        self.instructions = instructions
        self.results = results
    }

    /// The types of the results, in order.
    public var resultTypes: [TensorType] {
        var types: [Value: TensorType] = [:]
        for (value, type) in arguments { types[value] = type }
        for i in instructions { for (r, t) in zip(i.results, i.types) { types[r] = t } }
        return results.compactMap { types[$0] }
    }

    /// The binding named `name`, if any.
    public func binding(_ name: String) -> Binding? { bindings.first { $0.name == name } }

    public static func == (a: Program, b: Program) -> Bool {
        a.name == b.name && a.arguments.map(\.value) == b.arguments.map(\.value)
            && a.arguments.map(\.type) == b.arguments.map(\.type) && a.bindings == b.bindings
            && a.constants.count == b.constants.count
            && zip(a.constants, b.constants).allSatisfy { $0.dtype == $1.dtype && $0.shape == $1.shape && arrayEqual($0, $1) }
            && a.instructions == b.instructions && a.results == b.results
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(instructions)
        hasher.combine(results)
    }
}
