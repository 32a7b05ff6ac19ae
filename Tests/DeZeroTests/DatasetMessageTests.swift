import DeZeroTestSupport
import DeZeroArray
import Foundation
import Testing

@testable import DeZero

/// Only a file `getFile` provides is worth deleting to download it again (issue 11, section 5).
@Suite struct DatasetMessageTests {
    @Test func onlyDownloadedFilesAreToldToBeDeleted() throws {
        let truncated = DataFixtures.path("idx/truncated-images-idx3-ubyte.gz")
        let own = #expect(throws: DatasetError.self) { try IDX.load(truncated) }
        #expect(own?.description.hasSuffix("the file has 3052.") == true, "\(String(describing: own))")

        let directory = makeTemporaryDirectory("dezero-data-tests")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: truncated, toPath: directory + "/" + MNIST.testFiles.images)
        try FileManager.default.copyItem(
            atPath: DataFixtures.path("mnist/" + MNIST.testFiles.labels), toPath: directory + "/" + MNIST.testFiles.labels)
        let downloaded = #expect(throws: DatasetError.self) {
            try MNIST(train: false, dataDirectory: directory, download: false)
        }
        #expect(
            downloaded?.description.hasSuffix("the file has 3052. Delete it to download it again.") == true,
            "\(String(describing: downloaded))")
    }
}
