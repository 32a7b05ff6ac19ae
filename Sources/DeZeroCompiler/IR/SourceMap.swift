/// Where each part of a parsed program stood in its text, so that ``Verifier`` can place its
/// errors: 1-based lines and columns, parallel to the program's arrays.
public struct SourceMap: Hashable, Sendable {
    /// Where one instruction stood.
    public struct InstructionSpan: Hashable, Sendable {
        /// The instruction's line.
        public var line: Int
        /// The column of the result (`%4 =`; 0 for `store`).
        public var resultColumn: Int
        /// The column of each operand (`%3`), in order.
        public var operandColumns: [Int]
        /// The column of the operation's name (`add`, `const`, `load`, `store`).
        public var operationColumn: Int
        /// The column of the result type after `:` (0 for `store`).
        public var typeColumn: Int

        /// A span.
        public init(line: Int, resultColumn: Int, operandColumns: [Int], operationColumn: Int, typeColumn: Int) {
            self.line = line
            self.resultColumn = resultColumn
            self.operandColumns = operandColumns
            self.operationColumn = operationColumn
            self.typeColumn = typeColumn
        }
    }

    /// The line of `func @name(...)`.
    public var headerLine: Int = 0
    /// The column of each argument (`%0`) in the header.
    public var argumentColumns: [Int] = []
    /// The line of each binding, parallel to ``Program/bindings``.
    public var bindingLines: [Int] = []
    /// Each instruction's place, parallel to ``Program/instructions``.
    public var instructions: [InstructionSpan] = []
    /// The line of `return`.
    public var returnLine: Int = 0
    /// The column of each returned value.
    public var resultColumns: [Int] = []

    /// An empty map (every position unknown).
    public init() {}
}
