import DeZeroArray
import Testing

@testable import DeZeroCompiler

/// Programs built by hand that together use every primitive, every kind of instruction and
/// binding, and constants of every dtype.
enum SamplePrograms {
    /// A training step: load, matmul, losses, a backward-like scatter, an update and stores.
    static func step() throws -> Program {
        var b = ProgramBuilder("step", arguments: [TensorType(.float32, [30, 2]), TensorType(.int64, [30])])
        let (x, t) = (b.arguments[0], b.arguments[1])
        b.bind("l0.W", .state, TensorType(.float32, [2, 10]))
        b.bind("l0.b", .state, TensorType(.float32, [10]))
        b.bind("SGD.lr", .scalar, TensorType(.float64, []))
        b.bind("Adam.t += 1", .effect)
        b.bind("Adam.m[l0.W]", .state, TensorType(.float32, [2, 10]))
        let forward = Provenance(function: "MatMul", phase: .forward, layer: "l0")
        let w = b.load("l0.W"), bias = b.load("l0.b"), lr = b.load("SGD.lr")
        let h = try b.emit(.matmul, x, w, provenance: forward)
        let y = try b.emit(.binary(.add), h, bias, provenance: Provenance(function: "Add", phase: .forward, layer: "l0"))
        let p = try b.emit(.softmax(axis: 1), y, provenance: Provenance(function: "SoftmaxCrossEntropy", phase: .forward))
        let lse = try b.emit(.logsumexp(axis: 1, keepdims: true), y)
        let r = try b.emit(.unary(.log), p)
        let picked = try b.emit(.getItem([.array, .array]), r, try b.emit(.cast(.int64), try b.emit(.full(shape: [30], value: 0, dtype: .int64))), t)
        let loss = try b.emit(.reduce(.sum, axes: nil, keepdims: false), picked, provenance: Provenance(layer: "l0"))
        let g = try b.emit(.addAt([.array, .array]), try b.emit(.full(shape: [30, 10], value: 0, dtype: .float32)), picked, b.constant(NDArray((0..<30).map { Int64($0) })), t)
        let gw = try b.emit(.matmul, try b.emit(.transpose([1, 0]), x), g, provenance: Provenance(function: "MatMul", phase: .backward, layer: "l0"))
        let step = try b.emit(.binary(.multiply), gw, lr, provenance: Provenance(function: "SGD", phase: .update))
        let newW = try b.emit(.binary(.subtract), w, step, provenance: Provenance(function: "SGD", phase: .update))
        b.store("l0.W", newW, provenance: Provenance(function: "SGD", phase: .update))
        b.store("Adam.m[l0.W]", gw)
        return b.finish(loss, lse)
    }

    /// Every other primitive, on small arrays.
    static func everyOp() throws -> Program {
        var b = ProgramBuilder("every_op", arguments: [TensorType(.float32, [2, 3]), TensorType(.float64, [2, 3, 5, 5])])
        let (x, img) = (b.arguments[0], b.arguments[1])
        for f in [UnaryOperation.exp, .log, .sin, .cos, .tan, .tanh, .sqrt] { try b.emit(.unary(f), x) }
        for op in [ArrayOp.negative, .abs, .sign, .sigmoid] { try b.emit(op, x) }
        let s = b.constant(NDArray(scalar: 2.5))
        for op in [BinaryOperation.add, .subtract, .multiply, .divide, .power, .maximum, .minimum] { try b.emit(.binary(op), x, s) }
        var mask = x
        for c in [Comparison.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual] { mask = try b.emit(.compare(c), x, s) }
        try b.emit(.select, mask, x, s)
        let r = try b.emit(.reshape([3, 2]), x)
        try b.emit(.transpose([1, 0]), r)
        try b.emit(.broadcast([4, 2, 3]), x)
        let e = try b.emit(.expandDims(-1), x)
        try b.emit(.squeeze([2]), e)
        try b.emit(.reduce(.max, axes: [0, -1], keepdims: true), x)
        try b.emit(.reduce(.min, axes: [1], keepdims: false), x)
        try b.emit(.argReduce(greater: true, axis: nil, keepdims: false), x)
        try b.emit(.argReduce(greater: false, axis: 1, keepdims: true), x)
        try b.emit(.getItem([.integer(-1), .slice(NDSlice(start: nil, stop: nil, step: -1))]), x)
        try b.emit(.getItem([.ellipsis, .newAxis, .slice(NDSlice(start: 1, stop: 3, step: 1))]), x)
        let i = b.constant(NDArray([Int64(1), 0, -1]))
        try b.emit(.getItem([.slice(NDSlice(start: -2)), .array]), x, i)
        try b.emit(.setItem([.integer(0), .slice(NDSlice(stop: 2))]), x, s)
        try b.emit(.concatenate(axis: 0), x, x)
        try b.emit(.pad([.init(1, 2), .init(0, 0)], constant: -0.5), x)
        let cols = try b.emit(.im2col(kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true), img)
        try b.emit(.col2im(imageShape: [2, 3, 5, 5], kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true), cols)
        try b.emit(.im2col(kernel: .init(2, 3), stride: .init(2, 1), pad: .init(0, 1), toMatrix: false), img)
        try b.emit(.full(shape: [2], value: .infinity, dtype: .float64))
        try b.emit(.random(.rand(shape: [2, 3])))
        try b.emit(.random(.randn(shape: [])))
        try b.emit(.random(.uniform(low: -1, high: 1e-5, shape: [4])))
        try b.emit(.random(.normal(loc: 0, scale: 0.01, shape: [2, 2])))
        try b.emit(.random(.randint(low: -3, high: 10, shape: [3])))
        let perm = try b.emit(.random(.permutation(5)))
        return b.finish(perm, x)
    }

    /// Constants of every dtype, with the awkward values: NaN, infinities, -0, subnormals,
    /// the extremes of int64, empty arrays.
    static func constants() throws -> Program {
        var b = ProgramBuilder("constants", arguments: [])
        let f32 = b.constant(NDArray([Float(1.5), -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1], shape: [2, 4]))
        let f64 = b.constant(NDArray([0.1, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 1e300, 1.0 / 3.0]))
        let i64 = b.constant(NDArray([Int64.min, -1, 0, Int64.max], shape: [2, 2]))
        let bools = b.constant(NDArray([true, false, true]))
        let s32 = b.constant(NDArray(scalar: Float(3.25)))
        let s64 = b.constant(NDArray(scalar: Double.nan))
        let si = b.constant(NDArray(scalar: Int64(-7)))
        let sb = b.constant(NDArray(scalar: false))
        let empty = b.constant(NDArray([Float](), shape: [0, 3]))
        let one = b.constant(NDArray([2.0], shape: [1]))
        return b.finish(f32, f64, i64, bools, s32, s64, si, sb, empty, one)
    }

    static var all: [Program] { get throws { [try step(), try everyOp(), try constants()] } }
}

@Suite struct ParserTests {
    @Test func printParsePrintIsIdentical() throws {
        for program in try SamplePrograms.all {
            let text = program.text()
            let parsed = try ProgramParser.parse(text)
            #expect(parsed.text() == text)
            #expect(parsed.text(provenance: false) == program.text(provenance: false))
        }
    }

    @Test func parsedProgramsEqualTheOriginals() throws {
        for program in [try SamplePrograms.step(), try SamplePrograms.everyOp()] {
            #expect(try ProgramParser.parse(program.text()) == program)
        }
        // NaN is not equal to itself: compare the constants' bits.
        let constants = try SamplePrograms.constants()
        let parsed = try ProgramParser.parse(constants.text())
        #expect(parsed.instructions == constants.instructions)
        for (p, c) in zip(parsed.constants, constants.constants) {
            #expect(TensorType(of: p) == TensorType(of: c))
            switch c.dtype {
            case .float32: #expect(p.scalars(as: Float.self).map(\.bitPattern) == c.scalars(as: Float.self).map(\.bitPattern))
            case .float64: #expect(p.scalars(as: Double.self).map(\.bitPattern) == c.scalars(as: Double.self).map(\.bitPattern))
            case .int64: #expect(p.scalars(as: Int64.self) == c.scalars(as: Int64.self))
            case .bool: #expect(p.scalars(as: Bool.self) == c.scalars(as: Bool.self))
            }
        }
    }

    @Test func samplesVerify() throws {
        for program in try SamplePrograms.all {
            try Verifier.verify(program)
            let (parsed, lines) = try ProgramParser.parseWithLines(program.text())
            try Verifier.verify(parsed, lines: lines)
        }
    }

    @Test func provenanceReadsBack() {
        let cases = [
            Provenance(function: "MatMul", phase: .forward, layer: "l0"), Provenance(function: "SGD", phase: .update),
            Provenance(function: "MatMul", phase: .backward), Provenance(layer: "l0"), Provenance(layer: "layers/1/conv"),
            Provenance(function: "Linear", phase: .layer, layer: "l1"), Provenance(function: "Custom op"), Provenance(),
        ]
        for p in cases { #expect(Provenance(parsing: p.description) == p) }
    }

    @Test func handWrittenTextWithCommentsAndBlankLines() throws {
        let text = """
            # a hand-written program
            func @f(%7: f32[3], %2: f32[3]) -> (f32[3]) {

              state @w : f32[3]
              effect @Adam.t += 1
              %9 = load @w : f32[3]   # layer l0
              %1 = add %7, %2 : f32[3]
              # a full-line comment
              %0 = multiply %1, %9 : f32[3]  #
              store @w, %0
              return %0
            }
            # trailing comment

            """
        let (program, lines) = try ProgramParser.parseWithLines(text)
        try Verifier.verify(program, lines: lines)
        #expect(program.arguments.map(\.value) == [Value(7), Value(2)])
        #expect(program.bindings.map(\.name) == ["w", "Adam.t += 1"])
        #expect(program.instructions.map(\.result) == [Value(9), Value(1), Value(0), nil])
        #expect(program.instructions[0].provenance == Provenance(layer: "l0"))
        #expect(program.instructions[2].provenance == Provenance())
        #expect(lines.instructions.map(\.line) == [6, 7, 9, 10])
        #expect(lines.instructions[1].operandColumns == [12, 16])
        #expect(lines.returnLine == 11)
    }

    @Test func windowsLineEndingsAndNoResults() throws {
        let program = try ProgramParser.parse("func @g() -> () {\r\n  return\r\n}\r\n")
        #expect(program.name == "g" && program.results.isEmpty && program.instructions.isEmpty)
    }
}
