import DeZeroArray
import Foundation
import Testing

@testable import DeZero

/// Dataset files that once crashed the process or exhausted its memory (issue 11, section 4):
/// each must now end in a typed error. Files from scripts/fixtures/reader_reproducer_fixtures.py.
@Suite struct ReaderLimitTests {
    static func reason(_ body: () throws -> Void) -> String {
        do {
            try body()
        } catch {
            if case .corruptFile(_, let reason)? = error as? DatasetError { return reason }
            return "\(error)"
        }
        return "no error"
    }

    @Test func idxZeroLengthAxisBesideHugeOnesIsRejected() {
        // bytes([0,0,8,3]) + struct.pack('>III', 0, 2**32-1, 2**32-1), in both orders.
        let huge: [UInt8] = [255, 255, 255, 255], zero: [UInt8] = [0, 0, 0, 0]
        for dims in [zero + huge + huge, huge + zero + huge, huge + huge + zero] {
            let reason = Self.reason { _ = try IDX.decode([0, 0, 8, 3] + dims, source: "m") }
            #expect(reason.contains("is too large"), "\(reason)")
        }
        let path = DataFixtures.path("reproducers/idx-zero-axis-overflow.idx.gz")
        let reason = Self.reason { _ = try IDX.load(path) }
        #expect(reason.contains("IDX shape [0, 4294967295, 4294967295] of unsignedByte is too large"), "\(reason)")
    }

    @Test func gzippedIDXIsDecompressedOnlyAsFarAsItsHeaderNeeds() {
        // 16 data bytes announced, 8 MiB of zeros after them.
        let path = DataFixtures.path("reproducers/idx-inflates-past-header.idx.gz")
        let reason = Self.reason { _ = try IDX.load(path) }
        #expect(reason.contains("after the data of shape [16] (its header needs 24 bytes)"), "\(reason)")
    }

    @Test func gzipLimitStopsOrKeepsAPrefix() throws {
        let member = try DataFiles.read(DataFixtures.path("idx/float32.idx.gz"))
        let whole = try Gzip.decompress(member, source: "a")
        #expect(try Gzip.decompress(member, source: "a", limit: whole.count) == whole)
        #expect(try Gzip.decompress(member, source: "a", limit: 5, keepPrefix: true) == Array(whole.prefix(5)))
        let reason = Self.reason { _ = try Gzip.decompress(member, source: "a", limit: whole.count - 1) }
        #expect(reason == "the gzip data decompresses to more than the \(whole.count - 1) bytes expected")
    }

    @Test func cifarArchiveThatInflatesPastTheCapIsRejected() {
        // 4 MiB of zeros in 4 KB; the real cap (256 MiB) is lowered to keep the test fast.
        let layout = CIFARBinary.Layout(
            url: "http://127.0.0.1:9/none", archive: "cifar-10-binary.tar.gz", folder: "cifar-10-batches-bin",
            labelBytes: 1)
        let reason = Self.reason {
            _ = try CIFARBinary.load(
                layout, names: ["test_batch.bin"], labelIndex: 0, directory: DataFixtures.path("reproducers/cifar-bomb"),
                download: false, maxArchiveBytes: 1 << 20)
        }
        #expect(reason.contains("decompresses to more than 1048576 bytes"), "\(reason)")
    }
}
