import DeZeroArray
import Testing

@testable import DeZeroCompiler

/// Memory plans of random programs (random DAGs of elementwise, fused, matmul, reduction and view
/// instructions over arguments, a state load and a constant): every plan verifies, its arena is
/// no smaller than its live peak and ends at its highest buffer, running from the arena gives the
/// interpreter's results, and moving a buffer onto one live at the same time fails to verify.
@Suite struct MemoryPlanPropertyTests {
    /// Builds one random program from a seeded generator.
    struct RandomProgram {
        var generator: MT19937
        var builder = ProgramBuilder("random", arguments: [])
        var pool: [Value] = []
        var kernels = 0

        mutating func below(_ n: Int) -> Int { Int(generator.nextInterval(UInt64(n - 1))) }
        mutating func pick(_ values: [Value]) -> Value? { values.isEmpty ? nil : values[below(values.count)] }
        func type(_ v: Value) -> TensorType { builder.types[v]! }
        func floats() -> [Value] { pool.filter { type($0).dtype.isFloatingPoint } }

        init(seed: UInt32) throws {
            generator = MT19937(seed: seed)
            let types = [TensorType(.float32, [2, 3]), TensorType(.float32, [3, 3]), TensorType(.float64, [6]), TensorType(.float32, [3, 2])]
            builder = ProgramBuilder("random", arguments: (0...below(3)).map { _ in types[below(types.count)] })
            pool = builder.arguments
            builder.bind("s", .state, TensorType(.float32, [3, 3]))
            pool.append(builder.load("s"))
            pool.append(builder.constant(NDArray([Float](repeating: 0.5, count: 9), shape: [3, 3])))
            for _ in 0..<(4 + below(27)) { try step() }
        }

        /// Appends one random instruction, when the one drawn applies to the operands drawn.
        mutating func step() throws {
            guard let a = pick(pool) else { return }
            let shape = type(a).shape, count = type(a).count
            let sameShape = pool.filter { type($0).shape == shape }
            var op: ArrayOp?
            var operands = [a]
            switch below(13) {
            case 0: op = .unary([.exp, .sin, .tanh][below(3)])
            case 1: op = [.negative, .sigmoid, .abs][below(3)]
            case 2, 3: op = .binary([.add, .multiply, .maximum][below(3)]); operands.append(pick(sameShape)!)
            case 4: op = .compare(.less); operands.append(pick(sameShape)!)
            case 5:
                guard let condition = pick(sameShape.filter { type($0).dtype == .bool }) else { return }
                op = .select; operands = [condition, a, pick(sameShape)!]
            case 6: op = .cast([.float32, .float64, .int64, .bool][below(4)])
            case 7:
                guard shape.count == 2, type(a).dtype.isFloatingPoint,
                    let b = pick(floats().filter { type($0).shape.count == 2 && type($0).shape[0] == shape[1] })
                else { return }
                op = .matmul; operands.append(b)
            case 8: op = .reshape([[count], [1, count], [count, 1]][below(3)])
            case 9: op = .expandDims(0)
            case 10:
                guard let axis = shape.firstIndex(of: 1) else { return }
                op = .squeeze([axis])
            case 11: op = .reduce(.sum, axes: below(2) == 0 ? nil : [0], keepdims: below(2) == 0)
            default:
                guard type(a).dtype.isFloatingPoint, let b = pick(sameShape.filter { type($0).dtype.isFloatingPoint }) else { return }
                try fuse(a, b)
                return
            }
            guard let op, let result = try? op.resultType(operands: operands.map(type)) else { return }
            pool.append(builder.define(.array(op), operands, result, Provenance()))
        }

        /// `t = a + b; u = tanh(t); w = t * a`, returning u and w or one of them.
        mutating func fuse(_ a: Value, _ b: Value) throws {
            let add = try ArrayOp.binary(.add).resultType(operands: [type(a), type(b)])
            let times = try ArrayOp.binary(.multiply).resultType(operands: [add, type(a)])
            let (t, u, w) = (builder.fresh(), builder.fresh(), builder.fresh())
            let body = [
                Instruction(result: t, operation: .array(.binary(.add)), operands: [a, b], type: add),
                Instruction(result: u, operation: .array(.unary(.tanh)), operands: [t], type: add),
                Instruction(result: w, operation: .array(.binary(.multiply)), operands: [t, a], type: times),
            ]
            let outputs = [[u, w], [u], [w]][below(3)]
            let kernel = FusedKernel(name: "k\(kernels)", body: body, outputs: outputs)
            kernels += 1
            let types = outputs.map { $0 == u ? add : times }
            builder.program.instructions.append(Instruction(results: outputs, operation: .fused(kernel), operands: kernel.inputs, types: types))
            for (v, t) in zip(outputs, types) { builder.types[v] = t }
            pool += outputs
        }

        /// The program: the last value and a random one as results, and a store of a value of the
        /// state's type, if one was made.
        mutating func finish() -> Program {
            if let stored = pick(pool.filter { type($0) == TensorType(.float32, [3, 3]) }) { builder.store("s", stored) }
            builder.program.results = Array(Set([pool.last!, pick(pool)!])).sorted()
            return builder.program
        }
    }

    @Test(arguments: 0..<200)
    func aRandomProgramsPlanHolds(_ seed: UInt32) throws {
        var random = try RandomProgram(seed: seed)
        let program = random.finish()
        try Verifier.verify(program)
        let plan = MemoryPlan(program)
        try plan.verify(program)
        #expect(plan.arenaBytes >= plan.liveBytesPeak)
        #expect(plan.arenaBytes == plan.buffers.map { $0.offset + $0.bytes }.max() ?? 0)
        #expect(plan.liveBytesPeak <= plan.releasedBytesPeak && plan.releasedBytesPeak <= plan.unplannedBytes)

        let state = RandomState(seed: Int(seed))
        let arguments = program.arguments.map { state.randn(shape: $0.type.shape).astype($0.type.dtype) }
        let bindings = [state.randn(shape: [3, 3]).astype(.float32)]
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: bindings)
        let (results, stores) = ArenaRun(program: program, plan: plan).run(arguments: arguments, bindings: bindings)
        #expect(zip(results, expected.results).allSatisfy { sameBytes($0, $1) }, "seed \(seed)\n\(program.text())")
        #expect(zip(stores, expected.stores).allSatisfy { sameBytes($0, $1.array) }, "seed \(seed)")

        // Moving a buffer onto another that is live at the same time breaks the plan.
        let pairs = plan.buffers.indices.flatMap { i in plan.buffers.indices.map { (i, $0) } }.filter { i, j in
            i < j && plan.buffers[i].bytes > 0 && plan.buffers[j].bytes > 0 && plan.buffers[i].range.overlaps(plan.buffers[j].range)
        }
        if let (i, j) = pairs.first {
            var broken = plan
            broken.buffers[j].offset = plan.buffers[i].offset
            broken.arenaBytes = max(plan.arenaBytes, plan.buffers[i].offset + plan.buffers[j].bytes)
            #expect(throws: MemoryPlanError.self) { try broken.verify(program) }
        }
    }
}
