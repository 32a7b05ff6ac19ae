/// When a value is live: from the instruction that defines it to the last instruction that
/// reads it, both included (instruction indices in ``Program/instructions``).
///
/// A value read by instruction `i` and a value defined by `i` are live at the same time: both
/// are needed while `i` runs.
public struct LiveRange: Hashable, Sendable, CustomStringConvertible {
    /// The index of the defining instruction; -1 for an argument (defined before the first).
    public var start: Int
    /// The index of the last instruction that reads the value; the instruction count for a value
    /// that lives to the end (a result or a stored value); `start` for a value nothing reads.
    public var end: Int

    /// The range from `start` to `end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Whether some instruction index lies in both ranges.
    public func overlaps(_ other: LiveRange) -> Bool { start <= other.end && other.start <= end }

    /// `[3, 7]`.
    public var description: String { "[\(start), \(end)]" }
}

/// The live range of every value of a program, and which values are *external*: arguments,
/// `load`s and constants, whose arrays the caller or the program owns, so that they take no
/// room in an executor's arena.
///
/// The values a fused instruction defines are its outputs; its body's other values are never
/// materialized and have no range. Results and stored values live to the end (a `store` writes
/// its binding when the program ends).
public struct Liveness: Sendable {
    /// The live range of every value: arguments and every result of every instruction.
    public let ranges: [Value: LiveRange]
    /// The arguments and the values of `load` and `const` instructions.
    public let external: Set<Value>
    /// The number of instructions: the `end` of a value that lives to the end.
    public let instructionCount: Int

    /// The liveness of `program`'s values.
    public init(_ program: Program) {
        let count = program.instructions.count
        var ranges: [Value: LiveRange] = [:]
        var external = Set(program.arguments.map(\.value))
        var toTheEnd = Set(program.results)
        for (value, _) in program.arguments { ranges[value] = LiveRange(start: -1, end: -1) }
        for (index, instruction) in program.instructions.enumerated() {
            for value in instruction.operands { ranges[value]?.end = index }
            switch instruction.operation {
            case .load, .constant: external.formUnion(instruction.results)
            case .store: toTheEnd.formUnion(instruction.operands)
            case .array, .fused: break
            }
            for value in instruction.results { ranges[value] = LiveRange(start: index, end: index) }
        }
        for value in toTheEnd { ranges[value]?.end = count }
        self.ranges = ranges
        self.external = external
        self.instructionCount = count
    }

    /// The live range of `value`; nil for a value the program does not define.
    public func range(of value: Value) -> LiveRange? { ranges[value] }

    /// Whether `value` is an argument, a `load` or a constant: not in the arena.
    public func isExternal(_ value: Value) -> Bool { external.contains(value) }
}
