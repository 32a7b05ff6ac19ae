import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroArray

@Suite struct NPZTests {
    static let archiveNames = NPYFixtures.manifest.npz.keys.sorted()

    // MARK: - Reading NumPy's archives

    @Test(arguments: archiveNames)
    func loadsNumPyArchive(_ name: String) throws {
        let expected = NPYFixtures.manifest.npz[name]!
        let arrays = try NPZ.load(NPYFixtures.path(name))
        #expect(arrays.map(\.name) == expected.map { $0.name! }, "\(name): names and order")
        for (loaded, e) in zip(arrays, expected) {
            expectArray(loaded.array, matches: e, "\(name):\(loaded.name)")
        }
        let dictionary = try NPZ.loadDictionary(NPYFixtures.path(name))
        #expect(Set(dictionary.keys) == Set(expected.map { $0.name! }))
        for e in expected { expectArray(dictionary[e.name!]!, matches: e, "\(name)[\(e.name!)]") }
    }

    @Test func numpyArchivesUseTheExpectedZIPFeatures() throws {
        // np.savez writes ZIP64 local headers (force_zip64); savez_compressed deflates.
        for (name, method) in [("plain.npz", ZIPFormat.methodStored), ("compressed.npz", ZIPFormat.methodDeflated)] {
            let bytes = NPYFixtures.bytes(name)
            try bytes.withUnsafeBytes { raw in
                let zip = try ZIPReader(raw, path: name)
                #expect(zip.entries.allSatisfy { $0.method == method })
                #expect(zip.entries.first?.name == "weights.npy")
            }
            #expect(bytes[4] == 45, "\(name): version needed 4.5 (ZIP64)")
        }
    }

    // MARK: - Round trips

    static let sample: [(name: String, array: NDArray)] = [
        ("W", NDArray((0..<12).map { Float($0) / 3 }, shape: [3, 4])),
        ("b", NDArray([0.5, -0.25, 1e-300], shape: [3])),
        ("step", NDArray(scalar: Int64(1234))),
        ("mask", NDArray([true, false, true], shape: [1, 3])),
        ("nothing", NDArray([Double](), shape: [0, 5])),
        ("layer1/conv.W", NDArray((0..<2000).map { Double($0 % 17) }, shape: [10, 200])),
        ("größe", NDArray([Int64.min, Int64.max], shape: [2])),
    ]

    static func expectSame(_ loaded: [(name: String, array: NDArray)], _ saved: [(name: String, array: NDArray)], _ label: String) {
        #expect(loaded.map(\.name) == saved.map(\.name), "\(label): names")
        for (l, s) in zip(loaded, saved) { expectSameElements(l.array, s.array, "\(label): \(s.name)") }
    }

    @Test(arguments: [false, true])
    func roundTrips(compressed: Bool) throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/model.npz"
        try NPZ.save(Self.sample, to: path, compressed: compressed)
        Self.expectSame(try NPZ.load(path), Self.sample, "compressed: \(compressed)")
        // Each member holds exactly np.save's bytes.
        try FileIO.readAll(path).withUnsafeBytes { raw in
            let archive = try ZIPReader(raw, path: path)
            #expect(archive.entries.map(\.name) == Self.sample.map { $0.name + ".npy" })
            for (entry, (_, array)) in zip(archive.entries, Self.sample) {
                let data: [UInt8] =
                    switch try archive.contents(of: entry) {
                    case .stored(let b): Array(b)
                    case .inflated(let b): b
                    }
                #expect(data == array.npyData())
                #expect(entry.method == (compressed ? ZIPFormat.methodDeflated : ZIPFormat.methodStored))
            }
        }
        // Arrays larger than zlib's 64 KiB output buffer, incompressible and compressible.
        var rng = SplitMix64(state: 3)
        let big: [(name: String, array: NDArray)] = [
            ("noise", NDArray((0..<100_000).map { _ in Double.random(in: -1...1, using: &rng) }, shape: [100, 1000])),
            ("zeros", NDArray([Float](repeating: 0, count: 300_000), shape: [300_000])),
        ]
        try NPZ.save(big, to: path, compressed: compressed)
        Self.expectSame(try NPZ.load(path), big, "big, compressed: \(compressed)")
        // An empty archive is valid too.
        try NPZ.save([], to: path)
        #expect(try NPZ.load(path).isEmpty)
    }

    @Test(arguments: [false, true])
    func readsZIP64Records(compressed: Bool) throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/zip64.npz"
        try NPZ.save(Self.sample, to: path, compressed: compressed, forceZip64: true)
        let bytes = try FileIO.readAll(path)
        // The central directory and the end record point to ZIP64 fields ...
        #expect(bytes.suffix(22).prefix(4) == [0x50, 0x4B, 0x05, 0x06])
        #expect(Array(bytes.suffix(22)[bytes.count - 12..<bytes.count - 2]) == [UInt8](repeating: 0xFF, count: 10) )
        // ... which we follow.
        Self.expectSame(try NPZ.load(path), Self.sample, "ZIP64")
    }

    @Test func readsArchivesWithPrefixAndForeignMembers() throws {
        // A ZIP preceded by other bytes (as self-extracting archives are) still reads, and members
        // that are not .npy files are skipped.
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/a.npz"
        try FileIO.writeAtomically(to: path) { sink in
            try sink.write(Array("#!/bin/sh\nexit 0\n".utf8))
            let zip = ZIPWriter(sink: sink)
            let readme = Array("hello".utf8)
            let array = NDArray([1.5, 2.5], shape: [2]).npyData()
            try readme.withUnsafeBytes { try zip.addEntry(name: "README.txt", parts: [$0], compress: false) }
            try array.withUnsafeBytes { try zip.addEntry(name: "x.npy", parts: [$0], compress: true) }
            try zip.finish()
        }
        let loaded = try NPZ.load(path)
        #expect(loaded.map(\.name) == ["x"])
        #expect(loaded.first?.array.scalars(as: Double.self) == [1.5, 2.5])
    }

    // MARK: - Errors

    static func error(_ bytes: [UInt8]) -> NDArrayIOError? {
        do {
            _ = try bytes.withUnsafeBytes { try NPZ.decode($0, path: "t.npz") }
            return nil
        } catch {
            return error as? NDArrayIOError
        }
    }

    @Test func reportsMissingTruncatedAndCorruptArchives() throws {
        #expect(throws: NDArrayIOError.fileNotFound(path: "/no/such/file.npz")) { try NPZ.load("/no/such/file.npz") }
        let bytes = NPYFixtures.bytes("plain.npz")
        guard case .truncated? = Self.error(Array(bytes.dropLast(30))) else { Issue.record("cut end record"); return }
        guard case .corrupt? = Self.error(Array("just some text that is long enough to be a zip".utf8)) else {
            Issue.record("not a zip")
            return
        }
        // A changed data byte fails the CRC check.
        var damaged = bytes
        let member = try #require(bytes.withUnsafeBytes { try ZIPReader($0, path: "").entries.first })
        damaged[member.localHeaderOffset + 30 + "weights.npy".utf8.count + 20 + 130] ^= 0x40
        guard case .corrupt(let path, let detail)? = Self.error(damaged) else { Issue.record("CRC"); return }
        #expect(path == "t.npz:weights.npy" && detail.contains("CRC"), "\(detail)")
        // A member that breaks off inside a deflate stream is reported as truncated or corrupt.
        #expect(Self.error(Array(NPYFixtures.bytes("compressed.npz").prefix(200))) != nil)
    }

    @Test(arguments: ["plain.npz", "compressed.npz", "positional.npz"])
    func fuzzedArchivesThrowInsteadOfTrapping(_ name: String) {
        let bytes = NPYFixtures.bytes(name)
        let decoded = fuzz(bytes, seed: UInt64(name.count), flips: 600) { data in
            _ = try data.withUnsafeBytes { try NPZ.decode($0, path: name) }
        }
        #expect(decoded == 0, "\(name): a strict prefix decoded")
    }

    @Test func fuzzedZIP64ArchiveThrowsInsteadOfTrapping() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/z.npz"
        try NPZ.save(Array(Self.sample.prefix(3)), to: path, compressed: true, forceZip64: true)
        let bytes = try FileIO.readAll(path)
        fuzz(bytes, seed: 99, flips: 600) { data in _ = try data.withUnsafeBytes { try NPZ.decode($0, path: path) } }
    }

    @Test func hostileSizesAndOffsetsThrowInsteadOfTrapping() throws {
        // Every 2-, 4- and 8-byte field position of both kinds of archive, overwritten with
        // values that overflow naive offset arithmetic.
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/z.npz"
        try NPZ.save(Array(Self.sample.prefix(2)), to: path, compressed: true, forceZip64: true)
        for original in [try FileIO.readAll(path), NPYFixtures.bytes("positional.npz")] {
            let values: [UInt64] = [0, 1, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFF0, UInt64(Int.max), UInt64(Int.max) - 30, .max]
            for width in [2, 4, 8] {
                for offset in 0...(original.count - width) {
                    for value in values where width == 8 || value <= (width == 2 ? 0xFFFF : 0xFFFF_FFFF) {
                        var damaged = original
                        for k in 0..<width { damaged[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
                        do {
                            _ = try damaged.withUnsafeBytes { try NPZ.decode($0, path: "z.npz") }
                        } catch {
                            #expect(error is NDArrayIOError)
                        }
                    }
                }
            }
        }
    }

    @Test func failedSaveLeavesTheOldArchive() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/model.npz"
        try NPZ.save(Array(Self.sample.prefix(2)), to: path)
        let before = try FileIO.readAll(path)
        for bad in [[("a", NDArray(scalar: 1.0)), ("a", NDArray(scalar: 2.0))], [("", NDArray(scalar: 1.0))]] {
            #expect(throws: NDArrayIOError.self) { try NPZ.save(bad, to: path, compressed: true) }
        }
        // Replacing a directory fails at the rename, after the archive was written.
        try FileManager.default.createDirectory(atPath: "\(dir)/dir.npz/x", withIntermediateDirectories: true)
        #expect(throws: NDArrayIOError.self) { try NPZ.save(Self.sample, to: "\(dir)/dir.npz") }
        #expect(try FileIO.readAll(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["dir.npz", "model.npz"])
    }

    // MARK: - NumPy itself

    @Test(.enabled(if: pythonWithNumPy, "needs python3 with numpy"))
    func numpyReadsOurArchives() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var paths: [String] = []
        for (i, (compressed, zip64)) in [(false, false), (true, false), (false, true), (true, true)].enumerated() {
            let path = "\(dir)/\(i).npz"
            try NPZ.save(Self.sample, to: path, compressed: compressed, forceZip64: zip64)
            paths.append(path)
        }
        let script = """
            import sys, json, zipfile, numpy as np
            out = []
            for p in sys.argv[1:]:
                assert zipfile.ZipFile(p).testzip() is None
                with np.load(p) as z:
                    out.append([[k, z[k].dtype.str, list(z[k].shape), z[k].reshape(-1).tolist()] for k in z.files])
            print(json.dumps(out))
            """
        let output = try #require(runPython(script, arguments: paths))
        let archives = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[[Any]]])
        #expect(archives.count == paths.count)
        for members in archives {
            #expect(members.map { $0[0] as? String } == Self.sample.map(\.name))
            for (member, (name, array)) in zip(members, Self.sample) {
                #expect(member[1] as? String == array.dtype.numpyDescr, "\(name)")
                #expect(member[2] as? [Int] == array.shape, "\(name)")
                let values = member[3] as? [Any] ?? []
                let numbers: [Double] = values.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
                #expect(numbers.count == array.size)
                if array.dtype == .int64 {
                    #expect(values.map { ($0 as? NSNumber)?.int64Value } == array.scalars(as: Int64.self), "\(name)")
                } else {
                    #expect(numbers == array.scalars(as: Double.self), "\(name)")
                }
            }
        }
    }
}
