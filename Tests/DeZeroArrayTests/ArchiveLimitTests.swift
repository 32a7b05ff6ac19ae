import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroArray

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `.npz` archives that once made the readers allocate gigabytes and abort (issue 11, section 4).
@Suite struct ArchiveLimitTests {
    /// A compressed archive of one 1 MiB float64 array, whose central-directory record is then
    /// repeated `copies` times (every copy pointing at the same member), as in the 20 KB bomb of
    /// 200 records over one 10 MB member.
    static func overlappingArchive(copies: Int) throws -> [UInt8] {
        let dir = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try NPZ.save([("w", NDArray.zeros([1 << 17]))], to: "\(dir)/a.npz", compressed: true)
        let bytes = try FileIO.readAll("\(dir)/a.npz")
        let end = bytes.count - ZIPFormat.endOfCentralDirectorySize
        func u32(_ at: Int) -> Int { bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | Int($1) } }
        let (directorySize, directoryOffset) = (u32(end + 12), u32(end + 16))
        let record = bytes[directoryOffset..<directoryOffset + directorySize]
        var out = Array(bytes[..<directoryOffset])
        for _ in 0..<copies { out += record }
        var eocd = Array(bytes[end...])
        for at in [8, 10] { eocd[at] = UInt8(copies & 0xFF); eocd[at + 1] = UInt8(copies >> 8) }
        let size = directorySize * copies
        for k in 0..<4 { eocd[12 + k] = UInt8(truncatingIfNeeded: size >> (8 * k)) }
        return out + eocd
    }

    @Test func overlappingMembersAreRejected() throws {
        let bomb = try Self.overlappingArchive(copies: 50)
        #expect(bomb.count < 10_000)
        let error = NPZTests.error(bomb)
        guard case .corrupt(let path, let detail)? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(path == "t.npz")
        #expect(detail.contains("member 'w.npy' at offset 0 overlaps member 'w.npy' at offset 0"), "\(detail)")
        // One record is a sound archive.
        #expect(NPZTests.error(try Self.overlappingArchive(copies: 1)) == nil)
    }

    /// The largest resident set so far, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)  // bytes on macOS
        #endif
    }

    @Test func declaredSizeIsNotAllocatedUpFront() throws {
        // A deflated member claiming 0xFFFF_FFFE bytes (about 4 GiB) whose data, 4.2 MB of
        // junk after a short deflate stream, decompresses to almost nothing.
        let name = Array("big.npy".utf8)
        var deflated: [UInt8] = []
        let deflater = Zlib.Deflater()
        try [UInt8](repeating: 7, count: 100).withUnsafeBytes { raw in
            try deflater.compress(raw, finish: true) { deflated += $0 }
        }
        let data = deflated + [UInt8](repeating: 0, count: 4_200_000)
        let crc: UInt32 = 0
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        let common: [UInt8] =
            le(UInt16(20)) + le(UInt16(0)) + le(UInt16(8)) + le(UInt32(0)) + le(crc)
            + le(UInt32(data.count)) + le(UInt32(0xFFFF_FFFE)) + le(UInt16(name.count)) + le(UInt16(0))
        let local = le(ZIPFormat.localHeaderSignature) + common + name + data
        let central =
            le(ZIPFormat.centralHeaderSignature) + le(UInt16(20)) + common + le(UInt16(0)) + le(UInt16(0))
            + le(UInt16(0)) + le(UInt32(0)) + le(UInt32(0)) + name
        let eocd =
            le(ZIPFormat.endOfCentralDirectorySignature) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(1))
            + le(UInt16(1)) + le(UInt32(central.count)) + le(UInt32(local.count)) + le(UInt16(0))
        let before = Self.peakResidentBytes()
        let error = NPZTests.error(local + central + eocd)
        guard case .corrupt(let path, let detail)? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(path == "t.npz:big.npy" && detail.contains("100 bytes, 4294967294 announced"), "\(detail)")
        #expect(Self.peakResidentBytes() - before < 1 << 30, "the claimed size was allocated")
    }

    @Test func sizesBeyondPhysicalMemoryAreATypedError() {
        #expect(throws: NDArrayIOError.tooLarge(
            path: "p", detail: "x needs \(Int.max) bytes, more than the \(FileIO.physicalMemory) bytes of memory")
        ) {
            try FileIO.checkFitsInMemory(Int.max, "x", path: "p")
        }
        #expect(FileIO.physicalMemory > 1 << 20)
    }
}
