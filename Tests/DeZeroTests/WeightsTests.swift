import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZero

/// The fixture script's `Nested` model: keys `enc/l0/W`, `bn/avg_mean`, `dec/b`, ...
final class NestedNet: Model {
    let enc = MLP([4, 3])
    let bn = L.BatchNorm()
    let dec = L.Linear(2)
    override func forward(_ x: Variable) -> Variable { dec(bn(enc(x))) }
}

extension GlobalRandomTests {
@Suite struct WeightsTests {
    let fx = NNFixtures.layers

    /// An MLP([5, 2]) called once on a (3, 4) input.
    func trainedMLP() -> MLP {
        let model = MLP([5, 2])
        _ = model(Random.randn(3, 4))
        return model
    }

    // MARK: Round trips

    @Test(arguments: [true, false])
    func saveThenLoadRestoresEveryParameter(_ compressed: Bool) throws {
        let dir = makeTemporaryDirectory()
        let path = dir + "/mlp.npz"
        let model = NestedNet()
        let x = Variable(Random.rand(5, 4).astype(.float32))
        _ = model(x)
        try model.saveWeights(path, compressed: compressed)

        let copy = NestedNet()
        #expect(!copy.enc.layers[0].W.isInitialized)
        try copy.loadWeights(path)
        for ((key, a), (_, b)) in zip(model.namedParams(), copy.namedParams()) {
            #expect(a.dtype == b.dtype && arrayEqual(a.data, b.data), "\(key)")
        }
        let y0 = withTestMode { model(x) }, y1 = withTestMode { copy(x) }
        #expect(arrayEqual(y0.data, y1.data))
        #expect(try NPZ.load(path).map(\.name) == model.namedParams().map(\.key))
    }

    @Test func loadsWeightsWrittenByDeZero() throws {
        let model = MLP([5, 2])
        try model.loadWeights(NNFixtures.path("mlp_weights.npz"))
        #expect(model.layers[0].W.shape == [4, 5] && model.layers[0].W.dtype == .float32)
        let y = model(fixture(fx, "weights/mlp/x"))
        expectMatch(y.data, fixture(fx, "weights/mlp/y"), "y")

        let nested = NestedNet()
        try nested.loadWeights(NNFixtures.path("nested_weights.npz"))
        let yTest = withTestMode { nested(fixture(fx, "weights/nested/x")) }
        expectMatch(yTest.data, fixture(fx, "weights/nested/y_test"), "nested y")
        let file = try NPZ.loadDictionary(NNFixtures.path("nested_weights.npz"))
        #expect(Set(file.keys) == Set(nested.namedParams().map(\.key)))
        for (key, p) in nested.namedParams() { #expect(arrayEqual(p.data, file[key]!), "\(key)") }
    }

    @Test func loadConvertsToAnInitializedParametersDType() throws {
        let model = trainedMLP()
        try model.loadWeights(["l0/W": NDArray.ones([4, 5]), "l0/b": NDArray.zeros([5]), "l1/W": NDArray.ones([5, 2]), "l1/b": NDArray.zeros([2])])
        #expect(model.params().allSatisfy { $0.dtype == .float32 })
        let fresh = MLP([2])
        try fresh.loadWeights(["l0/W": NDArray.ones([3, 2]), "l0/b": NDArray.zeros([2])])
        #expect(fresh.layers[0].W.dtype == .float64, "a parameter not yet sized takes the file's dtype")
    }

    // MARK: Files that do not fit

    @Test func mismatchedKeysAndShapesAreNamedAndNothingIsLoaded() throws {
        let path = NNFixtures.path("mlp_weights.npz")
        let deeper = MLP([5, 2, 1])
        #expect(throws: WeightsError.mismatch(path: path, missingKeys: ["l2/W", "l2/b"], unexpectedKeys: [], shapeMismatches: [])) {
            try deeper.loadWeights(path)
        }
        #expect(!deeper.layers[0].W.isInitialized, "nothing loaded")

        let shallower = MLP([5])
        #expect(throws: WeightsError.mismatch(path: path, missingKeys: [], unexpectedKeys: ["l1/W", "l1/b"], shapeMismatches: [])) {
            try shallower.loadWeights(path)
        }
        try shallower.loadWeights(path, strict: false)
        #expect(shallower.layers[0].W.shape == [4, 5])

        let wider = MLP([6, 2])
        do {
            try wider.loadWeights(path)
            Issue.record("loaded a file of another shape")
        } catch let error as WeightsError {
            #expect(error == .mismatch(path: path, missingKeys: [], unexpectedKeys: [], shapeMismatches: [
                .init(key: "l0/W", expected: [nil, 6], found: [4, 5]), .init(key: "l0/b", expected: [6], found: [5]),
            ]))
            #expect(error.description == "Weights file '\(path)' does not match the model (nothing was loaded): "
                + "shape mismatches: l0/W: the model has [?, 6], the file [4, 5]; l0/b: the model has [6], the file [5]")
        }

        let sized = trainedMLP()
        #expect(throws: WeightsError.self) {
            try sized.loadWeights(["l0/W": NDArray.ones([3, 5]), "l0/b": NDArray.zeros([5]), "l1/W": NDArray.ones([5, 2]), "l1/b": NDArray.zeros([2])])
        }
    }

    @Test func unreadableFilesThrowIOErrors() throws {
        let dir = makeTemporaryDirectory()
        #expect(throws: NDArrayIOError.fileNotFound(path: dir + "/none.npz")) { try MLP([2]).loadWeights(dir + "/none.npz") }
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: dir + "/bad.npz"))
        #expect(throws: NDArrayIOError.self) { try MLP([2]).loadWeights(dir + "/bad.npz") }
    }

    // MARK: Atomic writes

    @Test func failedSavesLeaveTheOldFile() throws {
        let dir = makeTemporaryDirectory()
        let path = dir + "/w.npz"
        try trainedMLP().saveWeights(path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let unused = MLP([3, 2])
        #expect(throws: WeightsError.uninitializedParameters(keys: ["l0/W", "l1/W"])) { try unused.saveWeights(path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        #expect(throws: NDArrayIOError.self) { try trainedMLP().saveWeights(dir + "/missing/w.npz") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["w.npz"], "no temporary file left")
    }

    // MARK: NumPy and the Python DeZero

    @Test(.enabled(if: numpyPython != nil, "needs python3 with NumPy"))
    func numpyReadsSavedWeights() throws {
        let dir = makeTemporaryDirectory()
        let model = NestedNet()
        _ = model(Random.rand(5, 4).astype(.float32))
        try model.saveWeights(dir + "/w.npz")
        let script = """
            import sys, numpy as np
            f = np.load(sys.argv[1])
            for k in f.files: print(k, f[k].dtype, f[k].shape, repr(float(f[k].astype(np.float64).sum())))
            """
        let output = try #require(runProcess(numpyPython!, ["-c", script, dir + "/w.npz"]))
        let expected = model.namedParams().map { key, p in
            "\(key) \(p.dtype) (\(p.shape.map(String.init).joined(separator: ", "))\(p.ndim == 1 ? "," : "")) \(p.data.astype(.float64).sum().item())"
        }
        #expect(output.split(separator: "\n").map(String.init) == expected)
    }

    @Test(.enabled(if: dezeroPython != nil, "needs the Python DeZero (DEZERO_PYTHON or .venv)"))
    func dezeroLoadsSavedWeightsAndWeLoadItsFiles() throws {
        let dir = makeTemporaryDirectory()
        let model = MLP([5, 2])
        let x = Random.rand(3, 4)
        let y = model(x)
        try model.saveWeights(dir + "/ours.npz")
        try NPZ.save([("x", x)], to: dir + "/x.npz")
        // DeZero loads our file into a fresh MLP, checks the values, and saves its own file back.
        let script = """
            import sys, numpy as np, dezero.models as M
            d = sys.argv[1]
            model = M.MLP((5, 2))
            model.load_weights(d + '/ours.npz')
            ours = np.load(d + '/ours.npz')
            params = {}
            model._flatten_params(params)
            assert sorted(params) == sorted(ours.files), (sorted(params), ours.files)
            assert all(np.array_equal(params[k].data, ours[k]) and params[k].data.dtype == ours[k].dtype for k in params)
            y = model(np.load(d + '/x.npz')['x'])
            np.save(d + '/y.npy', y.data)
            for p in model.params(): p.data = p.data * 2
            model.save_weights(d + '/theirs.npz')
            print('ok')
            """
        let output = try #require(runProcess(dezeroPython!, ["-c", script, dir]))
        #expect(output == "ok\n")
        expectMatch(try NDArray.load(npy: dir + "/y.npy"), y.data, "DeZero's forward with our weights")
        let back = MLP([5, 2])
        try back.loadWeights(dir + "/theirs.npz")
        for ((key, a), (_, b)) in zip(model.namedParams(), back.namedParams()) {
            #expect(arrayEqual(a.data * 2.0, b.data), "\(key)")
        }
    }

    // MARK: Pretrained weights from a path or URL

    @Test func pretrainedWeightsComeFromTheCacheAndFailClearlyOffline() throws {
        let cache = makeTemporaryDirectory() + "/cache"
        // Port 9 (discard) on localhost refuses connections: the offline path, without waiting.
        let url = "http://127.0.0.1:9/weights.npz"
        let model = MLP([5, 2])
        #expect(throws: DatasetError.self) { try model.loadWeights(source: url, directory: cache) }
        // A file already in the cache is used without any download.
        try trainedMLP().saveWeights(cache + "/weights.npz")
        try model.loadWeights(source: url, directory: cache)
        #expect(model.layers[1].W.shape == [5, 2])
        #expect(throws: DatasetError.self) { try model.loadWeights(source: "https://127.0.0.1:9/other.npz", directory: cache) }
    }

    @Test func modelsLoadWeightsFromALocalPath() throws {
        let dir = makeTemporaryDirectory()
        let vgg = VGG16()
        var arrays: [String: NDArray] = [:]
        for (key, p) in vgg.namedParams() {
            let shape = (p.pendingShape ?? p.shape.map { $0 }).map { $0 ?? 1 }
            arrays[key] = NDArray.zeros(shape, dtype: .float32)
        }
        try NPZ.save(arrays.map { ($0.key, $0.value) }, to: dir + "/vgg.npz")
        let loaded = try VGG16(weights: dir + "/vgg.npz")
        #expect(loaded.fc6.W.shape == [1, 4096] && loaded.conv1_1.W.shape == [64, 1, 3, 3])
        #expect(throws: WeightsError.self) { try ResNet50(pretrained: false).loadWeights(dir + "/vgg.npz") }
    }
}
}
