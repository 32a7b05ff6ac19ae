extension MemoryPlan {
    /// Checks the plan against `program`, from live ranges computed anew: every arena value has a
    /// buffer (or is a view, of an arena value, made by a view instruction), every buffer is
    /// aligned, large enough and inside the arena, the values holding one buffer in turn do not
    /// live at the same time (but for an allowed in-place write), and no two values in different
    /// buffers that live at the same time have bytes in common.
    public func verify(_ program: Program) throws(MemoryPlanError) {
        let liveness = Liveness(program)
        var types: [Value: TensorType] = [:]
        // Each materialized value (an occupant of its buffer) with its range, its views' reads
        // included; `holder` maps every arena value to the occupant it is or views.
        var occupants: [Value: LiveRange] = [:]
        var holder: [Value: Value] = [:]
        for (value, type) in program.arguments {
            types[value] = type
            guard locations[value] == .external else { throw .invalidPlacement(value, "an argument is placed in the arena") }
        }
        for instruction in program.instructions {
            for (value, type) in zip(instruction.results, instruction.types) { types[value] = type }
            switch instruction.operation {
            case .load, .constant:
                for value in instruction.results where locations[value] != .external {
                    throw .invalidPlacement(value, "a load or constant is placed in the arena")
                }
            case .store:
                break
            case .array, .fused:
                for (value, type) in zip(instruction.results, instruction.types) {
                    let range = liveness.range(of: value)!
                    switch locations[value] {
                    case .external, nil:
                        throw .missingBuffer(value)
                    case .view(let of, let index):
                        guard instruction.operation.isView, instruction.operands.first == of, let root = holder[of] else {
                            throw .invalidPlacement(value, "a view of \(of), which \(instruction.operation) does not make")
                        }
                        guard case .buffer(index) = locations[root] else {
                            throw .invalidPlacement(value, "a view of buffer \(index), which does not hold \(of)")
                        }
                        holder[value] = root
                        occupants[root]!.end = max(occupants[root]!.end, range.end)
                    case .buffer(let index):
                        guard buffers.indices.contains(index) else { throw .invalidPlacement(value, "buffer \(index) does not exist") }
                        let buffer = buffers[index]
                        guard buffer.offset % Self.alignment == 0, buffer.offset >= 0 else {
                            throw .invalidPlacement(value, "offset \(buffer.offset) is not a multiple of \(Self.alignment)")
                        }
                        guard type.byteCount <= buffer.bytes, buffer.offset + buffer.bytes <= arenaBytes else {
                            throw .invalidPlacement(value, "\(type.byteCount) bytes do not fit buffer \(index) or the arena")
                        }
                        holder[value] = value
                        occupants[value] = range
                    }
                }
            }
        }
        try checkTurns(program, occupants, holder, types)
        try checkDisjoint(occupants)
    }

    /// The values holding one buffer follow each other: each is dead when the next is defined,
    /// or dies at the instruction that defines the next, which may write over it in place.
    private func checkTurns(
        _ program: Program, _ occupants: [Value: LiveRange], _ holder: [Value: Value], _ types: [Value: TensorType]
    ) throws(MemoryPlanError) {
        var turns: [Int: [Value]] = [:]
        for value in occupants.keys { if case .buffer(let index) = locations[value] { turns[index, default: []].append(value) } }
        for values in turns.values {
            let ordered = values.sorted { (occupants[$0]!.start, $0) < (occupants[$1]!.start, $1) }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) {
                let end = occupants[earlier]!.end, start = occupants[later]!.start
                if end < start { continue }
                let instruction = program.instructions[start]
                let handedOver =
                    end == start
                    && instruction.operands.contains { operand in
                        holder[operand] == earlier
                            && instruction.operation.mayWriteInPlace(types[later]!, over: types[operand]!)
                    }
                if !handedOver { throw .overlap(earlier, later) }
            }
        }
    }

    /// No two values in different buffers that live at the same time have bytes in common.
    private func checkDisjoint(_ occupants: [Value: LiveRange]) throws(MemoryPlanError) {
        let placed = occupants.compactMap { value, range -> (value: Value, range: LiveRange, bytes: Range<Int>, buffer: Int)? in
            guard case .buffer(let index) = locations[value], buffers[index].bytes > 0 else { return nil }
            let offset = buffers[index].offset
            return (value, range, offset..<(offset + buffers[index].bytes), index)
        }.sorted { ($0.range.start, $0.value) < ($1.range.start, $1.value) }
        var active: [(value: Value, range: LiveRange, bytes: Range<Int>, buffer: Int)] = []
        for next in placed {
            active.removeAll { $0.range.end < next.range.start }
            if let clash = active.first(where: { $0.buffer != next.buffer && $0.bytes.overlaps(next.bytes) }) {
                throw .overlap(clash.value, next.value)
            }
            active.append(next)
        }
    }
}
