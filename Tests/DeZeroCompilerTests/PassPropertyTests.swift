import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

/// Random programs for the passes: DAGs of elementwise, broadcasting, shape and reduction
/// primitives over f32 and f64 values whose shapes broadcast together ([], [3], [1,3], [2,1],
/// [2,3]), with the constants the passes look for (ones, `-0.0`, `+0.0`, `full`), repeated
/// instructions, shape round trips, unused values, loads, a store and random draws.
struct RandomProgram {
    var g: SplitMix64
    var b: ProgramBuilder
    /// The values a new instruction may read (no transient shapes).
    var pool: [Value] = []
    /// Whether a value is a constant (0-d constants may sit beside f32 arrays: NumPy's
    /// value-based promotion is decided by their value, which is known).
    var constants: Set<Value> = []

    static let shapes: [[Int]] = [[], [3], [1, 3], [2, 1], [2, 3]]

    init(seed: UInt64) {
        g = SplitMix64(state: seed)
        var g2 = SplitMix64(state: seed ^ 0x5EED)
        let count = Int.random(in: 1...3, using: &g2)
        let arguments = (0..<count).map { _ in
            TensorType([DType.float32, .float64].randomElement(using: &g2)!, Self.shapes.randomElement(using: &g2)!)
        }
        b = ProgramBuilder("random_\(seed)", arguments: arguments)
        pool = b.arguments
    }

    func type(_ v: Value) -> TensorType { b.types[v]! }

    mutating func pick() -> Value { pool.randomElement(using: &g)! }

    mutating func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &g) == 0 }

    /// Adds a value to the pool.
    mutating func add(_ v: Value) {
        if Self.shapes.contains(type(v).shape) { pool.append(v) }
    }

    /// Two values that may meet in a binary primitive with the type shape inference gives (no
    /// non-constant 0-d f64 beside an f32 array, whose promotion depends on its value).
    mutating func pair() -> (Value, Value) {
        while true {
            let (a, c) = (pick(), pick())
            let (ta, tc) = (type(a), type(c))
            let mixed = ta.dtype != tc.dtype && (ta.shape.isEmpty != tc.shape.isEmpty)
            let scalar = ta.shape.isEmpty ? a : c
            if !mixed || constants.contains(scalar) { return chance(2) ? (a, c) : (c, a) }
        }
    }

    mutating func constant() -> Value {
        let dtype = [DType.float32, .float64].randomElement(using: &g)!
        let value = [1.0, -0.0, 0.0, 2.5, -1.0].randomElement(using: &g)!
        let v: Value
        switch Int.random(in: 0..<3, using: &g) {
        case 0: v = b.constant(NDArray(scalar: value).astype(dtype))
        case 1:
            v = try! b.emit(.full(shape: Self.shapes.randomElement(using: &g)!, value: value, dtype: dtype))
        default: v = b.constant(NDArray([value, value, value]).astype(dtype))
        }
        constants.insert(v)
        return v
    }

    mutating func step() throws {
        let x = pick()
        let t = type(x)
        switch Int.random(in: 0..<15, using: &g) {
        case 0:
            let f = [ArrayOp.unary(.exp), .unary(.tanh), .unary(.sin), .negative, .abs, .sigmoid].randomElement(using: &g)!
            add(try b.emit(f, x))
        case 1, 2, 3:
            let (a, c) = pair()
            let op = [BinaryOperation.add, .subtract, .multiply, .divide, .maximum, .minimum].randomElement(using: &g)!
            add(try b.emit(.binary(op), a, c))
        case 4:
            add(constant())
        case 5:
            add(try b.emit(.broadcast([2, 3]), x))
        case 6:
            // A shape round trip, or a reshape to the same shape.
            switch t.shape {
            case [2, 3]: add(try b.emit(.reshape([2, 3]), try b.emit(.reshape([6]), x)))
            case [3]: add(try b.emit(.squeeze([0]), try b.emit(.expandDims(0), x)))
            case [1, 3]: add(try b.emit(.expandDims(0), try b.emit(.reshape([3]), x)))
            default: add(try b.emit(.reshape(t.shape), x))
            }
        case 7:
            if t.shape == [2, 3] {
                add(try b.emit(.transpose([1, 0]), try b.emit(.transpose([1, 0]), x)))
            } else {
                add(try b.emit(.transpose(Array(0..<t.shape.count)), x))
            }
        case 8:
            let kind = [ReductionKind.sum, .max, .min].randomElement(using: &g)!
            let rank = t.shape.count
            let axes: [Int]? = rank == 0 || chance(4) ? nil : [Int.random(in: 0..<rank, using: &g)]
            let keepdims = rank > 0 && !chance(3)
            add(try b.emit(.reduce(kind, axes: axes, keepdims: keepdims), x))
        case 9:
            add(try b.emit(.cast(chance(2) ? t.dtype : (t.dtype == .float32 ? .float64 : .float32)), x))
        case 10:
            // The same instruction again.
            let earlier = b.program.instructions.filter {
                if case .array(let op) = $0.operation, case .random = op { return false }
                if case .array = $0.operation { return true }
                return false
            }
            if let i = earlier.randomElement(using: &g), case .array(let op) = i.operation {
                add(try b.emit(op, i.operands))
            }
        case 11:
            let v = try b.emit(.random(.rand(shape: [3])))
            if chance(2) { add(v) }
        case 12:
            add(b.load("W"))
        case 13:
            // What the identities look for: an argument (or load) beside a constant.
            let a = chance(2) ? b.arguments.randomElement(using: &g)! : x
            let c = constant()
            let op = [BinaryOperation.add, .subtract, .multiply, .divide].randomElement(using: &g)!
            let (l, r) = type(a).shape.isEmpty && type(a).dtype != type(c).dtype ? (a, a) : (chance(3) ? (c, a) : (a, c))
            add(try b.emit(.binary(op), l, r))
        default:
            let (a, c) = pair()
            add(try b.emit(.binary(.multiply), a, c))
        }
    }

    /// A random program of about `size` steps.
    static func make(seed: UInt64, size: Int) throws -> Program {
        var r = RandomProgram(seed: seed)
        r.b.bind("W", .state, TensorType(.float32, [2, 3]))
        r.pool.append(r.b.load("W"))
        for _ in 0..<size { try r.step() }
        var results = (0..<Int.random(in: 1...3, using: &r.g)).map { _ in r.pick() }
        results.append(r.pool.last!)
        if let stored = r.pool.last(where: { r.type($0) == TensorType(.float32, [2, 3]) }) { r.b.store("W", stored) }
        // A draw at the end shows whether every draw before it stayed.
        results.append(try r.b.emit(.random(.rand(shape: [2]))))
        r.b.program.results = results
        return r.b.program
    }
}

extension GlobalRandomTests {
/// Random programs give the same bits optimized and unoptimized, through the interpreter.
@Suite struct PassPropertyTests {
    static let configurations: [(String, PassManager)] = [("standard", PassManager(verifyEachPass: true))]
        + PassManager.standard.map { pass in ("only \(pass.name)", PassManager(pipeline: [pass], verifyEachPass: true)) }

    @Test(arguments: 0..<5)
    func randomProgramsGiveTheSameBitsOptimized(_ batch: Int) throws {
        var shrunk = 0, total = 0
        for k in 0..<40 {
            let seed = UInt64(batch * 40 + k)
            let program = try RandomProgram.make(seed: seed, size: 10 + Int(seed % 30))
            try Verifier.verify(program)
            for (name, manager) in Self.configurations {
                let (optimized, _) = try manager.run(program)
                for inputSeed in 0..<4 {
                    let same = try PassCheck.sameBits(program, optimized, seed: seed &* 31 &+ UInt64(inputSeed))
                    #expect(same, "seed \(seed), \(name):\n\(program)\nbecame\n\(optimized)")
                    if !same { return }
                }
                if name == "standard" {
                    total += 1
                    if optimized.instructions.count < program.instructions.count { shrunk += 1 }
                }
            }
        }
        // The generator gives the passes work to do.
        #expect(shrunk * 2 >= total, "\(shrunk) of \(total) programs shrank")
    }
}
}
