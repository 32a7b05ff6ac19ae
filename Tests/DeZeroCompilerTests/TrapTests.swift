import DeZero
import DeZeroArray
import Foundation
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

/// What a naive trace gets wrong (tinygrad's JIT footguns), each checked against eager.
extension GlobalRandomTests {
@Suite struct TrapTests {
    /// A model of two linear layers with batch normalization and dropout between them.
    final class Net: Model {
        let l0 = L.Linear(8)
        let bn = L.BatchNorm()
        let l1 = L.Linear(3)
        override func forward(_ x: Variable) -> Variable {
            l1(dropout(relu(bn(l0(x))), ratio: 0.3))
        }
    }

    /// `steps` training steps of `Net` with Adam; the learning rate changes after step 5.
    static func train(compiled: Bool, steps: Int = 12) throws -> (losses: [NDArray], net: Net, adam: Adam) {
        Random.seed(3)
        let net = Net()
        let adam = Adam(alpha: 0.01).setup(net)
        let x = Random.randn(16, 4).astype(.float32), t = NDArray((0..<16).map { Int64($0 % 3) })
        let step = { (x: Variable, t: Variable) -> Variable in
            let loss = softmaxCrossEntropy(net(x), t)
            net.cleargrads()
            loss.backward()
            adam.update()
            return loss
        }
        let compiledStep = compile("step", step)
        var losses: [NDArray] = []
        for i in 0..<steps {
            if i == 5 { adam.alpha = 0.002 }
            let (xv, tv) = (Variable(x + Double(i) * 0.01), Variable(t))
            losses.append(compiled ? try compiledStep(xv, tv).data : step(xv, tv).data)
        }
        if compiled { #expect(compiledStep.function.traceCount == 1) }
        return (losses, net, adam)
    }

    @Test func learningRateChangesStepCountDropoutAndRunningAveragesFollowEager() throws {
        let eager = try Self.train(compiled: false)
        let compiled = try Self.train(compiled: true)
        for (e, c) in zip(eager.losses, compiled.losses) { #expect(arrayEqual(e, c), "eager \(e), compiled \(c)") }
        #expect(compiled.adam.t == eager.adam.t)
        #expect(arrayEqual(compiled.net.bn.avgMean.data, eager.net.bn.avgMean.data))
        #expect(arrayEqual(compiled.net.bn.avgVar.data, eager.net.bn.avgVar.data))
        #expect(arrayEqual(compiled.net.l1.W.data, eager.net.l1.W.data))
        #expect(arrayEqual(compiled.net.l1.W.grad!.data, eager.net.l1.W.grad!.data))
        // The same global generator was advanced by the same draws.
        #expect(arrayEqual(Random.rand(3), { _ = try? Self.train(compiled: false); return Random.rand(3) }()))
    }

    @Test func lazilyCreatedWeightsAreCreatedOnce() throws {
        Random.seed(0)
        let model = MLP([5, 2])
        let f = compile { x in model(x) }
        let x = Variable(Random.randn(4, 3))
        let first = try f(x).data
        let weights = model.layers[0].W.data
        for _ in 0..<3 { #expect(arrayEqual(try f(x).data, first)) }
        #expect(model.layers[0].W.data.identity == weights.identity)
        #expect(f.function.closureRuns == 2)
    }

    @Test func outputsOfTwoCallsAreIndependent() throws {
        let f = compile { x in x * 2.0 + 1.0 }
        let a = try f(Variable(NDArray([1.0, 2.0])))
        _ = try f(Variable(NDArray([5.0, 6.0])))
        let b = try f(Variable(NDArray([7.0, 8.0])))
        let c = try f(Variable(NDArray([9.0, 10.0])))
        #expect(a.data.scalars(as: Double.self) == [3, 5])
        #expect(b.data.scalars(as: Double.self) == [15, 17])
        #expect(c.data.scalars(as: Double.self) == [19, 21])
    }

    @Test func capturedArraysBecomeConstants() throws {
        var offset = NDArray([10.0, 20.0])
        let f = compile { x in x + Variable(offset) }
        _ = try f(Variable(NDArray([1.0, 1.0])))
        _ = try f(Variable(NDArray([1.0, 1.0])))
        offset = NDArray([0.0, 0.0])  // not seen: the program holds the value it captured
        #expect(try f(Variable(NDArray([1.0, 2.0]))).data.scalars(as: Double.self) == [11, 22])
        #expect(f.function.programs[0].constants.contains { arrayEqual($0, NDArray([10.0, 20.0])) })
    }

    @Test func readingATracedValueIsAnError() throws {
        let f = compile { x -> Variable in x.data.item() > 0 ? x : -x }
        let x = Variable(NDArray(scalar: 2.0))
        _ = try f(x)  // the first call runs eagerly
        #expect {
            try f(x)
        } throws: { error in
            guard case TraceError.dataDependentRead(let operation, let shape, _) = error else { return false }
            return operation == "item()" && shape == [] && "\(error)".contains("move the read out of the compiled closure")
        }
        let printing = compile { x -> Variable in
            _ = "\(x.data)"
            return x
        }
        _ = try printing(x)
        #expect(throws: TraceError.self) { try printing(x) }
    }

    /// A user function whose forward reads raw memory.
    final class RawDouble: UnaryFunction {
        override func forward(_ x: NDArray) -> NDArray {
            NDArray(x.withUnsafeBufferPointer(as: Double.self) { $0.map { $0 * 2 } }, shape: x.shape)
        }
    }

    @Test func untraceableOperationsAreErrors() throws {
        let raw = compile { x in RawDouble()(x) }
        let x = Variable(NDArray([1.0, 2.0]))
        _ = try raw(x)
        #expect(throws: TraceError.self) { try raw(x) }
        let generator = RandomState(seed: 1)
        let privateNoise = compile { x in x + Variable(generator.rand(shape: [2])) }
        _ = try privateNoise(x)
        #expect {
            try privateNoise(x)
        } throws: { error in
            guard case TraceError.untraceableOperation = error else { return false }
            return true
        }
    }

    @Test func disabledCompilationRunsTheClosureEveryCall() throws {
        CompileOptions.enabled = false
        defer { CompileOptions.enabled = true }
        let f = compile { x in x * 3.0 }
        for _ in 0..<4 { _ = try f(Variable(NDArray([1.0]))) }
        #expect(f.function.closureRuns == 4)
        #expect(f.function.traceCount == 0)
    }

    @Test func shapeChangesRetraceAndTheLogSaysWhy() throws {
        let lines = LogLines()
        CompileOptions.logHandler = { lines.append($0) }
        CompileOptions.setLog("recompiles", true)
        defer {
            CompileOptions.logHandler = nil
            CompileOptions.setLog("recompiles", false)
        }
        let f = compile("double") { x in x * 2.0 }
        for _ in 0..<5 { _ = try f(Variable(Random.randn(3, 2))) }
        #expect(f.function.closureRuns == 2)
        _ = try f(Variable(Random.randn(4, 2)))
        _ = try f(Variable(Random.randn(4, 2)))
        #expect(f.function.traceCount == 2)
        #expect(f.function.closureRuns == 3)
        #expect(lines.all.contains { $0.contains("retracing 'double'") && $0.contains("input 0: f64[3,2] -> f64[4,2]") })
        withTestMode { _ = try? f(Variable(Random.randn(4, 2))) }
        #expect(lines.all.contains { $0.contains("Config.train: true -> false") })
    }

    @Test func theCacheIsBoundedAndRetracesAreLimited() throws {
        let lines = LogLines()
        CompileOptions.logHandler = { lines.append($0) }
        CompileOptions.cacheLimit = 2
        CompileOptions.retraceLimit = 4
        defer {
            CompileOptions.logHandler = nil
            CompileOptions.cacheLimit = 16
            CompileOptions.retraceLimit = 8
        }
        let f = compile { x in x + 1.0 }
        for n in [1, 1, 2, 3, 1] { _ = try f(Variable(NDArray.zeros([n]))) }
        #expect(f.function.programs.count == 2)
        #expect(f.function.traceCount == 4)
        #expect(lines.all.contains { $0.contains("running it eagerly from now on") })
        let runs = f.function.closureRuns
        _ = try f(Variable(NDArray.zeros([2])))
        #expect(f.function.closureRuns == runs + 1)
    }
}
}

/// Log lines collected from the compiler.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

extension GlobalRandomTests.TrapTests {
    /// Truncated backpropagation through time (book step 60): the LSTM's hidden state carries
    /// from one compiled chunk to the next, unchained, as `unchainBackward` leaves it.
    static func bptt(compiled: Bool) throws -> ([NDArray], NDArray) {
        Random.seed(1)
        let lstm = L.LSTM(6), fc = L.Linear(1)
        let model = Sequential([lstm, fc])
        let optimizer = Adam().setup(model)
        let wave = sin(NDArray.linspace(0, 6, num: 41)).reshape([41, 1])
        let chunk = { (xs: [Variable]) -> [Variable] in
            var loss = Variable(NDArray(scalar: 0.0))
            for i in 0..<4 {
                loss = loss + meanSquaredError(model(getItem(xs[0], [i..<(i + 1)])), getItem(xs[1], [i..<(i + 1)]))
            }
            model.cleargrads()
            loss.backward()
            loss.unchainBackward()
            optimizer.update()
            return [loss]
        }
        let compiledChunk = compile("chunk", chunk)
        var losses: [NDArray] = []
        for start in stride(from: 0, to: 36, by: 4) {
            let xs = [Variable(wave[start..<(start + 4)]), Variable(wave[(start + 1)..<(start + 5)])]
            losses.append(compiled ? try compiledChunk(xs)[0].data : chunk(xs)[0].data)
        }
        return (losses, lstm.h!.data)
    }

    @Test func recurrentStateCarriesAcrossCompiledChunks() throws {
        let eager = try Self.bptt(compiled: false)
        let compiled = try Self.bptt(compiled: true)
        #expect(zip(eager.0, compiled.0).allSatisfy { arrayEqual($0, $1) }, "\(eager.0) \(compiled.0)")
        #expect(arrayEqual(eager.1, compiled.1))
    }
}

extension GlobalRandomTests.TrapTests {
    @Test func aCompiledFunctionInsideATracedOneIsInlined() throws {
        let inner = compile("inner") { x in exp(x) * 2.0 }
        let outer = compile("outer") { x in try! inner(x) + 1.0 }
        let x = Variable(NDArray([0.5, 1.5]))
        for _ in 0..<4 { #expect(arrayEqual(try outer(x).data, exp(x.data) * 2.0 + 1.0)) }
        #expect(outer.function.tracedPrograms[0].instructions.contains { if case .array(.unary(.exp)) = $0.operation { true } else { false } })
    }
}

extension GlobalRandomTests.TrapTests {
    /// Book step 43: plain variables made before the step, updated by hand inside it.
    static func step43(compiled: Bool) throws -> [NDArray] {
        Random.seed(0)
        let x = Random.rand(100, 1), y = sin(2 * Double.pi * x) + Random.rand(100, 1)
        let (W1, b1) = (Variable(0.01 * Random.randn(1, 10)), Variable(NDArray.zeros([10])))
        let (W2, b2) = (Variable(0.01 * Random.randn(10, 1)), Variable(NDArray.zeros([1])))
        let step = { (x: Variable, y: Variable) -> Variable in
            let loss = meanSquaredError(y, linear(sigmoid(linear(x, W1, b1)), W2, b2))
            for p in [W1, b1, W2, b2] { p.cleargrad() }
            loss.backward()
            for p in [W1, b1, W2, b2] { p.data -= 0.2 * p.grad!.data }
            return loss
        }
        let compiledStep = compile("step43", step)
        return try (0..<30).map { _ in compiled ? try compiledStep(Variable(x), Variable(y)).data : step(Variable(x), Variable(y)).data }
    }

    @Test func plainVariablesUpdatedByHandAreState() throws {
        let eager = try Self.step43(compiled: false)
        let compiled = try Self.step43(compiled: true)
        #expect(zip(eager, compiled).allSatisfy { arrayEqual($0, $1) })
        #expect(!arrayEqual(compiled[2], compiled[29]))
    }

    @Test func variablesMadeInsideTheClosureAreNotState() throws {
        let start = NDArray([1.0, 2.0])
        let f = compile { x -> Variable in
            let v = Variable(start)  // made on every call, from the same captured array
            v.data += x.data
            return v * 1.0
        }
        for _ in 0..<4 { #expect(try f(Variable(NDArray([1.0, 1.0]))).data.scalars(as: Double.self) == [2, 3]) }
    }
}
