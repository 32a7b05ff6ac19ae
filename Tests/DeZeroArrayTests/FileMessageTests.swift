import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroArray

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic writes and the messages of the `.npy`/`.npz` readers (issue 11, section 5).
@Suite struct FileMessageTests {
    static let sample: [(name: String, array: NDArray)] = [("w", NDArray([1.0, 2.0, 3.0]))]

    @Test func staleTemporariesOfTheTargetAreRemovedOnTheNextSave() throws {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let manager = FileManager.default
        // What a writer killed with kill -9 leaves, a live writer's file (locked), and others'.
        for file in [".model.npz.k1x9a.tmp", ".model.npz.live7.tmp", ".other.npz.k2.tmp", ".model.npz.notes", ".model.npz..tmp"] {
            #expect(manager.createFile(atPath: "\(dir)/\(file)", contents: Data(count: 1000)))
        }
        let live = open("\(dir)/.model.npz.live7.tmp", O_RDONLY)
        defer { close(live) }
        #expect(flock(live, LOCK_EX) == 0)
        try NPZ.save(Self.sample, to: "\(dir)/model.npz")
        #expect(
            try manager.contentsOfDirectory(atPath: dir).sorted()
                == [".model.npz..tmp", ".model.npz.live7.tmp", ".model.npz.notes", ".other.npz.k2.tmp", "model.npz"])
        // The same through a relative path, from inside the directory.
        #expect(manager.createFile(atPath: "\(dir)/.model.npz.k3.tmp", contents: Data(count: 10)))
        let previous = manager.currentDirectoryPath
        #expect(manager.changeCurrentDirectoryPath(dir))
        defer { _ = manager.changeCurrentDirectoryPath(previous) }
        try NDArray([1.0]).save(npy: "model.npz")
        #expect(!manager.fileExists(atPath: "\(dir)/.model.npz.k3.tmp"))
    }

    /// A stored archive of `arrays`, with `patch` applied to its one member's data and both CRCs
    /// fixed so that only the patched content is wrong.
    static func archive(_ arrays: [(name: String, array: NDArray)], patch: (inout [UInt8], Range<Int>) -> Void) throws -> [UInt8] {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try NPZ.save(arrays, to: "\(dir)/a.npz")
        var bytes = try FileIO.readAll("\(dir)/a.npz")
        let entry = try #require(try bytes.withUnsafeBytes { try ZIPReader($0, path: "").entries.first })
        let start = entry.localHeaderOffset + 30 + entry.name.utf8.count
        let data = start..<start + entry.compressedSize
        patch(&bytes, data)
        let crc = Zlib.crc32(Array(bytes[data]))
        let central = try #require(
            (0..<bytes.count - 4).last { bytes[$0..<$0 + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) })
        for at in [entry.localHeaderOffset + 14, central + 16] {
            for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        }
        return bytes
    }

    @Test func unsupportedDTypeNamesTheArchiveMember() throws {
        let bytes = try Self.archive([("c", NDArray([1.0]))]) { bytes, data in
            let descr = Array("'<f8'".utf8)
            let at = data.first { bytes[$0..<$0 + descr.count].elementsEqual(descr) }!
            bytes[at + 2] = UInt8(ascii: "c")
        }
        let error = NPZTests.error(bytes)
        #expect(error == .unsupportedDType(path: "t.npz:c.npy", descr: "'<c8'"))
        #expect(error?.description.contains("in 't.npz:c.npy'") == true)
    }

    @Test func longMemberNamesAreShortenedInMessages() throws {
        let name = String(repeating: "n", count: 65_000)
        // The member's .npy magic broken (CRCs fixed): a corrupt member, named in the message.
        let bytes = try Self.archive([(name, NDArray([1.0]))]) { bytes, data in bytes[data.lowerBound] = 0 }
        let error = NPZTests.error(bytes)
        guard let error else {
            Issue.record("the damaged archive loaded")
            return
        }
        let message = error.description
        #expect(message.contains("t.npz:" + String(repeating: "n", count: 60) + "… (65004 characters)"), "\(message.prefix(200))")
        #expect(message.count < 300)
    }
}
