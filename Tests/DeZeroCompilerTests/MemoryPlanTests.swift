import DeZeroArray
import Testing

@testable import DeZeroCompiler

/// Liveness, views, in-place reuse and the heap simulator on small hand-written programs, with
/// the offsets worked out by hand.
@Suite struct MemoryPlanTests {
    static let chain = """
        func @chain(%0: f32[4,4]) -> (f32[]) {
          %1 = exp %0 : f32[4,4]
          %2 = negative %1 : f32[4,4]
          %3 = matmul %2, %2 : f32[4,4]
          %4 = reshape %3 {shape=[16]} : f32[16]
          %5 = sum %4 {axes=none, keepdims=false} : f32[]
          return %5
        }
        """

    static let alias = """
        func @alias(%0: f32[2,3]) -> (f32[2,3], f32[6]) {
          %1 = exp %0 : f32[2,3]
          %2 = reshape %1 {shape=[6]} : f32[6]
          %3 = negative %1 : f32[2,3]
          %4 = exp %2 : f32[6]
          return %3, %4
        }
        """

    static let twoOutputs = """
        func @two_outputs(%0: f32[2,3], %1: f32[2,3]) -> (f32[2,3], f32[2,3]) {
          %2 = exp %0 : f32[2,3]
          %3 = exp %1 : f32[2,3]
          %5, %6 = fused @k0 %2, %3 : f32[2,3], f32[2,3] {
            %4 = add %2, %3 : f32[2,3]
            %5 = tanh %4 : f32[2,3]
            %6 = multiply %4, %3 : f32[2,3]
          }
          return %5, %6
        }
        """

    static func plan(_ text: String) throws -> (Program, MemoryPlan) {
        let program = try ProgramParser.parse(text)
        try Verifier.verify(program)
        let plan = MemoryPlan(program)
        try plan.verify(program)
        return (program, plan)
    }

    @Test func livenessOfAChain() throws {
        let liveness = Liveness(try ProgramParser.parse(Self.chain))
        let ranges = (0...5).map { liveness.range(of: Value($0))! }
        #expect(ranges.map(\.start) == [-1, 0, 1, 2, 3, 4])
        #expect(ranges.map(\.end) == [0, 1, 2, 3, 4, 5])  // the result lives to the end (5 instructions)
        #expect(liveness.external == [Value(0)])
    }

    @Test func aChainInPlaceAndAView() throws {
        let (_, plan) = try Self.plan(Self.chain)
        #expect(plan.inPlace == [Value(2): Value(1)])  // negative writes over exp; matmul does not
        #expect(plan.buffers.map(\.values) == [[Value(1), Value(2)], [Value(3)], [Value(5)]])
        #expect(plan.buffers.map(\.bytes) == [64, 64, 4])
        #expect(plan.buffers.map(\.range) == [LiveRange(start: 0, end: 2), LiveRange(start: 2, end: 4), LiveRange(start: 4, end: 5)])
        // 64 (0..2) at 0; 64 (2..4) meets it at 2: above, at 64; 4 (4..5) meets only the second: the gap below it.
        #expect(plan.buffers.map(\.offset) == [0, 64, 0])
        #expect(plan.location(of: Value(0)) == .external)
        #expect(plan.location(of: Value(4)) == .view(of: Value(3), buffer: 1))
        #expect(plan.offset(of: Value(4)) == 64 && plan.offset(of: Value(0)) == nil)
        #expect(plan.arenaBytes == 128 && plan.liveBytesPeak == 128 && plan.releasedBytesPeak == 128)
        #expect(plan.unplannedBytes == 64 * 3 + 4)
        #expect(plan.summary == [
            "memory buffers: 3 for 5 arena values (1 views, 1 in place)",
            "memory arena: 128 bytes (the plan)",
            "memory live peak: 128 bytes (a lower bound of the arena)",
            "memory freed at last use: 128 bytes (no arena, no in-place reuse)",
            "memory unplanned: 196 bytes (every value allocated, none released)",
        ])
    }

    @Test func aViewKeepsItsRootLiveAndAViewThatDiesIsWrittenOver() throws {
        let (_, plan) = try Self.plan(Self.alias)
        // %3 reads %1, whose view %2 is read later: no reuse; %4 reads the view as it dies: reuse.
        #expect(plan.inPlace == [Value(4): Value(2)])
        #expect(plan.buffers.map(\.values) == [[Value(1), Value(4)], [Value(3)]])
        #expect(plan.buffers.map(\.range) == [LiveRange(start: 0, end: 4), LiveRange(start: 2, end: 4)])
        #expect(plan.buffers.map(\.offset) == [0, 64])
        #expect(plan.arenaBytes == 88 && plan.liveBytesPeak == 48 && plan.unplannedBytes == 72)
    }

    @Test func eachOutputOfAFusedKernelTakesADifferentDyingInput() throws {
        let (_, plan) = try Self.plan(Self.twoOutputs)
        #expect(plan.inPlace == [Value(5): Value(2), Value(6): Value(3)])
        #expect(plan.buffers.map(\.values) == [[Value(2), Value(5)], [Value(3), Value(6)]])
        #expect(plan.arenaBytes == 88 && plan.releasedBytesPeak == 96)
    }

    @Test(arguments: [
        // a result is not written over
        ("%1 = exp %0 : f32[4]\n  %2 = negative %1 : f32[4]\n  return %1, %2", "(f32[4], f32[4])", [Int: Int]()),
        // an operand read later is not; both operands die at the add: the first is taken
        ("%1 = exp %0 : f32[4]\n  %2 = negative %1 : f32[4]\n  %3 = add %1, %2 : f32[4]\n  return %3", "(f32[4])", [3: 1]),
        // an argument is not
        ("%1 = negative %0 : f32[4]\n  return %1", "(f32[4])", [:]),
        // a stored value lives to the end
        ("%1 = exp %0 : f32[4]\n  store @s, %1\n  %2 = negative %1 : f32[4]\n  return %2", "(f32[4])", [:]),
        // a cast between item sizes of 8 bytes may; to 4 bytes it may not
        ("%1 = astype %0 {dtype=f64} : f64[4]\n  %2 = astype %1 {dtype=i64} : i64[4]\n  %3 = astype %2 {dtype=f32} : f32[4]\n  return %3", "(f32[4])", [2: 1]),
        // matmul and sum are not elementwise
        ("%1 = exp %0 : f32[4]\n  %2 = expand_dims %1 {axis=0} : f32[1,4]\n  %3 = squeeze %2 {axes=[0]} : f32[4]\n  %4 = sum %3 {axes=none, keepdims=true} : f32[1]\n  return %4", "(f32[1])", [:]),
    ])
    func reuseNeedsAnElementwiseOpAndAnOperandThatDies(_ body: String, _ results: String, _ expected: [Int: Int]) throws {
        let state = body.contains("@s") ? "  state @s : f32[4]\n" : ""
        let (_, plan) = try Self.plan("func @f(%0: f32[4]) -> \(results) {\n\(state)  \(body)\n}\n")
        #expect(plan.inPlace == Dictionary(uniqueKeysWithValues: expected.map { (Value($0), Value($1)) }))
    }

    @Test func aBroadcastOperandOfTheSameByteSizeIsNotWrittenOver() throws {
        // f64[1] and bool[8] are both 8 bytes, but the one f64 is read for all eight results.
        let (_, plan) = try Self.plan("""
            func @f(%0: f64[1], %1: f64[8]) -> (bool[8]) {
              %2 = exp %0 : f64[1]
              %3 = exp %1 : f64[8]
              %4 = equal %2, %3 : bool[8]
              return %4
            }
            """)
        #expect(plan.inPlace.isEmpty && plan.buffers.count == 3)
    }

    @Test func aViewOfAnExternalValueHasABufferOfItsOwn() throws {
        let (_, plan) = try Self.plan("func @f(%0: f32[2,3]) -> (f32[6]) {\n  %1 = reshape %0 {shape=[6]} : f32[6]\n  return %1\n}\n")
        #expect(plan.location(of: Value(1)) == .buffer(0) && plan.arenaBytes == 24)
    }

    @Test func theHeapSimulatorTakesTheBestFittingGap() {
        func r(_ start: Int, _ end: Int) -> LiveRange { LiveRange(start: start, end: end) }
        let buffers = [
            (bytes: 256, range: r(0, 9)),  // A
            (bytes: 192, range: r(0, 3)),  // B: gone by 5, leaving a gap of 192
            (bytes: 64, range: r(0, 9)),  // C
            (bytes: 64, range: r(0, 3)),  // F: gone by 5, leaving a gap of 64
            (bytes: 64, range: r(0, 9)),  // G
            (bytes: 48, range: r(5, 9)),  // D: first fit would take 256; best fit takes F's 64 at 512
            (bytes: 8, range: r(5, 9)),  // H: after D ends at 560, 576 is G's: the gap of 192 at 256
            (bytes: 0, range: r(0, 9)),  // an empty buffer takes nothing
        ]
        #expect(HeapSimulator.place(buffers, alignment: 64) == [0, 256, 448, 512, 576, 512, 256, 0])
        #expect(HeapSimulator.livePeak(buffers) == 256 + 192 + 64 * 3)
    }

    @Test func verifyNamesTheValuesOfABrokenPlan() throws {
        let (chain, plan) = try Self.plan(Self.chain)
        var broken = plan
        broken.buffers[2].offset = 64  // %5 (live at 4..5) onto %3 (live at 2..4, through its view %4)
        #expect(throws: MemoryPlanError.overlap(Value(3), Value(5))) { try broken.verify(chain) }
        broken = plan
        broken.locations[Value(5)] = nil
        #expect(throws: MemoryPlanError.missingBuffer(Value(5))) { try broken.verify(chain) }
        broken = plan
        broken.buffers[1].offset = 96
        #expect(throws: MemoryPlanError.invalidPlacement(Value(3), "offset 96 is not a multiple of 64")) { try broken.verify(chain) }
        broken = plan
        broken.locations[Value(3)] = .view(of: Value(2), buffer: 0)
        #expect(throws: MemoryPlanError.self) { try broken.verify(chain) }

        let (alias, aliasPlan) = try Self.plan(Self.alias)
        broken = aliasPlan
        broken.locations[Value(3)] = .buffer(0)  // %3 in %1's buffer while %1's view is still to be read
        #expect(throws: MemoryPlanError.overlap(Value(1), Value(3))) { try broken.verify(alias) }
        #expect(MemoryPlanError.overlap(Value(1), Value(3)).description == "%1 and %3 are live at the same time and share arena bytes")
    }

    @Test(arguments: [chain, alias, twoOutputs])
    func runningFromTheArenaGivesTheInterpretersResults(_ text: String) throws {
        let (program, plan) = try Self.plan(text)
        let arguments = program.arguments.map { RandomState(seed: 1).randn(shape: $0.type.shape).astype($0.type.dtype) }
        let expected = try Interpreter().prepare(program).run(arguments: arguments, bindings: []).results
        let (results, _) = ArenaRun(program: program, plan: plan).run(arguments: arguments, bindings: [])
        #expect(zip(results, expected).allSatisfy { sameBytes($0, $1) })
    }
}

/// Whether two arrays have the same type and the same bytes (NaNs included).
func sameBytes(_ a: NDArray, _ b: NDArray) -> Bool {
    a.dtype == b.dtype && a.shape == b.shape && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
}
