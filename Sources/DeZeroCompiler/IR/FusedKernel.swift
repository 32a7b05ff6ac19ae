/// The body of a `fused` instruction: elementwise instructions that run as one loop, reading
/// the instruction's operands (values defined outside) and defining values seen only inside,
/// except ``outputs``, which the instruction defines for the rest of the program.
///
/// ```
/// %5, %7 = fused @k0 %2, %3 : f32[30,10], f32[30,10] {
///   %4 = add %2, %3 : f32[30,10]  # layer l0: Linear forward
///   %5 = tanh %4 : f32[30,10]
///   %6 = multiply %5, %5 : f32[30,10]
///   %7 = subtract %3, %6 : f32[30,10]
/// }
/// ```
///
/// Body values keep the numbers they had before fusion, so the body reads like the code it
/// replaced. Every member has the kernel's shape (its iteration space); inputs of other shapes
/// broadcast to it.
public struct FusedKernel: Hashable, Sendable {
    /// The kernel's name in its program (`k0`, `k1`, ...).
    public var name: String
    /// The instructions, in order.
    public var body: [Instruction]
    /// The body values the instruction defines, in order.
    public var outputs: [Value]

    /// A kernel.
    public init(name: String, body: [Instruction], outputs: [Value]) {
        self.name = name
        self.body = body
        self.outputs = outputs
    }

    /// The values defined outside that the body reads, in order of first use.
    public var inputs: [Value] {
        var defined: Set<Value> = [], seen: Set<Value> = [], inputs: [Value] = []
        for instruction in body {
            for v in instruction.operands where !defined.contains(v) && seen.insert(v).inserted { inputs.append(v) }
            defined.formUnion(instruction.results)
        }
        return inputs
    }
}
