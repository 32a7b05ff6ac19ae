import DeZeroArray

/// Elementwise fusion ("fusion"): groups elementwise instructions of one shape into `fused`
/// kernels, so that a chain like `tanh(x * w + b)` or an optimizer's update reads and writes
/// memory once instead of once per primitive.
///
/// Greedy, in program order (MLX and tinygrad do the same): an instruction that
/// ``Elementwise/isFusable(_:operands:result:)`` joins the group of one of its operands when
/// the group has its shape (the kernel's iteration space; other operands are read with
/// broadcasting), the kernel keeps at most ``maximumInputs`` inputs, and joining makes no
/// cycle (no operand of the instruction outside the group depends on the group); the groups of
/// its other operands of that shape then merge into it under the same two conditions. Groups of
/// two or more become kernels; values used after a group are its outputs. The instructions
/// are then put in an order that respects every dependence, keeping the original order as far
/// as possible and random draws in their order.
public struct Fusion: Pass {
    /// "fusion".
    public var name: String { "fusion" }
    /// The most inputs one kernel reads (MLX's limit).
    public var maximumInputs: Int

    /// Fusion with at most `maximumInputs` inputs per kernel.
    public init(maximumInputs: Int = 24) {
        self.maximumInputs = maximumInputs
    }

    public func run(_ program: Program) throws -> Program {
        let instructions = program.instructions
        var types: [Value: TensorType] = [:]
        for (value, type) in program.arguments { types[value] = type }
        for i in instructions { for (r, t) in zip(i.results, i.types) { types[r] = t } }

        // 1. Groups: group[k] is the group of instruction k (nil when alone).
        var group = [Int?](repeating: nil, count: instructions.count)
        var members: [[Int]] = []
        var groupShape: [[Int]] = []
        var groupInputs: [Set<Value>] = []
        var producer: [Value: Int] = [:]
        /// Whether group `g` defines `v`.
        func defines(_ g: Int, _ v: Value) -> Bool { producer[v].map { group[$0] == g } ?? false }
        /// Whether the value `v`, made outside group `g`, depends on `g` (through any path,
        /// a group counting as one node since it runs as one kernel).
        func reaches(_ v: Value, _ g: Int) -> Bool {
            var seen = Set<Int>(), stack = [producer[v]].compactMap { $0 }
            while let k = stack.popLast() {
                guard seen.insert(k).inserted else { continue }
                if group[k] == g { return true }
                stack += instructions[k].operands.compactMap { producer[$0] }
                if let h = group[k] { stack += members[h] }
            }
            return false
        }
        for (k, instruction) in instructions.enumerated() {
            if case .array(let op) = instruction.operation, let type = instruction.type,
                Elementwise.isFusable(op, operands: instruction.operands.map { types[$0]! }, result: type)
            {
                let candidates = instruction.operands.compactMap { producer[$0].flatMap { group[$0] ?? nil } }
                let chosen = candidates.first { g in
                    groupShape[g] == type.shape
                        && instruction.operands.allSatisfy { defines(g, $0) || !reaches($0, g) }
                        && groupInputs[g].union(instruction.operands.filter { !defines(g, $0) }).count <= maximumInputs
                }
                let g: Int
                if let chosen {
                    g = chosen
                    members[g].append(k)
                } else {
                    g = members.count
                    members.append([k])
                    groupShape.append(type.shape)
                    groupInputs.append([])
                }
                group[k] = g
                groupInputs[g].formUnion(instruction.operands.filter { !defines(g, $0) })
                // The operands' other groups of this shape join too (a kernel of `x / 3` and one
                // of `sin(x)` both feeding this instruction become one), when that makes no cycle.
                for h in Set(candidates) where h != g && groupShape[h] == type.shape {
                    let outside = { (a: Int, b: Int) in
                        members[a].flatMap { instructions[$0].operands }.filter { !defines(a, $0) && !defines(b, $0) }
                    }
                    let inputs = groupInputs[g].union(groupInputs[h]).filter { !defines(g, $0) && !defines(h, $0) }
                    guard inputs.count <= maximumInputs, outside(h, g).allSatisfy({ !reaches($0, g) }),
                        outside(g, h).allSatisfy({ !reaches($0, h) })
                    else { continue }
                    for m in members[h] { group[m] = g }
                    members[g] += members[h]
                    members[h] = []
                    groupInputs[g] = inputs
                    groupInputs[h] = []
                }
            }
            for r in instruction.results { producer[r] = k }
        }
        for list in members where list.count == 1 { group[list[0]] = nil }

        // 2. Units: a kernel or a single instruction, with the units it depends on.
        var unitOf = [Int](repeating: -1, count: instructions.count)
        var units: [[Int]] = []
        var unitOfGroup: [Int: Int] = [:]
        for k in instructions.indices {
            if let g = group[k] {
                if let u = unitOfGroup[g] {
                    unitOf[k] = u
                    units[u].append(k)
                    continue
                }
                unitOfGroup[g] = units.count
            }
            unitOf[k] = units.count
            units.append([k])
        }
        let used = usesOutside(instructions, units: units, unitOf: unitOf, programResults: program.results)
        let order = Fusion.schedule(instructions, units: units, unitOf: unitOf, producer: producer)

        // 3. The program in that order, each group as one fused instruction.
        var body: [Instruction] = []
        var kernelCount = 0
        for u in order {
            let list = units[u]
            guard list.count > 1 else {
                body.append(instructions[list[0]])
                continue
            }
            let kernelBody = list.map { instructions[$0] }
            let outputs = kernelBody.flatMap(\.results).filter { used.contains($0) }
            if outputs.isEmpty { continue }  // nothing reads it: dead code
            let kernel = FusedKernel(name: "k\(kernelCount)", body: kernelBody, outputs: outputs)
            kernelCount += 1
            body.append(
                Instruction(
                    results: outputs, operation: .fused(kernel), operands: kernel.inputs, types: outputs.map { types[$0]! }))
        }
        var result = program
        result.instructions = body
        return result
    }

    /// The values of kernels read outside their own kernel: by another unit or returned.
    private func usesOutside(_ instructions: [Instruction], units: [[Int]], unitOf: [Int], programResults: [Value]) -> Set<Value> {
        var defining: [Value: Int] = [:]
        for (k, i) in instructions.enumerated() { for r in i.results { defining[r] = unitOf[k] } }
        var used = Set(programResults)
        for (k, i) in instructions.enumerated() {
            for v in i.operands where defining[v].map({ $0 != unitOf[k] }) ?? false { used.insert(v) }
        }
        return used
    }

    /// A topological order of the units: among the units ready to run, the one whose first
    /// instruction came first; random draws stay in their order.
    static func schedule(_ instructions: [Instruction], units: [[Int]], unitOf: [Int], producer: [Value: Int]) -> [Int] {
        var successors = [[Int]](repeating: [], count: units.count)
        var pending = [Int](repeating: 0, count: units.count)
        func edge(_ from: Int, _ to: Int) {
            guard from != to else { return }
            successors[from].append(to)
            pending[to] += 1
        }
        var lastRandom: Int?
        for (k, i) in instructions.enumerated() {
            for v in i.operands { if let p = producer[v] { edge(unitOf[p], unitOf[k]) } }
            if case .array(.random) = i.operation {
                if let last = lastRandom { edge(last, unitOf[k]) }
                lastRandom = unitOf[k]
            }
        }
        var ready = Set(units.indices.filter { pending[$0] == 0 })
        var order: [Int] = []
        order.reserveCapacity(units.count)
        while let next = ready.min() {  // units are numbered by their first instruction
            ready.remove(next)
            order.append(next)
            for s in successors[next] {
                pending[s] -= 1
                if pending[s] == 0 { ready.insert(s) }
            }
        }
        return order
    }
}
