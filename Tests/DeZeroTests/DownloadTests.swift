import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZero

/// Downloads from a loopback HTTP server serving Fixtures/data (no network needed).
@Suite struct DownloadTests {
    @Test func getFileDownloadsOnceIntoTheDataDirectory() throws {
        let server = LoopbackHTTPServer(root: DataFixtures.directory)
        defer { server.stop() }
        let directory = makeTemporaryDirectory("dezero-data-tests") + "/nested/cache"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = server.baseURL + "/shakespear/shakespear.txt"
        let path = try getFile(url, fileName: "copy.txt", directory: directory)
        #expect(path == directory + "/copy.txt")
        #expect(try DataFiles.read(path) == DataFiles.read(DataFixtures.path("shakespear/shakespear.txt")))
        #expect(try getFile(url, fileName: "copy.txt", directory: directory) == path)
        #expect(server.requests == ["/shakespear/shakespear.txt"], "the second call uses the cached file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["copy.txt"])
    }

    @Test func httpErrorIsADownloadErrorAndLeavesNoFile() throws {
        let server = LoopbackHTTPServer(root: DataFixtures.directory)
        defer { server.stop() }
        let directory = makeTemporaryDirectory("dezero-data-tests")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = #expect(throws: DatasetError.self) {
            try getFile(server.baseURL + "/missing.gz", directory: directory)
        }
        #expect(error?.description.contains("HTTP 404") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func datasetsDownloadTheirFiles() throws {
        let server = LoopbackHTTPServer(root: DataFixtures.directory)
        defer { server.stop() }
        let directory = makeTemporaryDirectory("dezero-data-tests")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let mnist = try MNIST(train: false, dataDirectory: directory, baseURL: server.baseURL + "/mnist/")
        expectIdentical(mnist.data, DataFixtures.array("mnist_test_data").astype(.float32))
        let cifar = try CIFAR100(
            train: false, dataDirectory: directory, url: server.baseURL + "/cifar100/cifar-100-binary.tar.gz")
        expectIdentical(cifar.label, DataFixtures.array("cifar100_test_fine"))
        let text = try Shakespear(dataDirectory: directory, url: server.baseURL + "/shakespear/shakespear.txt")
        expectIdentical(text.data, DataFixtures.array("shakespear_data"))
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: directory)) == [
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "cifar-100-binary.tar.gz", "shakespear.txt",
            ])
    }
}
