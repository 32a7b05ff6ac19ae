import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZero

/// `MLP((6, 2))` with a chosen dtype, as the fixture script's `TwoLayerNet`.
final class TwoLayerNet: Model {
    let l0: L.Linear
    let l1: L.Linear
    init(dtype: DType) {
        l0 = L.Linear(6, dtype: dtype)
        l1 = L.Linear(2, dtype: dtype)
    }
    override func forward(_ x: Variable) -> Variable { l1(sigmoid(l0(x))) }
}

/// Each optimizer and hook against the Python DeZero (scripts/fixtures/dezero_nn_fixtures.py):
/// the same seeded two-layer MLP trained for four steps, every parameter compared after each.
extension GlobalRandomTests {
@Suite struct OptimizerTests {
    static let cases = [
        "sgd", "momentum_sgd", "adagrad", "adadelta", "adam", "rmsprop", "adamw", "sgd_weight_decay",
        "sgd_clip_grad", "momentum_decay_clip", "adam_freeze_layer", "sgd_freeze_param",
    ]

    /// The optimizer and hooks of a fixture case, set up on `model`.
    static func optimizer(_ name: String, _ model: Model, l0: L.Linear, l1: L.Linear) -> Optimizer {
        switch name {
        case "sgd": return SGD(lr: 0.1).setup(model)
        case "momentum_sgd": return MomentumSGD(lr: 0.1, momentum: 0.9).setup(model)
        case "adagrad": return AdaGrad(lr: 0.1).setup(model)
        case "adadelta": return AdaDelta().setup(model)
        case "adam": return Adam(alpha: 0.01).setup(model)
        case "rmsprop": return RMSProp(lr: 0.01).setup(model)
        case "adamw": return AdamW(alpha: 0.01, weightDecay: 0.1).setup(model)
        case "sgd_weight_decay":
            let o = SGD(lr: 0.1).setup(model)
            o.addHook(WeightDecay(0.01))
            return o
        case "sgd_clip_grad":
            let o = SGD(lr: 0.1).setup(model)
            o.addHook(ClipGrad(0.05))
            return o
        case "momentum_decay_clip":
            let o = MomentumSGD(lr: 0.1).setup(model)
            o.addHook(WeightDecay(0.001))
            o.addHook(ClipGrad(0.1))
            return o
        case "adam_freeze_layer":
            let o = Adam(alpha: 0.01).setup(model)
            o.addHook(FreezeParam(l0))
            return o
        case "sgd_freeze_param":
            let o = SGD(lr: 0.1).setup(model)
            o.addHook(FreezeParam(l1.b!))
            return o
        default: preconditionFailure("unknown case \(name)")
        }
    }

    @Test(arguments: cases, ["float32", "float64"])
    func matchesDeZero(_ name: String, _ dtypeName: String) {
        let fx = NNFixtures.optimizers
        let dtype: DType = dtypeName == "float32" ? .float32 : .float64
        let x = Variable(fixture(fx, "data/\(dtypeName)/x")), t = Variable(fixture(fx, "data/\(dtypeName)/t"))
        Random.seed(1)
        let model: Model, l0: L.Linear, l1: L.Linear
        if dtype == .float32 {
            let mlp = MLP([6, 2])
            (model, l0, l1) = (mlp, mlp.layers[0], mlp.layers[1])
        } else {
            let net = TwoLayerNet(dtype: .float64)
            (model, l0, l1) = (net, net.l0, net.l1)
        }
        let optimizer = Self.optimizer(name, model, l0: l0, l1: l1)
        let prefix = "\(name)/\(dtypeName)"
        for step in 0..<4 {
            let loss = meanSquaredError(model(x), t)
            if step == 0 {
                for (key, p) in model.namedParams() { expectMatch(p.data, fixture(fx, "\(prefix)/init/\(key)"), "init \(key)") }
            }
            model.cleargrads()
            loss.backward()
            optimizer.update()
            // DeZero's float32 loss is a float64 0-d array (NumPy 1.23 promotes `float32 / len`);
            // its float32 sum may differ from ours in the last place.
            expectMatch(loss.data, fixture(fx, "\(prefix)/loss\(step)"), "loss \(step)", tolerance: dtype == .float32 ? 1e-6 : nil)
            for (key, p) in model.namedParams() {
                expectMatch(p.data, fixture(fx, "\(prefix)/step\(step)/\(key)"), "step \(step) \(key)")
            }
        }
    }

    @Test func freezeParamKeepsFrozenParametersAndUpdatesTheOthers() {
        Random.seed(0)
        let model = MLP([3, 2])
        let x = Variable(Random.randn(4, 2))
        _ = model(x)
        let before = model.params().map(\.data)
        let optimizer = SGD(lr: 0.5).setup(model)
        optimizer.addHook(FreezeParam(model.layers[0]))
        sum(model(x)).backward()
        optimizer.update()
        let after = model.params().map(\.data)
        #expect(arrayEqual(before[0], after[0]) && arrayEqual(before[1], after[1]), "l0 frozen")
        #expect(!arrayEqual(before[2], after[2]), "l1/W updated")
        #expect(model.layers[0].W.grad == nil, "frozen gradients removed")
    }

    @Test func updateSkipsParametersWithoutGradients() {
        let model = MLP([2])
        let x = Variable(NDArray([1.0, 2.0], shape: [1, 2]))
        _ = model(x)
        let w = model.layers[0].W.data
        SGD().setup(model).update()
        #expect(arrayEqual(model.layers[0].W.data, w))
    }

    @Test func closureHooksRunInOrderBeforeTheUpdate() {
        let model = MLP([2])
        sum(model(Variable(NDArray([1.0, 2.0], shape: [1, 2])))).backward()
        let optimizer = SGD().setup(model)
        var log: [String] = []
        optimizer.addHook { params in log.append("first \(params.count)") }
        optimizer.addHook { _ in log.append("second") }
        optimizer.update()
        #expect(log == ["first 2", "second"])
    }

    @Test func adamLearningRateIsBiasCorrected() {
        let adam = Adam(alpha: 0.1).setup(MLP([1]))
        adam.update()
        adam.update()
        // DeZero: alpha * sqrt(1 - beta2**t) / (1 - beta1**t) with t = 2
        #expect(adam.t == 2)
        #expect(Swift.abs(adam.lr - 0.1 * (1 - 0.999 * 0.999).squareRoot() / (1 - 0.9 * 0.9)) < 1e-15)
    }

    @Test func optimizerStateIsPerParameter() {
        let model = MLP([3, 2])
        sum(model(Variable(NDArray([1.0, 2.0], shape: [1, 2])))).backward()
        let momentum = MomentumSGD().setup(model)
        momentum.update()
        momentum.update()
        #expect(momentum.vs.count == 4)
        #expect(momentum.vs[model.layers[0].W]?.shape == [2, 3])
        #expect(momentum.vs[model.layers[0].W]?.dtype == .float32)
    }

    /// The book's step 46 (MLP, SGD, lazily drawn weights): its first two printed losses.
    @Test func bookStep46PrintsTheBooksLosses() {
        Random.seed(0)
        let x = Random.rand(100, 1)
        let y = Variable(DeZeroArray.sin(2 * Double.pi * x) + Random.rand(100, 1))
        let model = MLP([10, 1])
        let optimizer = SGD(lr: 0.2).setup(model)
        var printed: [String] = []
        for i in 0...1000 {
            let loss = meanSquaredError(y, model(x))
            model.cleargrads()
            loss.backward()
            optimizer.update()
            if i % 1000 == 0 { printed.append(loss.description) }
        }
        #expect(printed == ["variable(0.8165178492839196)", "variable(0.24990280802148895)"])
    }

    @Test func updateWithoutSetupStops() async {
        await #expect(processExitsWith: .failure) {
            SGD().update()
        }
    }
}
}
