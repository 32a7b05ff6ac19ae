import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroArray

/// `Fixtures/random.json`, written by `scripts/fixtures/random_fixtures.py` from NumPy's legacy
/// `np.random.RandomState`.
private struct RandomFixture: Decodable {
    /// A JSON number kept as an integer when it is one, so 64-bit bounds stay exact.
    enum Number: Decodable {
        case int(Int)
        case double(Double)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else {
                self = .double(try container.decode(Double.self))
            }
        }

        var int: Int {
            switch self {
            case .int(let v): v
            case .double(let v): Int(exactly: v)!
            }
        }

        var double: Double {
            switch self {
            case .int(let v): Double(v)
            case .double(let v): v
            }
        }
    }

    struct Step: Decodable {
        let op: String
        var dims: [Int]?
        var size: [Int]?
        var low: Number?
        var high: Number?
        var loc: Double?
        var scale: Double?
        var n: Int?
        var array_shape: [Int]?
        var replace: Bool?
        var p: [Double]?
        let shape: [Int]
        var tail: Int?
        var float: [Double]?
        var int: [Int64]?
    }

    struct Case: Decodable {
        var seed: Int?
        var seedArray: [UInt32]?
        var global: Bool?
        let steps: [Step]

        var name: String {
            if let seed { return (global == true ? "global " : "") + "seed \(seed)" }
            return "seed array of \(seedArray?.count ?? 0) words"
        }
    }

    let numpy: String
    let cases: [Case]

    static func load() throws -> RandomFixture {
        fixtures.decode(RandomFixture.self, from: "random.json")
    }
}

/// What one fixture step produces on our side.
private struct StepRunner {
    let rand: ([Int]) -> NDArray
    let randn: ([Int]) -> NDArray
    let generator: RandomState

    func run(_ step: RandomFixture.Step) -> NDArray {
        let g = generator
        switch step.op {
        case "rand": return rand(step.dims!)
        case "randn": return randn(step.dims!)
        case "random_sample": return g.randomSample(shape: step.size!)
        case "randint": return g.randint(low: step.low!.int, high: step.high!.int, shape: step.size!)
        case "uniform": return g.uniform(low: step.low!.double, high: step.high!.double, shape: step.size!)
        case "normal": return g.normal(loc: step.loc!, scale: step.scale!, shape: step.size!)
        case "permutation_n": return g.permutation(step.n!)
        case "permutation_array":
            let shape = step.array_shape!
            let input = NDArray((0..<shape.reduce(1, *)).map { Double($0) }, shape: shape)
            let output = g.permutation(input)
            #expect(input.scalars(as: Double.self) == (0..<input.size).map { Double($0) })
            return output
        case "shuffle":
            let shape = step.array_shape!
            var array = NDArray((0..<shape.reduce(1, *)).map { Int64($0) }, shape: shape)
            g.shuffle(&array)
            return array
        case "choice_n":
            return g.choice(step.n!, size: step.size!, replace: step.replace!, p: step.p)
        case "choice_array":
            let population = NDArray((0..<step.n!).map { Double($0) * 0.5 - 1.0 })
            return g.choice(population, size: step.size!, replace: step.replace!, p: step.p)
        default:
            Issue.record("unknown fixture op \(step.op)")
            return NDArray([Double]())
        }
    }
}

/// Checks `actual` against the step's expected shape and values, bit for bit.
private func expectMatches(_ actual: NDArray, _ step: RandomFixture.Step, _ context: String) {
    #expect(actual.shape == step.shape, "\(context): shape")
    if let expected = step.float {
        #expect(actual.dtype == .float64, "\(context): dtype")
        let values = actual.scalars(as: Double.self).suffix(step.tail ?? actual.size)
        #expect(
            values.map(\.bitPattern) == expected.map(\.bitPattern),
            "\(context): got \(Array(values)), NumPy gave \(expected)")
    } else if let expected = step.int {
        #expect(actual.dtype == .int64, "\(context): dtype")
        let values = actual.scalars(as: Int64.self).suffix(step.tail ?? actual.size)
        #expect(Array(values) == expected, "\(context): got \(Array(values)), NumPy gave \(expected)")
    } else {
        Issue.record("\(context): the fixture step has no expected values")
    }
}

@Suite struct RandomTests {
    @Test func fixtureWasWrittenByNumPy() throws {
        let fixture = try RandomFixture.load()
        #expect(!fixture.numpy.isEmpty)
        #expect(fixture.cases.count >= 8)
    }

    @Test func instancesMatchNumPyRandomStateBitForBit() throws {
        let fixture = try RandomFixture.load()
        for testCase in fixture.cases where testCase.global != true {
            let generator =
                if let seed = testCase.seed { RandomState(seed: seed) }
                else { RandomState(seed: testCase.seedArray!) }
            let runner = StepRunner(
                rand: { generator.rand(shape: $0) }, randn: { generator.randn(shape: $0) },
                generator: generator)
            for (index, step) in testCase.steps.enumerated() {
                expectMatches(runner.run(step), step, "\(testCase.name), step \(index) \(step.op)")
            }
        }
    }

    @Test func reseedingAnInstanceRestartsItsStream() throws {
        let fixture = try RandomFixture.load()
        let testCase = try #require(fixture.cases.first { $0.seed == 1984 && $0.global != true })
        let generator = RandomState(seed: 5)
        _ = generator.randn(3)  // leaves a cached normal value that seed must forget
        generator.seed(1984)
        let runner = StepRunner(
            rand: { generator.rand(shape: $0) }, randn: { generator.randn(shape: $0) },
            generator: generator)
        for (index, step) in testCase.steps.prefix(6).enumerated() {
            expectMatches(runner.run(step), step, "reseeded \(testCase.name), step \(index) \(step.op)")
        }
    }

    /// Everything touching `Random` (the global generator) lives in this one test, so parallel
    /// tests never interleave draws from it.
    @Test func globalGeneratorMatchesNumPyAndIsIndependentOfInstances() throws {
        let fixture = try RandomFixture.load()
        let testCase = try #require(fixture.cases.first { $0.global == true })
        let instance = RandomState(seed: try #require(testCase.seed))
        Random.seed(try #require(testCase.seed))
        let before = instance.rand(4).scalars(as: Double.self)  // must not move the global one

        let runner = StepRunner(
            rand: { Random.rand(shape: $0) }, randn: { Random.randn(shape: $0) },
            generator: Random.global)
        for (index, step) in testCase.steps.enumerated() {
            expectMatches(runner.run(step), step, "global generator, step \(index) \(step.op)")
            _ = instance.randn(1)  // interleaved instance draws change nothing globally
        }

        // The global draws did not move the instance either.
        let fresh = RandomState(seed: testCase.seed!)
        #expect(fresh.rand(4).scalars(as: Double.self) == before)
        _ = fresh.randn(testCase.steps.count)
        #expect(fresh.rand(3).scalars(as: Double.self) == instance.rand(3).scalars(as: Double.self))

        // The forwarding functions reach the same generator as `RandomState.global`.
        Random.seed(3)
        let viaNamespace = Random.uniform(low: -1, high: 1, shape: [3]).scalars(as: Double.self)
        RandomState.global.seed(3)
        let viaGlobal = RandomState.global.uniform(low: -1, high: 1, shape: [3]).scalars(as: Double.self)
        #expect(viaNamespace == viaGlobal)
        #expect(Random.global === RandomState.global)
    }

    @Test func mersenneTwisterMatchesTheReferenceOutput() {
        // mt19937ar.c's published test: init_by_array({0x123, 0x234, 0x345, 0x456}).
        var mt = MT19937(key: [0x123, 0x234, 0x345, 0x456])
        let first = (0..<5).map { _ in mt.nextUInt32() }
        #expect(first == [1_067_595_299, 955_945_823, 477_289_528, 4_107_218_783, 4_228_976_476])
        // np.random.seed(0); np.random.rand() == 0.5488135039273248
        var seeded = MT19937(seed: 0)
        #expect(seeded.nextDouble() == 0.5488135039273248)
    }

    @Test func emptyShapesDrawNothing() {
        let a = RandomState(seed: 0)
        let b = RandomState(seed: 0)
        #expect(a.rand(0, 3).shape == [0, 3])
        #expect(a.randint(low: 5, high: 5, shape: [0]).size == 0)  // NumPy skips the bounds check
        #expect(a.choice(0, size: [0]).size == 0)
        var empty = NDArray([Int64](), shape: [4, 0])
        a.shuffle(&empty)
        #expect(a.rand(2).scalars(as: Double.self) == b.rand(2).scalars(as: Double.self))
    }

    @Test func zeroDimensionalResultsHoldOneDraw() {
        let a = RandomState(seed: 42)
        let b = RandomState(seed: 42)
        let scalar = a.rand()
        #expect(scalar.shape == [])
        #expect(scalar.item() == b.rand(1).item())
        #expect(a.choice(10).shape == [])
        #expect(a.randint(low: 10).shape == [])
    }

    @Test func shuffleAndPermutationKeepRowsAndElements() {
        let generator = RandomState(seed: 11)
        var rows = NDArray((0..<12).map { Float($0) }, shape: [4, 3])
        let original = rows
        generator.shuffle(&rows)
        #expect(rows.dtype == .float32)
        #expect(original.scalars(as: Float.self) == (0..<12).map { Float($0) })  // copy on write
        let shuffled = rows.scalars(as: Float.self)
        let firsts = stride(from: 0, to: 12, by: 3).map { shuffled[$0] }
        #expect(Set(firsts) == [0, 3, 6, 9])
        for r in 0..<4 {
            #expect(shuffled[3 * r + 1] == shuffled[3 * r] + 1 && shuffled[3 * r + 2] == shuffled[3 * r] + 2)
        }
        let permuted = generator.permutation(100).scalars(as: Int64.self)
        #expect(permuted.sorted() == (0..<100).map { Int64($0) })
        let picked = generator.choice(NDArray([true, false, true]), size: [2, 2])
        #expect(picked.dtype == .bool && picked.shape == [2, 2])
    }
}
