import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZero

/// The data sets against the Python DeZero (Fixtures/data, made by
/// scripts/fixtures/dezero_data_fixtures.py). These touch the global generator: serialized.
extension GlobalRandomTests {
    @Suite(.serialized) struct DatasetTests {
        @Test func getSpiralMatchesDeZeroExactly() {
            for (train, tag) in [(true, "train"), (false, "test")] {
                let (x, t) = getSpiral(train: train)
                expectIdentical(x, DataFixtures.array("spiral_\(tag)_x"), "x \(tag)")
                expectIdentical(t, DataFixtures.array("spiral_\(tag)_t"), "t \(tag)")
            }
            // The global generator is left where DeZero leaves it.
            expectIdentical(Random.rand(3), DataFixtures.array("spiral_after"))
        }

        @Test func spiralDatasetItems() {
            let spiral = Spiral()
            #expect(spiral.count == 300 && spiral.train)
            let (x, t) = spiral[7]
            expectIdentical(x, DataFixtures.array("spiral_item7_x"))
            expectIdentical(t, DataFixtures.array("spiral_item7_t"))
            expectIdentical(spiral[-1].x, spiral.data[299])
            let test = Spiral(train: false, transform: AsType(.float64), targetTransform: AnyTransform { $0 + 10 })
            expectIdentical(test[0].x, DataFixtures.array("spiral_test_x")[0].astype(.float64))
            expectIdentical(test[0].t, DataFixtures.array("spiral_test_t")[0] + 10)
        }

        @Test func sinCurveMatchesDeZeroExactly() {
            Random.seed(0)
            for (train, tag) in [(true, "train"), (false, "test")] {
                let curve = SinCurve(train: train)
                #expect(curve.count == 999)
                expectIdentical(curve.data, DataFixtures.array("sincurve_\(tag)_data"), "data \(tag)")
                expectIdentical(curve.label, DataFixtures.array("sincurve_\(tag)_label"), "label \(tag)")
                expectIdentical(curve[5].x, DataFixtures.array("sincurve_\(tag)_item5_x"))
                expectIdentical(curve[5].t, DataFixtures.array("sincurve_\(tag)_item5_t"))
            }
        }

        @Test func tensorDatasetIndexesRows() {
            let data = NDArray.arange(12).reshape(6, 2)
            let label = NDArray.arange(6) * 10
            let dataset = TensorDataset(data: data, label: label, transform: ToFloat())
            #expect(dataset.count == 6)
            expectIdentical(dataset[2].x, NDArray([Float(4), 5]))
            expectIdentical(dataset[2].t, NDArray(scalar: Int64(20)))
        }

        @Test func datasetIndexOutOfRangeStops() async {
            await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                _ = TensorDataset(data: NDArray.zeros([3, 2]), label: NDArray.zeros([3]))[3]
            }.map { result in
                #expect(String(decoding: result.standardErrorContent, as: UTF8.self).contains("index out of range for a dataset of 3 examples"))
            }
        }
    }
}

extension GlobalRandomTests {
    @Suite struct MNISTTests {
        @Test func readsIDXFilesAsDeZeroDoes() throws {
            for (train, tag) in [(true, "train"), (false, "test")] {
                let mnist = try MNIST(train: train, dataDirectory: DataFixtures.path("mnist"), download: false)
                let expectedData = DataFixtures.array("mnist_\(tag)_data")
                // DeZero keeps uint8 pixels; ours are float32 with the same values.
                expectIdentical(mnist.data, expectedData.astype(.float32), "data \(tag)")
                #expect(mnist.data.shape == [train ? 5 : 3, 1, 28, 28])
                expectIdentical(mnist.label, DataFixtures.array("mnist_\(tag)_label"), "label \(tag)")
                expectIdentical(mnist[1].x, DataFixtures.array("mnist_\(tag)_item1_x"))
                expectIdentical(mnist[1].t, DataFixtures.array("mnist_\(tag)_item1_t"))
            }
        }

        @Test func readsUncompressedFilesToo() throws {
            let directory = makeTemporaryDirectory("dezero-data-tests")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            for name in [MNIST.testFiles.images, MNIST.testFiles.labels] {
                let bytes = try Gzip.decompress(DataFiles.read(DataFixtures.path("mnist/" + name)), source: name)
                _ = FileManager.default.createFile(atPath: directory + "/" + name.dropLast(3), contents: Data(bytes))
            }
            let mnist = try MNIST(train: false, transform: nil, dataDirectory: directory, download: false)
            expectIdentical(mnist.data, DataFixtures.array("mnist_test_data").astype(.float32))
        }

        @Test func missingFilesWithoutDownloadSayWhereToPutThem() {
            let directory = makeTemporaryDirectory("dezero-data-tests")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let error = #expect(throws: DatasetError.self) {
                try MNIST(train: true, dataDirectory: directory, download: false)
            }
            let path = directory + "/train-images-idx3-ubyte.gz"
            #expect(error == .fileNotFound(path: path, url: MNIST.baseURL + "train-images-idx3-ubyte.gz"))
            #expect(error?.description.contains(path) == true)
            #expect(error?.description.contains("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz") == true)
        }

        @Test func failedDownloadThrowsQuicklyAndLeavesNoFile() {
            let directory = makeTemporaryDirectory("dezero-data-tests") + "/cache"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // Port 9 (discard) on the loopback refuses at once: what an offline machine sees.
            let url = "http://127.0.0.1:9/mnist/train-images-idx3-ubyte.gz"
            let start = Date()
            let error = #expect(throws: DatasetError.self) {
                try getFile(url, directory: directory, timeout: 10)
            }
            #expect(Date().timeIntervalSince(start) < 10)
            guard case .downloadFailed(let failedURL, let destination, _) = error else {
                Issue.record("expected downloadFailed, got \(String(describing: error))")
                return
            }
            #expect(failedURL == url)
            #expect(destination == directory + "/train-images-idx3-ubyte.gz")
            #expect(error!.description.contains("put it at \(destination)"))
            #expect(!DataFiles.fileExists(destination))
            #expect((try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true)
        }

        @Test func invalidURLIsADownloadError() {
            let error = #expect(throws: DatasetError.self) {
                try getFile("no scheme/file.gz", directory: makeTemporaryDirectory("dezero-data-tests"))
            }
            guard case .downloadFailed = error else {
                Issue.record("expected downloadFailed, got \(String(describing: error))")
                return
            }
        }

        @Test func truncatedImagesAreACorruptFileError() throws {
            let directory = makeTemporaryDirectory("dezero-data-tests")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let manager = FileManager.default
            try manager.copyItem(
                atPath: DataFixtures.path("idx/truncated-images-idx3-ubyte.gz"),
                toPath: directory + "/" + MNIST.testFiles.images)
            try manager.copyItem(
                atPath: DataFixtures.path("mnist/" + MNIST.testFiles.labels), toPath: directory + "/" + MNIST.testFiles.labels)
            let error = #expect(throws: DatasetError.self) {
                try MNIST(train: false, dataDirectory: directory, download: false)
            }
            guard case .corruptFile(let path, let reason) = error else {
                Issue.record("expected corruptFile, got \(String(describing: error))")
                return
            }
            #expect(path == directory + "/" + MNIST.testFiles.images)
            #expect(reason.contains("IDX data truncated"))
        }

        @Test func labelCountMustMatchImageCount() throws {
            let directory = makeTemporaryDirectory("dezero-data-tests")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let manager = FileManager.default
            try manager.copyItem(
                atPath: DataFixtures.path("mnist/" + MNIST.testFiles.images), toPath: directory + "/" + MNIST.testFiles.images)
            try manager.copyItem(  // five training labels for three test images
                atPath: DataFixtures.path("mnist/" + MNIST.trainFiles.labels), toPath: directory + "/" + MNIST.testFiles.labels)
            let error = #expect(throws: DatasetError.self) {
                try MNIST(train: false, dataDirectory: directory, download: false)
            }
            #expect(error?.description.contains("5 labels for the 3 images") == true)
        }

        @Test func syntheticIsMNISTShapedDeterministicAndLeavesTheGlobalGeneratorAlone() {
            let (a, after, expectedNext) = {
                Random.seed(42)
                let expectedNext = Random.rand(1)
                Random.seed(42)
                let a = MNIST.synthetic(train: true, count: 50)
                return (a, Random.rand(1), expectedNext)
            }()
            expectIdentical(after, expectedNext, "global generator untouched")
            let b = MNIST.synthetic(train: true, count: 50)
            let test = MNIST.synthetic(train: false, count: 50)
            #expect(a.data.shape == [50, 1, 28, 28] && a.data.dtype == .float32)
            #expect(a.label.shape == [50] && a.label.dtype == .int64)
            expectIdentical(a.data, b.data)
            expectIdentical(a.label, b.label)
            #expect(!identical(a.data, test.data))
            let pixels = a.data.scalars(as: Float.self)
            #expect(pixels.allSatisfy { $0 >= 0 && $0 <= 255 && $0 == $0.rounded() })
            #expect(pixels.contains { $0 > 128 })
            #expect(Set(a.label.scalars(as: Int64.self)).isSubset(of: Set(0..<10)))
            let (x, t) = a[0]
            #expect(x.shape == [784] && x.dtype == .float32 && t.shape == [])
        }
    }
}

@Suite struct IDXTests {
    @Test func readsEveryElementType() throws {
        expectIdentical(try IDX.load(DataFixtures.path("idx/int32.idx")), DataFixtures.array("idx_int32"))
        expectIdentical(try IDX.load(DataFixtures.path("idx/float64.idx")), DataFixtures.array("idx_float64"))
        expectIdentical(try IDX.load(DataFixtures.path("idx/float32.idx.gz")), DataFixtures.array("idx_float32"))
        expectIdentical(try IDX.load(DataFixtures.path("idx/int16.idx")), DataFixtures.array("idx_int16"))
        expectIdentical(try IDX.load(DataFixtures.path("idx/int8.idx")), DataFixtures.array("idx_int8"))
        expectIdentical(
            try IDX.load(DataFixtures.path("mnist/train-labels-idx1-ubyte.gz")), DataFixtures.array("mnist_train_labels"))
        expectIdentical(
            try IDX.load(DataFixtures.path("idx/int8.idx"), dtype: .float32),
            DataFixtures.array("idx_int8").astype(.float32))
    }

    @Test(arguments: [
        ("idx/truncated-images-idx3-ubyte.gz", "IDX data truncated: shape [4, 28, 28] of unsignedByte needs 3152 bytes, the file has 3052"),
        ("idx/cut-images-idx3-ubyte.gz", "gzip data ends early"),
        ("idx/badmagic.idx", "bad IDX magic number 0x01020803"),
        ("idx/header-only.idx", "IDX header truncated: 3 dimensions need 16 header bytes, the file has 10"),
    ])
    func badFilesThrowCorruptFile(file: String, message: String) {
        let path = DataFixtures.path(file)
        let error = #expect(throws: DatasetError.self) { try IDX.load(path) }
        guard case .corruptFile(let reportedPath, let reason) = error else {
            Issue.record("expected corruptFile, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(reason.contains(message), "\(reason)")
    }

    @Test func trailingBytesAndShortHeadersAreRejected() {
        #expect(throws: DatasetError.corruptFile(path: "m", reason: "IDX header truncated: 2 bytes, need at least 4")) {
            try IDX.decode([0, 0], source: "m")
        }
        #expect(throws: DatasetError.corruptFile(path: "m", reason: "IDX file has 1 bytes after the data of shape [1]")) {
            try IDX.decode([0, 0, 8, 1, 0, 0, 0, 1, 7, 9], source: "m")
        }
        #expect(
            throws: DatasetError.corruptFile(
                path: "m", reason: "IDX data truncated: shape [2147483647, 2147483647, 65536] of int needs more than the 16 bytes the file has")
        ) {
            try IDX.decode([0, 0, 12, 3, 127, 255, 255, 255, 127, 255, 255, 255, 0, 1, 0, 0], source: "m")
        }
        #expect(throws: DatasetError.corruptFile(path: "m", reason: "unknown IDX element type code 0x07")) {
            try IDX.decode([0, 0, 7, 1, 0, 0, 0, 1, 7], source: "m")
        }
        #expect(throws: DatasetError.fileNotFound(path: "/nonexistent/x.idx", url: nil)) {
            try IDX.load("/nonexistent/x.idx")
        }
    }

    @Test func gzipJoinsMembersAndRejectsGarbage() throws {
        let member = try DataFiles.read(DataFixtures.path("idx/float32.idx.gz"))
        let once = try Gzip.decompress(member, source: "a")
        #expect(try Gzip.decompress(member + member, source: "a") == once + once)
        #expect(throws: DatasetError.self) { try Gzip.decompress([0x1f, 0x8b, 8, 0, 1, 2, 3], source: "g") }
        #expect(throws: DatasetError.self) { try Gzip.decompress(member + [1, 2, 3], source: "g") }
        #expect(throws: DatasetError.self) { try Gzip.decompress([1, 2, 3], source: "g") }
    }
}

@Suite struct CIFARTests {
    @Test func cifar10ReadsTheBinaryArchive() throws {
        let directory = DataFixtures.path("cifar10")
        let train = try CIFAR10(train: true, dataDirectory: directory, download: false)
        expectIdentical(train.data, DataFixtures.array("cifar10_train_data").astype(.float32))
        expectIdentical(train.label, DataFixtures.array("cifar10_train_label"))
        let test = try CIFAR10(train: false, transform: nil, dataDirectory: directory, download: false)
        expectIdentical(test.data, DataFixtures.array("cifar10_test_data").astype(.float32))
        expectIdentical(test.label, DataFixtures.array("cifar10_test_label"))
        #expect(train.count == 10 && test.count == 3)
        expectIdentical(train[3].x, CIFAR10.defaultTransform(DataFixtures.array("cifar10_train_data")[3]))
        #expect(CIFAR10.labels[0] == "airplane" && CIFAR10.labels.count == 10)
    }

    @Test func cifar10ReadsAnUnpackedFolder() throws {
        let directory = makeTemporaryDirectory("dezero-data-tests")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = DataFixtures.path("cifar10/cifar-10-binary.tar.gz")
        let bytes = try Gzip.decompress(DataFiles.read(archive), source: archive)
        try FileManager.default.createDirectory(atPath: directory + "/cifar-10-batches-bin", withIntermediateDirectories: true)
        for member in try Tar.members(bytes, source: archive) {
            _ = FileManager.default.createFile(atPath: directory + "/" + member.name, contents: Data(bytes[member.range]))
        }
        let test = try CIFAR10(train: false, dataDirectory: directory, download: false)
        expectIdentical(test.data, DataFixtures.array("cifar10_test_data").astype(.float32))
    }

    @Test func cifar100FineAndCoarse() throws {
        let directory = DataFixtures.path("cifar100")
        for (train, tag) in [(true, "train"), (false, "test")] {
            let fine = try CIFAR100(train: train, dataDirectory: directory, download: false)
            let coarse = try CIFAR100(train: train, labelType: .coarse, dataDirectory: directory, download: false)
            expectIdentical(fine.data, DataFixtures.array("cifar100_\(tag)_data").astype(.float32))
            expectIdentical(fine.label, DataFixtures.array("cifar100_\(tag)_fine"))
            expectIdentical(coarse.label, DataFixtures.array("cifar100_\(tag)_coarse"))
        }
        #expect(CIFAR100.labels(.fine).count == 100 && CIFAR100.labels(.coarse).count == 20)
        #expect(CIFAR100.labels()[99] == "worm" && CIFAR100.labels(.coarse)[19] == "vehicles 2")
    }

    @Test func truncatedBatchAndMissingArchive() {
        var pixels: [Float] = [], labels: [Int64] = []
        #expect(throws: DatasetError.self) {
            try CIFARBinary.decode(
                [UInt8](repeating: 0, count: 3073 + 100), labelBytes: 1, labelIndex: 0, source: "b", pixels: &pixels,
                labels: &labels)
        }
        let directory = makeTemporaryDirectory("dezero-data-tests")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: DatasetError.fileNotFound(path: directory + "/cifar-10-binary.tar.gz", url: CIFAR10.url)) {
            try CIFAR10(dataDirectory: directory, download: false)
        }
    }
}

@Suite struct ShakespearTests {
    @Test func charIDsMatchDeZero() throws {
        let s = try Shakespear(dataDirectory: DataFixtures.path("shakespear"), download: false)
        expectIdentical(s.data, DataFixtures.array("shakespear_data"))
        expectIdentical(s.label, DataFixtures.array("shakespear_label"))
        let vocabulary = DataFixtures.array("shakespear_vocabulary").scalars(as: Int64.self)
        #expect(s.vocabularySize == vocabulary.count)
        for (id, code) in vocabulary.enumerated() {
            let character = Character(Unicode.Scalar(UInt32(code))!)
            #expect(s.idToChar[id] == character && s.charToID[character] == id)
        }
        let (x, t) = s[0]
        #expect(x.shape == [] && x.dtype == .int64 && t.item() == 1)
    }

    @Test func textModeNewlinesAndTooShortText() throws {
        let s = try Shakespear(text: "a\r\nb\rc\n")
        #expect(s.data.scalars(as: Int64.self) == [0, 1, 2, 1, 3])
        #expect(s.idToChar[1] == "\n")
        #expect(throws: DatasetError.self) { try Shakespear(text: "a") }
    }
}

@Suite struct ImageNetTests {
    @Test func labelsParseThePythonDictionary() throws {
        let labels = try ImageNet.labels(dataDirectory: DataFixtures.path("imagenet"), download: false)
        #expect(
            labels == [
                0: "tench, Tinca tinca", 1: "goldfish, Carassius auratus", 2: "carpenter's kit, tool kit",
                3: "it's \"quoted\"",
            ])
    }

    @Test func badDictionariesAreCorruptFiles() throws {
        #expect(try ImageNet.parseLabels("{}", source: "t") == [:])
        #expect(try ImageNet.parseLabels("{1: 'a',}", source: "t") == [1: "a"])
        #expect(throws: DatasetError.corruptFile(path: "t", reason: "expected ':' at character 3 of the labels dictionary")) {
            try ImageNet.parseLabels("{1 'a'}", source: "t")
        }
        #expect(throws: DatasetError.self) { try ImageNet.parseLabels("{1: 'a'", source: "t") }
        #expect(throws: DatasetError.self) { try ImageNet.parseLabels("[1, 2]", source: "t") }
    }
}
