/// A static memory plan: where each value of a program lives in one preallocated arena, so that
/// an executor runs the program without allocating.
///
/// Every value of an `array` or `fused` instruction is an *arena value*; arguments, `load`s and
/// constants are *external* (the caller or the program owns them). An arena value either has a
/// buffer or is a view of one (``Operation/isView``); a buffer is held in turn by a value and the
/// values that took it in place (``Operation/mayWriteInPlace(_:over:)``). Buffers are placed as
/// XLA's heap simulator places them: greedy by decreasing size, best fit among the buffers live
/// at the same time, offsets aligned to ``alignment`` bytes.
///
/// ```swift
/// let plan = MemoryPlan(program)
/// try plan.verify(program)
/// plan.offset(of: value)   // the value's first byte in the arena; nil when external
/// plan.arenaBytes          // the arena to allocate
/// ```
public struct MemoryPlan: Hashable, Sendable {
    /// The alignment of every buffer's offset, in bytes.
    public static let alignment = 64

    /// One buffer of the arena.
    public struct Buffer: Hashable, Sendable {
        /// Its size: the byte size of each value that holds it.
        public internal(set) var bytes: Int
        /// Its first byte in the arena, a multiple of ``MemoryPlan/alignment``.
        public internal(set) var offset: Int
        /// From the definition of its first value to the last read of its last value or of any
        /// view of them.
        public internal(set) var range: LiveRange
        /// The values that hold it, in order: the first, then each that took it in place.
        public internal(set) var values: [Value]
    }

    /// Where a value lives.
    public enum Location: Hashable, Sendable {
        /// Outside the arena: an argument, a `load` or a constant.
        case external
        /// In ``MemoryPlan/buffers``[index].
        case buffer(Int)
        /// A view of the value `of` (itself in the arena, maybe a view), whose root buffer is
        /// ``MemoryPlan/buffers``[buffer].
        case view(of: Value, buffer: Int)
    }

    /// The buffers, in order of their first value's definition.
    public internal(set) var buffers: [Buffer]
    /// The location of every value (arguments and instruction results).
    public internal(set) var locations: [Value: Location]
    /// Each value written in place → the operand whose buffer it took.
    public internal(set) var inPlace: [Value: Value]
    /// The arena's size: the end of the highest buffer.
    public internal(set) var arenaBytes: Int
    /// The largest sum of the sizes of the buffers live at one instruction: a lower bound of
    /// ``arenaBytes``.
    public internal(set) var liveBytesPeak: Int
    /// What an executor that frees each array after its last use holds at its peak, without an
    /// arena and without in-place reuse (as the interpreter does).
    public internal(set) var releasedBytesPeak: Int
    /// Every materialized arena value allocated on its own and never released: the sum of their
    /// sizes (views take nothing).
    public internal(set) var unplannedBytes: Int

    /// The plan of `program`, which should verify (``Verifier``).
    public init(_ program: Program) {
        let liveness = Liveness(program)
        let assignment = BufferAssignment(program, liveness)
        let sized = assignment.slots.map { (bytes: $0.bytes, range: $0.range) }
        let offsets = HeapSimulator.place(sized, alignment: Self.alignment)
        buffers = zip(assignment.slots, offsets).map { Buffer(bytes: $0.bytes, offset: $1, range: $0.range, values: $0.values) }
        locations = assignment.locations
        inPlace = assignment.inPlace
        arenaBytes = buffers.map { $0.offset + $0.bytes }.max() ?? 0
        liveBytesPeak = HeapSimulator.livePeak(sized)
        releasedBytesPeak = HeapSimulator.livePeak(assignment.materialized.map { ($0.bytes, $0.range) })
        unplannedBytes = assignment.materialized.map(\.bytes).reduce(0, +)
    }

    /// Where `value` lives; nil for a value the program does not define.
    public func location(of value: Value) -> Location? { locations[value] }

    /// The buffer `value` is in, or is a view of; nil when external.
    public func buffer(of value: Value) -> Buffer? {
        switch locations[value] {
        case .buffer(let index), .view(_, let index): buffers[index]
        case .external, nil: nil
        }
    }

    /// The first byte of `value` in the arena (a view starts where its root does); nil when
    /// external.
    public func offset(of value: Value) -> Int? { buffer(of: value)?.offset }
}
