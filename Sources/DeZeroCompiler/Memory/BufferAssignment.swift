extension TensorType {
    /// The bytes an array of this type takes: its element count times its item size.
    public var byteCount: Int { count * dtype.itemSize }
}

/// Which buffer each arena value of a program lives in, before offsets are chosen: the values
/// of `array` and `fused` instructions, in instruction order.
///
/// - A view (``Operation/isView``) of an arena value joins its operand's buffer and extends the
///   buffer's live range to its own last use.
/// - An elementwise result takes the buffer of an operand when ``Operation/mayWriteInPlace(_:over:)``
///   allows it, the buffer has the result's byte size, dies at this instruction (no later read of
///   any value in it) and no other result of the instruction took it; the first such operand, in
///   operand order, is taken.
/// - Any other arena value gets a buffer of its own.
struct BufferAssignment {
    /// A buffer before placement.
    struct Slot {
        var bytes: Int
        var range: LiveRange
        /// The materialized values that hold it in turn (each later one took it in place).
        var values: [Value]
    }

    var slots: [Slot] = []
    var locations: [Value: MemoryPlan.Location] = [:]
    /// Result → the operand whose buffer it took.
    var inPlace: [Value: Value] = [:]
    /// Every materialized value's bytes and live range, its views' reads included: what an
    /// executor that frees each array after its last use, without reuse, holds.
    var materialized: [(value: Value, bytes: Int, range: LiveRange)] = []

    init(_ program: Program, _ liveness: Liveness) {
        var slotOf: [Value: Int] = [:]  // arena value → buffer
        var materializedIndex: [Value: Int] = [:]  // arena value → its entry in `materialized`
        var types: [Value: TensorType] = [:]
        for (value, type) in program.arguments {
            types[value] = type
            locations[value] = .external
        }
        for (index, instruction) in program.instructions.enumerated() {
            for (value, type) in zip(instruction.results, instruction.types) { types[value] = type }
            switch instruction.operation {
            case .load, .constant:
                for value in instruction.results { locations[value] = .external }
                continue
            case .store:
                continue
            case .array, .fused:
                break
            }
            let operation = instruction.operation
            if operation.isView, let operand = instruction.operands.first, let slot = slotOf[operand],
                let result = instruction.result
            {
                let end = liveness.range(of: result)!.end
                slotOf[result] = slot
                materializedIndex[result] = materializedIndex[operand]
                locations[result] = .view(of: operand, buffer: slot)
                slots[slot].range.end = max(slots[slot].range.end, end)
                materialized[materializedIndex[operand]!].range.end = max(materialized[materializedIndex[operand]!].range.end, end)
                continue
            }
            var taken: Set<Int> = []
            for (result, type) in zip(instruction.results, instruction.types) {
                let range = liveness.range(of: result)!
                materializedIndex[result] = materialized.count
                materialized.append((result, type.byteCount, range))
                let donor = instruction.operands.first { operand in
                    guard let slot = slotOf[operand], !taken.contains(slot) else { return false }
                    return slots[slot].range.end == index && slots[slot].bytes == type.byteCount
                        && operation.mayWriteInPlace(type, over: types[operand]!)
                }
                if let donor, let slot = slotOf[donor] {
                    taken.insert(slot)
                    inPlace[result] = donor
                    slots[slot].values.append(result)
                    slots[slot].range.end = max(slots[slot].range.end, range.end)
                    slotOf[result] = slot
                    locations[result] = .buffer(slot)
                } else {
                    slotOf[result] = slots.count
                    locations[result] = .buffer(slots.count)
                    slots.append(Slot(bytes: type.byteCount, range: range, values: [result]))
                }
            }
        }
    }
}
