import Foundation
import Testing

@testable import DeZero
@testable import DeZeroArray
@testable import DeZeroGraphviz

/// `make fuzz`: a seeded mutation run over every file reader (.npy, .npz, weights, IDX, tar,
/// DOT), starting from the small corpus in Fuzz/corpus. Each mutated input must load or throw
/// the reader's typed error; anything else is recorded, and a crash leaves its input in
/// `.build/fuzz-findings/last-TARGET`. Off unless DEZERO_FUZZ is set, so `make test` skips it.
///
/// DEZERO_FUZZ_SECONDS (per target, default 10) and DEZERO_FUZZ_SEED (default 1) set the run;
/// the same seed and corpus replay the same inputs.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DEZERO_FUZZ"] != nil, "set DEZERO_FUZZ=1 (make fuzz)"))
struct ReaderFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seconds = Double(environment["DEZERO_FUZZ_SECONDS"] ?? "") ?? 10
    static let seed = UInt64(environment["DEZERO_FUZZ_SEED"] ?? "") ?? 1
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let findings = root.appendingPathComponent(".build/fuzz-findings")

    /// A reader under test: it gets the mutated bytes and a scratch path to write them to.
    struct Target: Sendable, CustomStringConvertible {
        var name: String
        var corpus: String
        var run: @Sendable (_ bytes: [UInt8], _ scratch: String) throws -> Void
        /// Whether an error is the reader's own typed error.
        var typed: @Sendable (any Error) -> Bool
        var description: String { name }
    }

    static func writeFile(_ bytes: [UInt8], _ path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static let targets: [Target] = [
        Target(name: "npy", corpus: "npy", run: { bytes, _ in _ = try NDArray(npyData: bytes) }, typed: { $0 is NDArrayIOError }),
        Target(
            name: "npz", corpus: "npz",
            run: { bytes, _ in _ = try bytes.withUnsafeBytes { try NPZ.decode($0, path: "fuzz.npz") } },
            typed: { $0 is NDArrayIOError }),
        // A mutated .npy wrapped in a sound ZIP (CRCs right), to reach the member decoder.
        Target(
            name: "npz-member", corpus: "npy",
            run: { bytes, scratch in
                try FileIO.writeAtomically(to: scratch) { sink in
                    let zip = ZIPWriter(sink: sink, forceZip64: bytes.count % 2 == 0)
                    try bytes.withUnsafeBytes { try zip.addEntry(name: "m.npy", parts: [$0], compress: bytes.count % 3 == 0) }
                    try zip.finish()
                }
                _ = try NPZ.load(scratch)
            },
            typed: { $0 is NDArrayIOError }),
        Target(
            name: "weights", corpus: "weights",
            run: { bytes, scratch in
                try writeFile(bytes, scratch)
                try MLP([5, 2]).loadWeights(scratch)
            },
            typed: { $0 is NDArrayIOError || $0 is WeightsError }),
        Target(
            name: "idx", corpus: "idx",
            run: { bytes, scratch in
                try writeFile(bytes, scratch)
                _ = try IDX.load(scratch)
            },
            typed: { $0 is DatasetError }),
        Target(
            name: "tar", corpus: "tar",
            run: { bytes, _ in
                var archive = bytes
                if Gzip.isGzip(archive) { archive = try Gzip.decompress(archive, source: "t", limit: 1 << 24) }
                var pixels: [Float] = [], labels: [Int64] = []
                for member in try Tar.members(archive, source: "t") {
                    try CIFARBinary.decode(
                        Array(archive[member.range]), labelBytes: 1, labelIndex: 0, source: member.name, pixels: &pixels,
                        labels: &labels)
                }
            },
            typed: { $0 is DatasetError }),
        Target(
            name: "dot", corpus: "dot",
            run: { bytes, _ in _ = try Graphviz.render(dot: String(decoding: bytes, as: UTF8.self), format: .dot) },
            typed: { $0 is GraphvizError }),
    ]

    /// Values that overflow sizes and offsets.
    static let interesting: [UInt64] = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFF, 1 << 32, .max, UInt64(Int.max)]

    /// `input` changed in one to four ways, some taken from `other` (crossover).
    static func mutate(_ input: [UInt8], other: [UInt8], using rng: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let i = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[i] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !bytes.isEmpty: bytes[i] = UInt8.random(in: 0...255, using: &rng)
            case 2 where !bytes.isEmpty:
                let width = [1, 2, 4, 8].randomElement(using: &rng)!
                let value = interesting.randomElement(using: &rng)!
                let bigEndian = Bool.random(using: &rng)
                for k in 0..<width where i + k < bytes.count {
                    bytes[i + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(bigEndian ? width - 1 - k : k)))
                }
            case 3: bytes.removeSubrange(i..<min(bytes.count, i + Int.random(in: 1...64, using: &rng)))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, i + Int.random(in: 1...64, using: &rng))
                bytes.insert(contentsOf: bytes[i..<end], at: Int.random(in: 0...bytes.count, using: &rng))
            case 5: bytes = Array(bytes.prefix(i))
            case 6 where !other.isEmpty:
                let j = Int.random(in: 0..<other.count, using: &rng)
                bytes = Array(bytes.prefix(i)) + other[j..<min(other.count, j + Int.random(in: 1...256, using: &rng))]
            default:
                bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: i)
            }
        }
        return bytes
    }

    @Test(arguments: targets)
    func mutatedInputsLoadOrThrowTypedErrors(_ target: Target) throws {
        let corpusDirectory = Self.root.appendingPathComponent("Fuzz/corpus/\(target.corpus)")
        let corpus = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path).sorted()
            .map { [UInt8](try Data(contentsOf: corpusDirectory.appendingPathComponent($0))) }
        try #require(!corpus.isEmpty, "no corpus in \(corpusDirectory.path)")
        try FileManager.default.createDirectory(at: Self.findings, withIntermediateDirectories: true)
        let last = Self.findings.appendingPathComponent("last-\(target.name)").path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dezero-fuzz-\(target.name)-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let nameHash = target.name.utf8.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) }
        var rng = FuzzRandom(twister: MT19937(seed: UInt32(truncatingIfNeeded: Self.seed) &+ nameHash))
        let deadline = Date().addingTimeInterval(Self.seconds)
        var (runs, loaded, rejected, unexpected) = (0, 0, 0, 0)
        while Date() < deadline {
            let input = corpus.randomElement(using: &rng)!
            let bytes = Self.mutate(input, other: corpus.randomElement(using: &rng)!, using: &rng)
            try Self.writeFile(bytes, last)  // what a crash leaves behind
            runs += 1
            do {
                try target.run(bytes, scratch)
                loaded += 1
            } catch where target.typed(error) {
                rejected += 1
            } catch {
                unexpected += 1
                let path = Self.findings.appendingPathComponent("\(target.name)-seed\(Self.seed)-run\(runs)").path
                try Self.writeFile(bytes, path)
                Issue.record("\(target.name): run \(runs) threw \(type(of: error)) \(error); input saved to \(path)")
            }
        }
        print("fuzz \(target.name): \(runs) inputs, \(loaded) loaded, \(rejected) typed errors, \(unexpected) other errors (seed \(Self.seed))")
    }
}

/// The library's Mersenne Twister as a Swift generator, for replayable mutations.
struct FuzzRandom: RandomNumberGenerator {
    var twister: MT19937
    mutating func next() -> UInt64 { twister.nextUInt64() }
}
