import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroArray

@Suite struct NPYTests {
    static let npyNames = NPYFixtures.manifest.npy.keys.sorted()
    static let identicalNames = NPYFixtures.manifest.npy.filter { $0.value.identical == true }.keys.sorted()
    static let unsupportedNames = NPYFixtures.manifest.npy_unsupported.keys.sorted()

    // MARK: - Reading NumPy's files

    @Test(arguments: npyNames)
    func loadsNumPyFile(_ name: String) throws {
        let expected = NPYFixtures.manifest.npy[name]!
        let a = try NDArray.load(npy: NPYFixtures.path(name))
        expectArray(a, matches: expected, name)
        expectArray(try NDArray(npyData: NPYFixtures.bytes(name)), matches: expected, "\(name) from memory")
    }

    @Test(arguments: unsupportedNames)
    func unsupportedDTypeIsNamed(_ name: String) {
        let descr = NPYFixtures.manifest.npy_unsupported[name]!
        do {
            _ = try NDArray.load(npy: NPYFixtures.path(name))
            Issue.record("\(name) loaded")
        } catch let NDArrayIOError.unsupportedDType(path, found) {
            #expect(found.hasPrefix(descr), "\(found) should name \(descr)")
            #expect(path == NPYFixtures.path(name))
            let message = NDArrayIOError.unsupportedDType(path: path, descr: found).description
            #expect(message.contains(descr) && message.contains("'\(path)'") && message.contains("astype"), "\(message)")
        } catch {
            Issue.record("\(name): unexpected \(error)")
        }
    }

    @Test func fixturesCoverTheAskedCases() {
        let names = Set(Self.npyNames)
        for required in [
            "f8_2x3.npy", "f4_5.npy", "i8_4.npy", "b1_5.npy", "f8_scalar.npy", "f4_empty.npy", "f8_2x3x4.npy",
            "fortran_f8_3x4.npy", "be_f8_2x2.npy", "v2_f8_3.npy", "v3_f4_2x2.npy", "u1_4.npy", "f2_7.npy",
        ] {
            #expect(names.contains(required), "missing fixture \(required)")
        }
        #expect(Self.identicalNames.count >= 10)
    }

    // MARK: - Writing exactly what np.save writes

    @Test(arguments: identicalNames)
    func encodingMatchesNumPyBytes(_ name: String) throws {
        let fileBytes = NPYFixtures.bytes(name)
        // The array built from the JSON, independently of our reader ...
        #expect(NPYFixtures.manifest.npy[name]!.array.npyData() == fileBytes, "\(name): bytes differ")
        // ... and the array our reader made.
        #expect(try NDArray.load(npy: NPYFixtures.path(name)).npyData() == fileBytes)
    }

    @Test func savedFileMatchesNumPyBytes() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        for name in Self.identicalNames {
            let path = "\(dir)/\(name)"
            try NPYFixtures.manifest.npy[name]!.array.save(npy: path)
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == NPYFixtures.bytes(name), "\(name)")
        }
    }

    @Test func headerLayoutFollowsNumPy() {
        for shape in [[], [0], [3], [2, 3], [123_456_789_012_345, 0], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]] {
            for dtype in DType.allCases {
                let header = NPYHeader.encode(dtype: dtype, shape: shape)
                #expect(header.count % 64 == 0)
                #expect(header.last == UInt8(ascii: "\n"))
                #expect(Array(header[0..<8]) == NPYHeader.magic + [1, 0])
                #expect(Int(header[8]) | Int(header[9]) << 8 == header.count - 10)
            }
        }
        let text = String(decoding: NPYHeader.encode(dtype: .float32, shape: [2, 3])[10...], as: UTF8.self)
        #expect(text.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + String(repeating: " ", count: 20)))
    }

    @Test func hugeHeaderUsesVersion2() throws {
        // 25 000 axes of length 1 need a header over 64 KiB.
        let shape = [Int](repeating: 1, count: 25_000)
        let a = NDArray([2.5], shape: shape)
        let bytes = a.npyData()
        #expect(Array(bytes[6..<8]) == [2, 0])
        let length = bytes[8..<12].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(12 + length == bytes.count - 8)
        #expect((12 + length) % 64 == 0)
        let back = try NDArray(npyData: bytes)
        #expect(back.shape == shape)
        #expect(back.item() == 2.5)
    }

    // MARK: - Round trips

    static func sampleArrays() -> [(String, NDArray)] {
        var rng = SplitMix64(state: 7)
        let doubles = (0..<60).map { _ in Double.random(in: -1e6...1e6, using: &rng) }
        return [
            ("f64 2x3", NDArray(Array(doubles[0..<6]), shape: [2, 3])),
            ("f64 3-D", NDArray(Array(doubles[0..<60]), shape: [3, 4, 5])),
            ("f32 1-D", NDArray(doubles[0..<7].map { Float($0) }, shape: [7])),
            ("f32 special", NDArray([Float.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude], shape: [5])),
            ("i64", NDArray([Int64.min, -1, 0, 1, Int64.max, 42], shape: [3, 2])),
            ("bool", NDArray([true, false, false, true], shape: [2, 1, 2])),
            ("0-d f64", NDArray(scalar: -3.5)),
            ("0-d bool", NDArray(scalar: true)),
            ("0-d i64", NDArray(scalar: Int64(9))),
            ("empty f32", NDArray([Float](), shape: [0])),
            ("empty i64 2x0x3", NDArray([Int64](), shape: [2, 0, 3])),
        ]
    }

    @Test func roundTripsThroughMemoryAndFiles() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        for (label, a) in Self.sampleArrays() {
            expectSameElements(try NDArray(npyData: a.npyData()), a, "\(label) in memory")
            let path = "\(dir)/a.npy"
            try a.save(npy: path)
            expectSameElements(try NDArray.load(npy: path), a, "\(label) through a file")
        }
    }

    // MARK: - Headers other writers produce

    /// A version `major` file with this header text (unpadded) and these data bytes.
    static func npy(header: String, major: UInt8 = 1, data: [UInt8]) -> [UInt8] {
        let text = Array(header.utf8) + [0x0A]
        var out = NPYHeader.magic + [major, 0]
        if major == 1 {
            out.appendLittleEndian(UInt16(text.count))
        } else {
            out.appendLittleEndian(UInt32(text.count))
        }
        return out + text + data
    }

    static func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    @Test func parsesHeaderVariants() throws {
        let three = Self.bytes([1.0, 2.0, 3.0])
        for header in [
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
            "{'descr':'<f8','fortran_order':False,'shape':(3,)}",
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}",
            "{'shape': (3L,), 'fortran_order': False, 'descr': '<f8'}",
            "  {  'descr' : '<f8' ,\n 'fortran_order' : False , 'shape' : ( 3 , ) , }  ",
            "{'descr': u'<f8', 'fortran_order': False, 'shape': (3,), 'extra': [1, (2, 3), None], }",
            "{'descr': '=f8', 'fortran_order': True, 'shape': (3,)}",
        ] {
            let a = try NDArray(npyData: Self.npy(header: header, data: three))
            #expect(a.dtype == .float64 && a.shape == [3] && a.scalars(as: Double.self) == [1, 2, 3], "\(header)")
        }
        // Version 3.0 headers are UTF-8.
        let v3 = try NDArray(npyData: Self.npy(
            header: "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), 'note': 'é∑'}", major: 3,
            data: Self.bytes([Int64(5), -5])))
        #expect(v3.scalars(as: Int64.self) == [5, -5])
        // Trailing bytes after the data are ignored, as np.load does.
        #expect(try NDArray(npyData: Self.npy(
            header: "{'descr': '|u1', 'fortran_order': False, 'shape': (2,)}", data: [7, 8, 9])).scalars(as: Int64.self) == [7, 8])
    }

    @Test func convertsFortranOrderAndByteOrder() throws {
        // Fortran order: element [i, j] of a 2x3 array is at j * 2 + i.
        let f = try NDArray(npyData: Self.npy(
            header: "{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3)}",
            data: [0, 1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6]))
        #expect(f.dtype == .int64 && f.scalars(as: Int64.self) == [1, 2, 3, 4, 5, 6])
        // Non-zero bools other than 1 load as true.
        let b = try NDArray(npyData: Self.npy(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (3,)}", data: [0, 2, 255]))
        #expect(b.scalars(as: Bool.self) == [false, true, true])
        #expect(NPYElementFormat.halfToFloat(0x3C00) == 1)
        #expect(NPYElementFormat.halfToFloat(0x0001) == 0x1p-24)
        #expect(NPYElementFormat.halfToFloat(0xFBFF) == -65504)
        #expect(NPYElementFormat.halfToFloat(0x7E00).isNaN)
    }

    // MARK: - Errors

    static func error(_ bytes: [UInt8]) -> NDArrayIOError? {
        do {
            _ = try NDArray(npyData: bytes)
            return nil
        } catch {
            return error as? NDArrayIOError
        }
    }

    @Test func reportsMissingAndUnreadableFiles() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        #expect(throws: NDArrayIOError.fileNotFound(path: "\(dir)/nope.npy")) { try NDArray.load(npy: "\(dir)/nope.npy") }
        #expect(NDArrayIOError.fileNotFound(path: "x.npy").description == "No such file: 'x.npy'")
        do {
            _ = try NDArray.load(npy: dir)
            Issue.record("loaded a directory")
        } catch let NDArrayIOError.readFailed(path, detail) {
            #expect(path == dir && detail.contains("directory"))
        }
    }

    @Test func reportsTruncatedFiles() throws {
        let good = NDArray([1.0, 2, 3], shape: [3]).npyData()
        guard case .truncated? = Self.error([]) else { Issue.record("empty"); return }
        guard case .truncated? = Self.error(Array(good[0..<4])) else { Issue.record("magic"); return }
        guard case .truncated? = Self.error(Array(good[0..<100])) else { Issue.record("header"); return }
        guard case .truncated(let path, let detail)? = Self.error(Array(good.dropLast())) else {
            Issue.record("data")
            return
        }
        #expect(path == "<npy data>")
        #expect(detail.contains("24") && detail.contains("23"), "\(detail)")
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try Data(good.dropLast(5)).write(to: URL(fileURLWithPath: "\(dir)/t.npy"))
        do {
            _ = try NDArray.load(npy: "\(dir)/t.npy")
            Issue.record("loaded a truncated file")
        } catch let error as NDArrayIOError {
            #expect(error.description.hasPrefix("Truncated file '\(dir)/t.npy'"), "\(error)")
        }
    }

    @Test func reportsCorruptHeaders() {
        let data = Self.bytes([1.0, 2.0, 3.0])
        let corrupt: [[UInt8]] = [
            Array("PK\u{3}\u{4} not an npy file at all".utf8),
            NPYHeader.magic + [4, 0, 10, 0] + Array("{}        ".utf8),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False}", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': 0, 'shape': (3,)}", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,)}", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': 3}", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3.0,)}", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 0)}", data: []),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976,)}", data: data),
            Self.npy(header: "[(3,)]", data: data),
            Self.npy(header: String(repeating: "(", count: 5000), data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} junk", data: data),
            Self.npy(header: "{'descr': '<f8\n', 'fortran_order': False, 'shape': (3,)}", data: data),
            Self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1.5}", data: data),
        ]
        for (i, bytes) in corrupt.enumerated() {
            guard case .corrupt(let path, _)? = Self.error(bytes) else {
                Issue.record("case \(i): \(String(describing: Self.error(bytes)))")
                continue
            }
            #expect(path == "<npy data>")
        }
        // Types we cannot hold are named.
        #expect(Self.error(Self.npy(header: "{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", data: [])) == .unsupportedDType(path: "<npy data>", descr: "'<c8'"))
        #expect(Self.error(Self.npy(header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", data: [])) == .unsupportedDType(path: "<npy data>", descr: "[('a', '<f8')]"))
    }

    @Test func headerMessagesNameTheMissingKeys() {
        let error = Self.error(Self.npy(header: "{'descr': '<f8', 'shape': (1,)}", data: [UInt8](repeating: 0, count: 8)))
        guard case .corrupt(_, let detail)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(detail.hasPrefix("header lacks 'fortran_order' (an .npy header holds"), "\(detail)")
        let both = Self.error(Self.npy(header: "{'descr': '<f8'}", data: []))
        #expect(both.map { "\($0)".contains("lacks 'fortran_order' and 'shape'") } == true, "\(String(describing: both))")
    }

    @Test func fuzzedFilesThrowInsteadOfTrapping() {
        var seed: UInt64 = 1
        for name in ["f8_2x3.npy", "b1_many_dims.npy", "fortran_i4_2x3x4.npy", "be_f2_3.npy", "v3_f4_2x2.npy", "handmade_spaces.npy", "f8_scalar.npy"] {
            let bytes = NPYFixtures.bytes(name)
            let decoded = fuzz(bytes, seed: seed, flips: 400) { _ = try NDArray(npyData: $0) }
            #expect(decoded == 0, "\(name): a strict prefix decoded")
            seed += 1
        }
    }

    // MARK: - Atomic writes

    @Test func failedSaveLeavesTheOldFile() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/model.npy"
        let old = NDArray([1.0, 2.0], shape: [2])
        try old.save(npy: path)
        struct Injected: Error {}
        // A failure half-way through the write ...
        #expect(throws: Injected.self) {
            try FileIO.writeAtomically(to: path) { sink in
                try sink.write(NDArray([9.0, 9, 9, 9], shape: [4]).npyData().dropLast(8).map { $0 })
                throw Injected()
            }
        }
        // ... leaves the old file, and no temporary file.
        expectSameElements(try NDArray.load(npy: path), old, "old file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.npy"])

        // Replacing a directory fails at the rename; the directory survives, nothing is left over.
        let blocked = "\(dir)/blocked.npy"
        try FileManager.default.createDirectory(atPath: "\(blocked)/inside", withIntermediateDirectories: true)
        #expect(throws: NDArrayIOError.self) { try old.save(npy: blocked) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["blocked.npy", "model.npy"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: blocked) == ["inside"])

        // A missing directory is a clear write error.
        do {
            try old.save(npy: "\(dir)/no/such/dir/x.npy")
            Issue.record("saved into a missing directory")
        } catch let NDArrayIOError.writeFailed(path, detail) {
            #expect(path == "\(dir)/no/such/dir/x.npy" && detail.contains("temporary"), "\(detail)")
        }
    }

    @Test func saveReplacesAndKeepsPermissions() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = "\(dir)/x.npy"
        try NDArray([1.0], shape: [1]).save(npy: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let new = NDArray([Int64(1), 2, 3], shape: [3])
        try new.save(npy: path)
        expectSameElements(try NDArray.load(npy: path), new, "replaced")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o640)
    }

    // MARK: - NumPy itself

    @Test(.enabled(if: pythonWithNumPy, "needs python3 with numpy"))
    func numpyReadsOurFiles() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var paths: [String] = []
        for (i, (_, a)) in Self.sampleArrays().enumerated() {
            let path = "\(dir)/\(i).npy"
            try a.save(npy: path)
            paths.append(path)
        }
        let script = """
            import sys, numpy as np, io
            for p in sys.argv[1:]:
                a = np.load(p)
                b = io.BytesIO(); np.save(b, a)
                print(a.dtype.str, list(a.shape), b.getvalue() == open(p, 'rb').read())
            """
        let lines = try #require(runPython(script, arguments: paths)).split(separator: "\n")
        #expect(lines.count == paths.count)
        for (line, (label, a)) in zip(lines, Self.sampleArrays()) {
            #expect(line == "\(a.dtype.numpyDescr) \(a.shape) True", "\(label)")
        }
    }
}
