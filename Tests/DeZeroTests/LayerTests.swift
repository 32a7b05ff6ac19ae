import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZero

/// A base class with one parameter, to check that base-class properties come first.
class BaseBlock: Layer {
    let scale = Parameter(NDArray([1.0]), name: "scale")
}

/// Every kind of property the reflection rule knows, and some it ignores.
final class Zoo: BaseBlock {
    let w = Parameter(NDArray([1.0, 2.0]))
    let nothing: Parameter? = nil
    let maybe: Parameter? = Parameter(NDArray([3.0]))
    let state = Variable(NDArray([9.0]))
    let count = 3
    let activation: (Variable) -> Variable = relu
    let enc = L.Linear(2, inSize: 2)
    let absent: L.Linear? = nil
    let blocks = [L.Linear(1, nobias: true, inSize: 2), L.Linear(1, inSize: 1)]
    let extras: [Parameter] = [Parameter(NDArray([4.0]))]
    let named: [String: Layer] = ["zeta": L.Linear(1, nobias: true, inSize: 1), "alpha": L.Linear(1, nobias: true, inSize: 1)]
    lazy var shared: L.Linear = enc
    override func forward(_ x: Variable) -> Variable { enc(x) }
}

extension GlobalRandomTests {
@Suite struct LayerTests {
    let fx = NNFixtures.layers

    // MARK: Finding parameters

    @Test func reflectionFindsParametersInDeclarationOrder() {
        let zoo = Zoo()
        _ = zoo.shared  // a second path to `enc`: listed once, at its first key
        #expect(zoo.namedParams().map(\.key) == [
            "scale", "w", "maybe", "enc/W", "enc/b", "blocks/0/W", "blocks/1/W", "blocks/1/b", "extras/0",
            "named/alpha/W", "named/zeta/W",
        ])
        #expect(zoo.params().count == 11)
        #expect(zoo.sublayers().map(\.key) == ["enc", "blocks/0", "blocks/1", "named/alpha", "named/zeta", "shared"])
    }

    @Test func sequentialAndMLPNameTheirLayersLikeDeZero() {
        let mlp = MLP([3, 2, 1])
        #expect(mlp.namedParams().map(\.key) == ["l0/W", "l0/b", "l1/W", "l1/b", "l2/W", "l2/b"])
        let sequential = Sequential(L.Linear(3), L.Lambda(relu), L.Linear(2, nobias: true))
        #expect(sequential.namedParams().map(\.key) == ["l0/W", "l0/b", "l2/W"])
        final class Nested: Model {
            let enc = MLP([4, 3])
            let bn = L.BatchNorm()
            let dec = L.Linear(2)
        }
        #expect(Nested().namedParams().map(\.key) == [
            "enc/l0/W", "enc/l0/b", "enc/l1/W", "enc/l1/b", "bn/avg_mean", "bn/avg_var", "bn/gamma", "bn/beta", "dec/W", "dec/b",
        ])
    }

    @Test func cleargradsClearsEveryGradient() {
        let model = MLP([3, 2])
        sum(model(NDArray([1.0, 2.0, 3.0, 4.0], shape: [2, 2]))).backward()
        #expect(model.params().allSatisfy { $0.grad != nil })
        model.cleargrads()
        #expect(model.params().allSatisfy { $0.grad == nil })
    }

    // MARK: Linear

    @Test func linearCreatesWAtTheFirstCallFromTheGlobalGenerator() {
        Random.seed(0)
        let layer = L.Linear(5)
        #expect(!layer.W.isInitialized && layer.W.pendingShape == [nil, 5] && layer.inSize == nil)
        #expect(layer.b!.dtype == .float32 && layer.b!.shape == [5])
        let y = layer(fixture(fx, "linear/x"))
        #expect(layer.W.isInitialized && layer.inSize == 3)
        expectMatch(layer.W.data, fixture(fx, "linear/W"), "W")
        expectMatch(layer.b!.data, fixture(fx, "linear/b"), "b")
        expectMatch(y.data, fixture(fx, "linear/y"), "y")
    }

    @Test func linearWithInSizeDrawsWAtOnce() {
        Random.seed(0)
        let layer = L.Linear(5, nobias: true, dtype: .float64, inSize: 3)
        #expect(layer.b == nil && layer.W.isInitialized)
        expectMatch(layer.W.data, fixture(fx, "linear_eager64/W"), "W")
    }

    // MARK: Convolutions

    @Test func conv2dMatchesDeZero() {
        Random.seed(0)
        let layer = L.Conv2d(4, kernelSize: 3, stride: 1, pad: 1)
        #expect(layer.W.pendingShape == [4, nil, 3, 3])
        let x = Variable(fixture(fx, "conv2d/x"))
        let y = layer(x)
        sum(y).backward()
        expectMatch(layer.W.data, fixture(fx, "conv2d/W"), "W")
        expectMatch(y.data, fixture(fx, "conv2d/y"), "y")
        expectMatch(layer.W.grad!.data, fixture(fx, "conv2d/gW"), "gW")
        expectMatch(layer.b!.grad!.data, fixture(fx, "conv2d/gb"), "gb")
        expectMatch(x.grad!.data, fixture(fx, "conv2d/gx"), "gx")
    }

    @Test func conv2dWithRectangularKernelMatchesDeZero() {
        Random.seed(0)
        let layer = L.Conv2d(2, kernelSize: (3, 2), stride: (2, 1), pad: (1, 0), nobias: true, inChannels: 3)
        #expect(layer.b == nil && layer.inChannels == 3)
        expectMatch(layer(fixture(fx, "conv2d_rect/x")).data, fixture(fx, "conv2d_rect/y"), "y")
    }

    @Test func deconv2dMatchesDeZero() {
        Random.seed(0)
        let layer = L.Deconv2d(2, kernelSize: 3, stride: 2, pad: 1)
        let y = layer(fixture(fx, "deconv2d/x"))
        expectMatch(layer.W.data, fixture(fx, "deconv2d/W"), "W")
        expectMatch(y.data, fixture(fx, "deconv2d/y"), "y")
        #expect(y.shape == [1, 2, 7, 7])
    }

    // MARK: Recurrent layers

    /// Runs a recurrent layer over the fixture's sequence as the script does and compares.
    func checkRecurrent(_ name: String, _ layer: Layer, reset: () -> Void, loss: ([Variable]) -> Variable) {
        let xs = fixture(fx, "\(name)/xs")
        let hs = (0..<xs.shape[0]).map { layer(xs[$0]) }
        loss(hs).backward()
        expectMatch(stack(hs.map(\.data)), fixture(fx, "\(name)/hs"), "\(name) hs")
        for (key, p) in layer.namedParams() {
            expectMatch(p.data, fixture(fx, "\(name)/\(key)"), "\(name) \(key)")
            expectMatch(p.grad!.data, fixture(fx, "\(name)/grad/\(key)"), "\(name) grad \(key)")
        }
        reset()
        expectMatch(layer(xs[0]).data, fixture(fx, "\(name)/after_reset"), "\(name) after reset")
    }

    @Test func rnnMatchesDeZero() {
        Random.seed(0)
        let rnn = L.RNN(4)
        checkRecurrent("rnn", rnn, reset: rnn.resetState) { hs in sum(hs[0]) + sum(hs[1] * hs[2]) }
        Random.seed(0)
        let eager = L.RNN(4, inSize: 4)
        #expect(eager.h2h.W.shape == [4, 4])
        checkRecurrent("rnn_eager", eager, reset: eager.resetState) { hs in sum(hs[0]) + sum(hs[1] * hs[2]) }
    }

    @Test func rnnHiddenMapHasHiddenSizeInputs() {
        // Upstream DeZero builds h2h with in_size inputs and fails here (in_size 3 != hidden 4).
        let rnn = L.RNN(4, inSize: 3)
        #expect(rnn.x2h.W.shape == [3, 4] && rnn.h2h.W.shape == [4, 4])
        let x = Variable(Random.randn(2, 3))
        _ = rnn(x)
        #expect(rnn(x).shape == [2, 4])
        #expect(rnn.h?.shape == [2, 4])
        rnn.resetState()
        #expect(rnn.h == nil)
    }

    @Test func lstmMatchesDeZero() {
        Random.seed(0)
        let lstm = L.LSTM(3)
        checkRecurrent("lstm", lstm, reset: lstm.resetState) { hs in sum(hs[2]) }
        #expect(lstm.c?.shape == [2, 3])
        Random.seed(0)
        let eager = L.LSTM(3, inSize: 2)
        checkRecurrent("lstm_eager", eager, reset: eager.resetState) { hs in sum(hs[2]) }
    }

    // MARK: EmbedID, BatchNorm, Dropout

    @Test func embedIDMatchesDeZero() {
        Random.seed(0)
        let layer = L.EmbedID(10, 3)
        let y = layer(fixture(fx, "embed/ids"))
        sum(y * y).backward()
        expectMatch(layer.W.data, fixture(fx, "embed/W"), "W")
        expectMatch(y.data, fixture(fx, "embed/y"), "y")
        expectMatch(layer.W.grad!.data, fixture(fx, "embed/gW"), "gW")
        #expect(y.shape == [2, 2, 3])
    }

    @Test(arguments: ["batchnorm", "batchnorm4d"])
    func batchNormMatchesDeZeroInTrainingAndTestMode(_ name: String) {
        let layer = L.BatchNorm()
        #expect(!layer.gamma.isInitialized)
        let x1 = Variable(fixture(fx, "\(name)/x1"))
        let y1 = layer(x1)
        sum(y1 * y1).backward()
        let y2 = layer(fixture(fx, "\(name)/x2"))
        let y3 = withTestMode { layer(x1) }
        expectMatch(y1.data, fixture(fx, "\(name)/y1"), "y1")
        expectMatch(y2.data, fixture(fx, "\(name)/y2"), "y2")
        expectMatch(y3.data, fixture(fx, "\(name)/y_test"), "test mode")
        expectMatch(x1.grad!.data, fixture(fx, "\(name)/gx"), "gx")
        expectMatch(layer.gamma.grad!.data, fixture(fx, "\(name)/ggamma"), "ggamma")
        expectMatch(layer.beta.grad!.data, fixture(fx, "\(name)/gbeta"), "gbeta")
        expectMatch(layer.avgMean.data, fixture(fx, "\(name)/avg_mean"), "avg_mean")
        expectMatch(layer.avgVar.data, fixture(fx, "\(name)/avg_var"), "avg_var")
        #expect(layer.avgMean.grad == nil, "running averages get no gradient")
    }

    @Test func dropoutDropsInTrainingModeOnly() {
        let x = fixture(fx, "dropout/x")
        Random.seed(0)
        let layer = L.Dropout(ratio: 0.3)
        expectMatch(layer(x).data, fixture(fx, "dropout/y_train"), "train")
        let y = withTestMode { layer(x) }
        #expect(arrayEqual(y.data, x))
    }

    // MARK: Models

    @Test func sequentialMatchesDeZero() {
        Random.seed(0)
        let model = Sequential(L.Linear(4), L.Linear(2))
        let y = model(fixture(fx, "sequential/x"))
        expectMatch(y.data, fixture(fx, "sequential/y"), "y")
    }

    @Test func mlpWithReluMatchesDeZero() {
        Random.seed(0)
        let model = MLP([5, 4, 3], activation: relu)
        let y = model(fixture(fx, "mlp_relu/x"))
        expectMatch(y.data, fixture(fx, "mlp_relu/y"), "y")
        #expect(model.layers.map(\.W.shape) == [[3, 5], [5, 4], [4, 3]])
    }

    @Test func forwardShapes() {
        let x = Variable(Random.randn(2, 3, 8, 8).astype(.float32))
        let cnn = Sequential(
            L.Conv2d(4, kernelSize: 3, pad: 1), L.Lambda(relu), L.Lambda { pooling($0, kernelSize: 2, stride: 2) },
            L.Deconv2d(2, kernelSize: 2, stride: 2), L.BatchNorm(), L.Lambda(flatten), L.Dropout(), L.Linear(5))
        #expect(cnn(x).shape == [2, 5])
        #expect(cnn.namedParams().map(\.key) == [
            "l0/W", "l0/b", "l3/W", "l3/b", "l4/avg_mean", "l4/avg_var", "l4/gamma", "l4/beta", "l7/W", "l7/b",
        ])
        let lstm = L.LSTM(6)
        let seq = Variable(Random.randn(4, 3))
        for _ in 0..<3 { #expect(lstm(seq).shape == [4, 6]) }
    }

    @Test func layersWithSeveralInputs() {
        final class Pair: Layer {
            let l = L.Linear(2, inSize: 3)
            override func forward(_ inputs: [Variable]) -> [Variable] { [l(inputs[0]) + l(inputs[1]), l(inputs[0])] }
        }
        final class Sum: Model {
            override func forward(_ inputs: [Variable]) -> [Variable] { [inputs[0] + inputs[1]] }
        }
        let x = Variable(Random.randn(2, 3))
        #expect(Pair().apply([x, x]).map(\.shape) == [[2, 2], [2, 2]])
        #expect(Sum()(x, x).shape == [2, 3])
    }

    // MARK: Bad input: clear preconditions

    @Test func linearRejectsInputsOfAnotherSize() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = L.Linear(2, inSize: 3)
            _ = layer(NDArray.zeros([4, 5]))
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("L.Linear: input of shape [4, 5] does not fit W of shape [3, 2]"), "\(message)")
        }
    }

    @Test func convAndBatchNormRejectInputsOfAnotherSize() async {
        await #expect(processExitsWith: .failure) {
            let layer = L.Conv2d(2, kernelSize: 3, inChannels: 3)
            _ = layer(NDArray.zeros([1, 4, 5, 5]))
        }
        await #expect(processExitsWith: .failure) {
            let layer = L.BatchNorm()
            _ = layer(NDArray.zeros([2, 3]))
            _ = layer(NDArray.zeros([2, 4]))
        }
        await #expect(processExitsWith: .failure) {
            _ = L.EmbedID(3, 2)(NDArray([0.5]))
        }
    }
}
}
