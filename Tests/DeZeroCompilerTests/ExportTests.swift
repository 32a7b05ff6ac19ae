import DeZero
import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// Exported compiled programs: saved by the compiled function, loaded and run with no model
/// code, bit for bit what the compiled function gives; resumed training; damaged folders.
@Suite struct ExportTests {
    /// A new temporary directory, removed by the caller.
    static func directory() -> String { makeTemporaryDirectory("dezero-export") }

    /// Calls `f` `warmup` times on `inputs` (eager, traced, compiled), exports it, then runs the
    /// original and the loaded program `steps` more times each: every result is the same, bit
    /// for bit, and so is the state after (saved again and loaded again).
    static func checkResume(_ setup: (CompiledFunction, [NDArray]), warmup: Int = 3, steps: Int = 10) throws {
        let (f, inputs) = setup
        for _ in 0..<warmup { _ = try f(inputs.map { Variable($0) }) }
        let folder = directory()
        defer { removeTemporaryDirectory(folder) }
        try f.export(to: folder + "/step")
        let loaded = try CompiledProgram.load(folder + "/step")
        for i in 0..<steps {
            let expected = try f(inputs.map { Variable($0) }).map(\.data)
            let actual = try loaded.run(inputs)
            #expect(expected.count == actual.count)
            for (e, a) in zip(expected, actual) {
                #expect(sameBits(e, a), "\(f.name) step \(i): original \(e), exported \(a)")
            }
        }
        #expect(f.closureRuns == 2)
        // Saved after the steps and loaded again: the same state and step counts.
        try loaded.save(to: folder + "/step")
        let again = try CompiledProgram.load(folder + "/step")
        #expect(again.effectCounts == loaded.effectCounts)
        #expect(again.state.keys.sorted() == loaded.state.keys.sorted())
        for (name, array) in loaded.state { #expect(sameBits(again.state[name]!, array), "\(name)") }
        #expect(try again.run(inputs).count == loaded.program.results.count)
    }

    @Test func spiralStepResumesWithTheSameLossesAndWeights() throws {
        let (f, inputs) = BuiltinPrograms.spiralStepFunction()
        try Self.checkResume((f, inputs))
    }

    @Test func lstmStepWithAdamResumesWithTheSameLosses() throws {
        try Self.checkResume(BuiltinPrograms.lstmStepFunction())
    }

    @Test func cnnStepWithMomentumResumesWithTheSameLosses() throws {
        try Self.checkResume(BuiltinPrograms.cnnStepFunction())
    }

    @Test func adamsStepCountAndLearningRateAreSavedAsARule() throws {
        let (f, inputs) = BuiltinPrograms.lstmStepFunction()
        for _ in 0..<4 { _ = try f(inputs.map { Variable($0) }) }
        let exported = try f.exported()
        let effect = try #require(exported.manifest.bindings.first { $0.kind == "effect" })
        #expect(effect.name == "Adam.t += 1")
        #expect(effect.count == 4)
        let lr = try #require(exported.manifest.bindings.first { $0.name == "Adam.lr" })
        #expect(lr.schedule == ExportManifest.Schedule(
            rule: "adam-learning-rate", step: "Adam.t += 1", parameters: ["alpha": 0.001, "beta1": 0.9, "beta2": 0.999]))
        _ = try exported.run(inputs)
        #expect(exported.effectCounts == ["Adam.t += 1": 5])
    }

    @Test func anInferenceFunctionRunsTheSameOnItsOwn() throws {
        Random.seed(0)
        let model = MLP([10, 3])
        let x = Random.randn(7, 2).astype(.float32)
        let predict = compile("predict") { (x: Variable) -> Variable in model(x) }
        let scores = try withNoGrad { _ = try predict(Variable(x)); return try predict(Variable(x)) }
        let folder = Self.directory()
        defer { removeTemporaryDirectory(folder) }
        try predict.export(to: folder + "/predict")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/predict").sorted()
        #expect(files == ["manifest.json", "program.ir", "state.npz"])
        let loaded = try CompiledProgram.load(folder + "/predict", executor: CPUExecutor())
        #expect(sameBits(try loaded.run([x])[0], scores.data))
        #expect(loaded.state.keys.sorted() == ["l0.W", "l0.b", "l1.W", "l1.b"])
        #expect(sameBits(loaded.state["l0.W"]!, model.layers[0].W.data))
        // A second export replaces the folder whole and leaves nothing beside it.
        try predict.export(to: folder + "/predict")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["predict"])
    }

    @Test func exportingBeforeATraceOrAnUnknownEffectIsATypedError() throws {
        let f = compile("once") { (x: Variable) -> Variable in x * 2.0 }
        _ = try f(Variable(NDArray([1.0, 2.0])))
        #expect(throws: ExportError.nothingToExport(function: "once")) { try f.export(to: "/nonexistent/x") }

        final class Counter { var n = 0 }
        let counter = Counter()
        let g = compile("counting") { (x: Variable) -> Variable in
            counter.n += 1
            Tracing.effect("n += 1", owner: counter) { counter.n += 1 }
            return x * 2.0
        }
        for _ in 0..<2 { _ = try g(Variable(NDArray([1.0, 2.0]))) }
        #expect {
            try g.function.exported()
        } throws: { error in
            guard case .unsupportedBinding(let name, let reason) = error as? ExportError else { return false }
            return name == "Counter.n += 1" && reason.contains("host effect")
        }
    }

    // MARK: - Damaged folders

    /// A fresh export of the spiral step in a new directory: (directory, folder).
    static func spiralFolder() throws -> (String, String) {
        let (f, inputs) = BuiltinPrograms.spiralStepFunction()
        for _ in 0..<2 { _ = try f(inputs.map { Variable($0) }) }
        let directory = directory()
        try f.export(to: directory + "/step")
        return (directory, directory + "/step")
    }

    /// The manifest of `folder` changed by `edit`, written back.
    static func editManifest(_ folder: String, _ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: folder + "/manifest.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    /// The manifest's record of a file dropped (to load a file changed on purpose).
    static func forgetChecksum(_ folder: String, _ file: String) throws {
        try editManifest(folder) { json in
            var files = json["files"] as! [String: Any]
            files[file] = ["name": file == "program" ? "program.ir" : "state.npz"]
            json["files"] = files
        }
    }

    /// Loading `folder` throws an ``ExportError`` for which `check` holds.
    static func expectLoadFails(_ folder: String, _ check: (ExportError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try CompiledProgram.load(folder)
            Issue.record("loaded a damaged folder", sourceLocation: sourceLocation)
        } catch {
            #expect(check(error), "\(error)", sourceLocation: sourceLocation)
        }
    }

    static func truncate(_ path: String, to fraction: Double) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(Int(Double(data.count) * fraction)).write(to: URL(fileURLWithPath: path))
    }

    @Test func missingFolderOrFiles() throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        Self.expectLoadFails(directory + "/none") { $0 == .missingFile(path: directory + "/none") }
        for file in ["manifest.json", "program.ir", "state.npz"] {
            let copy = directory + "/missing-" + file
            try FileManager.default.copyItem(atPath: folder, toPath: copy)
            try FileManager.default.removeItem(atPath: copy + "/" + file)
            Self.expectLoadFails(copy) { $0 == .missingFile(path: copy + "/" + file) }
        }
    }

    @Test func damagedManifests() throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        let manifest = folder + "/manifest.json"
        let original = try Data(contentsOf: URL(fileURLWithPath: manifest))
        func restore() throws { try original.write(to: URL(fileURLWithPath: manifest)) }

        try Self.truncate(manifest, to: 0.5)
        Self.expectLoadFails(folder) {
            guard case .corrupt(manifest, _, let detail) = $0 else { return false }
            return detail.contains("not valid JSON")
        }
        try Data([0xFF, 0x00, 0x7B]).write(to: URL(fileURLWithPath: manifest))
        Self.expectLoadFails(folder) { if case .corrupt(manifest, _, _) = $0 { true } else { false } }

        try restore()
        try Self.editManifest(folder) { $0["formatVersion"] = 2; $0["somethingNew"] = [1, 2] }
        Self.expectLoadFails(folder) { $0 == .newerFormat(path: manifest, version: 2, supported: 1) }

        try restore()
        try Self.editManifest(folder) { $0.removeValue(forKey: "name") }
        Self.expectLoadFails(folder) { $0 == .corrupt(path: manifest, entry: "name", detail: "missing") }

        try restore()
        try Self.editManifest(folder) { json in
            var bindings = json["bindings"] as! [[String: Any]]
            bindings[0].removeValue(forKey: "value")
            json["bindings"] = bindings
        }
        Self.expectLoadFails(folder) { $0 == .corrupt(path: manifest, entry: "SGD.lr", detail: "a scalar needs its value") }

        try restore()
        try Self.editManifest(folder) { json in
            var bindings = json["bindings"] as! [[String: Any]]
            bindings[1]["name"] = "l9.W"
            json["bindings"] = bindings
        }
        Self.expectLoadFails(folder) { if case .corrupt(manifest, "l9.W", _) = $0 { true } else { false } }

        try restore()
        try Self.editManifest(folder) { json in
            var files = json["files"] as! [String: Any]
            files["state"] = ["name": "../elsewhere.npz"]
            json["files"] = files
        }
        Self.expectLoadFails(folder) { if case .corrupt(manifest, "files.state", _) = $0 { true } else { false } }

        try restore()
        try Self.editManifest(folder) { $0["inputs"] = [["dtype": "float32", "shape": [31, 2]], ["dtype": "int64", "shape": [30]]] }
        Self.expectLoadFails(folder) { if case .corrupt(manifest, "inputs", _) = $0 { true } else { false } }

        try restore()
        #expect(try CompiledProgram.load(folder).program.name == "spiral_step")
    }

    @Test func damagedProgramText() throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        let path = folder + "/program.ir"
        try Self.truncate(path, to: 0.6)
        Self.expectLoadFails(folder) {
            guard case .corrupt(path, nil, let detail) = $0 else { return false }
            return detail.contains("truncated")
        }
        // Without the manifest's size and checksum, the parser finds the place.
        try Self.forgetChecksum(folder, "program")
        Self.expectLoadFails(folder) {
            guard case .invalidProgram(path, let line, _, _) = $0 else { return false }
            return line > 1
        }
        // A changed digit keeps the size: the checksum catches it.
        let (directory2, folder2) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory2) }
        var text = try String(contentsOfFile: folder2 + "/program.ir", encoding: .utf8)
        text = text.replacingOccurrences(of: "const 30.0", with: "const 31.0")
        try text.write(toFile: folder2 + "/program.ir", atomically: true, encoding: .utf8)
        Self.expectLoadFails(folder2) {
            guard case .corrupt(_, nil, let detail) = $0 else { return false }
            return detail.contains("CRC-32")
        }
    }

    @Test func damagedState() throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        let path = folder + "/state.npz"
        let original = try NPZ.load(path)
        try Self.truncate(path, to: 0.7)
        Self.expectLoadFails(folder) { if case .corrupt(path, nil, let detail) = $0 { detail.contains("truncated") } else { false } }
        try Self.forgetChecksum(folder, "state")
        Self.expectLoadFails(folder) { if case .corrupt(path, nil, let detail) = $0 { detail.contains("Truncated") } else { false } }

        try NPZ.save(original.filter { $0.name != "l0.W" }, to: path)
        Self.expectLoadFails(folder) { $0 == .missingState(path: path, entry: "l0.W") }

        try NPZ.save(original.map { $0.name == "l0.W" ? ($0.name, NDArray.zeros([3, 10]).astype(.float32)) : $0 }, to: path)
        Self.expectLoadFails(folder) {
            $0 == .stateMismatch(path: path, entry: "l0.W", expected: TensorType(.float32, [2, 10]), found: TensorType(.float32, [3, 10]))
        }

        try NPZ.save(original.map { $0.name == "l1.b" ? ($0.name, $0.array.astype(.float64)) : $0 }, to: path)
        Self.expectLoadFails(folder) {
            $0 == .stateMismatch(path: path, entry: "l1.b", expected: TensorType(.float32, [3]), found: TensorType(.float64, [3]))
        }

        try NPZ.save(original + [("l2.W", NDArray.zeros([1]))], to: path)
        Self.expectLoadFails(folder) { if case .corrupt(path, "l2.W", _) = $0 { true } else { false } }

        // Gradients the program only stores may be missing; it runs and stores them.
        try NPZ.save(original.filter { !$0.name.hasSuffix(".grad") }, to: path)
        let loaded = try CompiledProgram.load(folder)
        let (_, inputs) = BuiltinPrograms.spiralStepFunction()
        _ = try loaded.run(inputs)
        #expect(loaded.state["l0.W.grad"] != nil)
    }

    /// Seeded damage to each file (bytes changed, cut short), with the manifest's checksums
    /// dropped so that the readers themselves meet it: every load either works or throws an
    /// ``ExportError``; none crashes.
    @Test func damagedFilesNeverCrash() throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        try Self.forgetChecksum(folder, "program")
        try Self.forgetChecksum(folder, "state")
        var generator = SplitMix64(state: 7)
        for file in ["manifest.json", "program.ir", "state.npz"] {
            let path = folder + "/" + file
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            var outcomes = (loaded: 0, failed: 0)
            for round in 0..<150 {
                var bytes = original
                if round % 3 == 0 {
                    bytes.removeLast(Int(generator.next() % UInt64(bytes.count)))
                } else {
                    for _ in 0...(generator.next() % 4) {
                        bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                    }
                }
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                do {
                    _ = try CompiledProgram.load(folder)
                    outcomes.loaded += 1
                } catch {
                    outcomes.failed += 1
                }
            }
            try Data(original).write(to: URL(fileURLWithPath: path))
            #expect(outcomes.failed > 0, "\(file)")
        }
    }

    @Test func wrongInputsAreATypedError() throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        let loaded = try CompiledProgram.load(folder)
        let (_, inputs) = BuiltinPrograms.spiralStepFunction()
        #expect(throws: ExportError.inputMismatch(program: "spiral_step", detail: "takes 2 inputs; got 1")) {
            try loaded.run([inputs[0]])
        }
        #expect(throws: ExportError.inputMismatch(program: "spiral_step", detail: "input 0 must be f32[30,2]; got f64[30,2]")) {
            try loaded.run([inputs[0].astype(.float64), inputs[1]])
        }
    }

    @Test func aFolderWithOtherFilesIsNotReplaced() throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        let loaded = try CompiledProgram.load(folder)
        let mine = directory + "/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: mine + "/notes.txt"))
        #expect {
            try loaded.save(to: mine)
        } throws: { error in
            guard case .writeFailed(mine, let detail) = error as? ExportError else { return false }
            return detail.contains("notes.txt")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: mine) == ["notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["mine", "step"])
    }

    /// The files of `folder` by name, with their bytes.
    static func contents(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    /// A save that fails at any stage, with the folders exchanged or renamed, leaves the old
    /// folder as it was and nothing beside it; one that does not fail replaces it.
    @Test(arguments: [true, false])
    func aFailedSaveLeavesTheOldFolderIntact(exchange: Bool) throws {
        let (directory, folder) = try Self.spiralFolder()
        defer { removeTemporaryDirectory(directory) }
        let before = try Self.contents(folder)
        let loaded = try CompiledProgram.load(folder)
        let (_, inputs) = BuiltinPrograms.spiralStepFunction()
        _ = try loaded.run(inputs)  // the state differs from the folder's now
        let key = URL(fileURLWithPath: folder).standardizedFileURL.path
        if !exchange { FolderSwap.forceUnsupported.withLock { _ = $0.insert(key) } }
        defer {
            FolderSwap.faults.withLock { $0[key] = nil }
            FolderSwap.forceUnsupported.withLock { _ = $0.remove(key) }
        }
        let stages: [FolderSwap.Stage] = [.afterProgram, .afterState, .beforeSwap] + (exchange ? [] : [.betweenRenames])
        for stage in stages {
            FolderSwap.faults.withLock { $0[key] = stage }
            #expect(throws: ExportError.writeFailed(path: folder, detail: "injected failure (\(stage))")) { try loaded.save(to: folder) }
            #expect(try Self.contents(folder) == before, "\(stage)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["step"], "\(stage)")
        }
        FolderSwap.faults.withLock { $0[key] = nil }
        try loaded.save(to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["step"])
        #expect(try Self.contents(folder)[CompiledProgram.stateFile] != before[CompiledProgram.stateFile])
        let again = try CompiledProgram.load(folder)
        for (name, array) in loaded.state { #expect(sameBits(again.state[name]!, array), "\(name)") }
    }

    /// Where the system exchanges folders (Linux), two folders swap in one step.
    @Test func foldersAreExchangedInOneStep() throws {
        let directory = Self.directory()
        defer { removeTemporaryDirectory(directory) }
        let manager = FileManager.default
        for (name, file) in [("a", "one"), ("b", "two")] {
            try manager.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: false)
            try Data().write(to: URL(fileURLWithPath: directory + "/\(name)/\(file)"))
        }
        let outcome = FolderSwap.exchange(directory + "/a", directory + "/b")
        #if os(Linux)
            // (A file system without RENAME_EXCHANGE says unsupported; the temporary folder's should have it.)
            #expect(outcome == .exchanged)
        #endif
        if outcome == .exchanged {
            #expect(try manager.contentsOfDirectory(atPath: directory + "/a") == ["two"])
            #expect(try manager.contentsOfDirectory(atPath: directory + "/b") == ["one"])
        }
        #expect(FolderSwap.exchange(directory + "/a", directory + "/missing") != .exchanged)
    }
}
}

