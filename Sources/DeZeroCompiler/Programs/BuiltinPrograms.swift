import DeZero
import DeZeroArray

/// Programs traced from the book's models, by name: what `dezero-ir trace NAME` prints, what the
/// round-trip tests and the benchmarks use. Each is seeded, so a name always gives the same
/// program. They are the programs as traced: no pass has run on them.
public enum BuiltinPrograms {
    /// A built-in program's name and what it is.
    public struct Entry: Sendable {
        /// The name on the command line.
        public let name: String
        /// One line about it.
        public let summary: String
        /// Traces it (two calls: the eager warm-up, then the trace).
        public let trace: @Sendable () throws -> Program
    }

    /// Every built-in program.
    public static let all: [Entry] = [
        Entry(name: "spiral-step", summary: "book step 48: MLP (10, 3) with sigmoid, softmax cross entropy, SGD; batch 30", trace: spiralStep),
        Entry(name: "tanh-4th", summary: "book step 35: the 4th derivative of tanh by double backprop", trace: tanhFourth),
        Entry(name: "lstm-step", summary: "an LSTM (10) and a linear layer over 5 steps of a sine curve, backward and Adam", trace: lstmStep),
        Entry(name: "cnn-step", summary: "conv 3x3 (4), ReLU, 2x2 pooling, linear (10), softmax cross entropy, MomentumSGD; batch 8 of 1x8x8", trace: cnnStep),
        Entry(name: "mlp-adam", summary: "MLP 784-1000-1000-10 with ReLU, softmax cross entropy, Adam; batch 100, float32", trace: mlpAdam),
    ]

    /// Programs too large to trace in tests (seconds and gigabytes): traced by name only, for
    /// pictures and benchmarks.
    public static let large: [Entry] = [
        Entry(name: "vgg16-forward", summary: "VGG16 inference (test mode, no backprop) on one random 3x224x224 image, random weights, float32", trace: vgg16Forward),
    ]

    /// The built-in program named `name` (in ``all`` or ``large``), if any.
    public static func named(_ name: String) -> Entry? { (all + large).first { $0.name == name } }

    /// Calls `f` twice on `inputs` and returns the traced program.
    static func traced(_ setup: (CompiledFunction, [NDArray])) throws -> Program { try traced(setup.0, setup.1) }

    /// Calls `f` twice on `inputs` and returns the traced program.
    static func traced(_ f: CompiledFunction, _ inputs: [NDArray]) throws -> Program {
        for _ in 0..<2 { _ = try f(inputs.map { Variable($0) }) }
        return f.tracedPrograms[0]
    }

    /// A classifier's training step: loss, cleared gradients, backward, update.
    static func trainingStep(_ name: String, _ model: Layer, _ optimizer: Optimizer) -> CompiledFunction {
        optimizer.setup(model)
        return compile(name, passes: .off) { (xs: [Variable]) -> [Variable] in
            let loss = softmaxCrossEntropy(model(xs[0]), xs[1])
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return [loss]
        }
    }

    static func spiralStep() throws -> Program { try traced(spiralStepFunction()) }

    /// The spiral step's compiled function (not yet called) and its inputs.
    static func spiralStepFunction() -> (CompiledFunction, [NDArray]) {
        Random.seed(0)
        let (x, t) = getSpiral()
        return (trainingStep("spiral_step", MLP([10, 3]), SGD(lr: 1)), [x[0..<30], t[0..<30]])
    }

    static func tanhFourth() throws -> Program {
        let f = compile("tanh_4th", passes: .off) { (xs: [Variable]) -> [Variable] in
            let x = xs[0]
            var y = tanh(x)
            for _ in 0..<4 {
                x.cleargrad()
                y.backward(createGraph: true)
                y = x.grad!
            }
            return [y]
        }
        return try traced(f, [NDArray(scalar: 1.0)])
    }

    static func lstmStep() throws -> Program { try traced(lstmStepFunction()) }

    /// The LSTM step's compiled function (not yet called) and its inputs.
    static func lstmStepFunction() -> (CompiledFunction, [NDArray]) {
        Random.seed(0)
        let lstm = L.LSTM(10), fc = L.Linear(1)
        let model = Sequential([lstm, fc])
        let optimizer = Adam().setup(model)
        let f = compile("lstm_step", passes: .off) { (xs: [Variable]) -> [Variable] in
            lstm.resetState()
            var loss = Variable(NDArray(scalar: Float(0)))
            for i in 0..<5 {
                let y = model(getItem(xs[0], [i..<(i + 1)]))
                loss = loss + meanSquaredError(y, getItem(xs[1], [i..<(i + 1)]))
            }
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return [loss]
        }
        let wave = sin(NDArray.linspace(0, 2, num: 6)).astype(.float32).reshape([6, 1])
        return (f, [wave[0..<5], wave[1..<6]])
    }

    static func cnnStep() throws -> Program { try traced(cnnStepFunction()) }

    /// The CNN step's compiled function (not yet called) and its inputs.
    static func cnnStepFunction() -> (CompiledFunction, [NDArray]) {
        Random.seed(0)
        let model = Sequential([
            L.Conv2d(4, kernelSize: (3, 3), pad: (1, 1)),
            L.Lambda { pooling(relu($0), kernelSize: 2, stride: 2) },
            L.Lambda { reshape($0, [$0.shape[0], -1]) },
            L.Linear(10),
        ])
        let step = trainingStep("cnn_step", model, MomentumSGD())
        return (step, [Random.randn(8, 1, 8, 8).astype(.float32), Random.randint(low: 0, high: 10, shape: [8])])
    }

    static func mlpAdam() throws -> Program {
        Random.seed(0)
        let step = trainingStep("mlp_adam", MLP([1000, 1000, 10], activation: relu), Adam())
        return try traced(step, [Random.rand(100, 784).astype(.float32), Random.randint(low: 0, high: 10, shape: [100])])
    }

    static func vgg16Forward() throws -> Program {
        Random.seed(0)
        let model = VGG16()
        let f = compile("vgg16_forward") { (x: Variable) -> Variable in model(x) }
        let x = Variable(Random.randn(1, 3, 224, 224).astype(.float32))
        return try withTestMode {
            try withNoGrad {
                for _ in 0..<2 { _ = try f(x) }
                return f.function.programs[0]
            }
        }
    }
}
