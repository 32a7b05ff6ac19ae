import ArgumentParser
import DeZero

/// The toy data of steps 43-46: `np.random.seed(0)`, 100 points `x` in [0, 1) and
/// `y = sin(2 pi x) + noise`, both `(100, 1)` float64.
func sinToyData() -> (x: NDArray, y: NDArray) {
    Random.seed(0)
    let x = Random.rand(100, 1)
    let y = sin(2.0 * Double.pi * x) + Random.rand(100, 1)
    return (x, y)
}

/// Step 42: linear regression by gradient descent on `y = 5 + 2x + noise`.
struct Step42: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 42: linear regression.")
    @Option(help: "Iterations.") var iters = 100
    @Option(help: "Learning rate.") var lr = 0.1

    func run() {
        Random.seed(0)
        let xData = Random.rand(100, 1)
        let yData = 5.0 + 2.0 * xData + Random.rand(100, 1)
        let x = Variable(xData), y = Variable(yData)
        let W = Variable(NDArray.zeros([1, 1]))
        let b = Variable(NDArray.zeros([1]))

        func predict(_ x: Variable) -> Variable { matmul(x, W) + b }
        func meanSquaredError(_ x0: Variable, _ x1: Variable) -> Variable {
            let diff = x0 - x1
            return sum(diff ** 2) / Double(diff.count)
        }

        for _ in 0..<iters {
            let yPred = predict(x)
            let loss = meanSquaredError(y, yPred)
            W.cleargrad()
            b.cleargrad()
            loss.backward()
            W.data -= lr * W.grad!.data
            b.data -= lr * b.grad!.data
            print(W, b, loss)
        }
    }
}

/// Step 43: a two-layer network written with bare parameters, fitted to a noisy sine.
struct Step43: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 43: neural network, by hand.")
    @Option(help: "Iterations.") var iters = 10_000
    @Option(help: "Learning rate.") var lr = 0.2
    @Option(help: "Hidden units.") var hiddenSize = 10
    @OptionGroup var compile: CompileFlag

    func run() throws {
        let (x, y) = sinToyData()
        let (I, H, O) = (1, hiddenSize, 1)
        let W1 = Variable(0.01 * Random.randn(I, H))
        let b1 = Variable(NDArray.zeros([H]))
        let W2 = Variable(0.01 * Random.randn(H, O))
        let b2 = Variable(NDArray.zeros([O]))

        func predict(_ x: Variable) -> Variable {
            linear(sigmoid(linear(x, W1, b1)), W2, b2)
        }

        let step = StepFunction(compiled: compile.compiled, "step43") { x, y in
            let yPred = predict(x)
            let loss = meanSquaredError(y, yPred)
            for p in [W1, b1, W2, b2] { p.cleargrad() }
            loss.backward()
            for p in [W1, b1, W2, b2] { p.data -= lr * p.grad!.data }
            return loss
        }
        for i in 0..<iters {
            let loss = try step(Variable(x), Variable(y))
            if i % 1000 == 0 { print(loss) }
        }
    }
}

/// Step 44: the same network from `L.Linear` layers (float32 weights, as DeZero's).
struct Step44: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 44: layers that hold parameters.")
    @Option(help: "Iterations.") var iters = 10_000
    @Option(help: "Learning rate.") var lr = 0.2
    @Option(help: "Hidden units.") var hiddenSize = 10
    @OptionGroup var compile: CompileFlag

    func run() throws {
        let (x, y) = sinToyData()
        let l1 = L.Linear(hiddenSize)
        let l2 = L.Linear(1)

        func predict(_ x: Variable) -> Variable { l2(sigmoid(l1(x))) }

        let step = StepFunction(compiled: compile.compiled, "step44") { x, y in
            let yPred = predict(x)
            let loss = meanSquaredError(y, yPred)
            l1.cleargrads()
            l2.cleargrads()
            loss.backward()
            for l in [l1, l2] {
                for p in l.params() { p.data -= lr * p.grad!.data }
            }
            return loss
        }
        for i in 0..<iters {
            let loss = try step(Variable(x), Variable(y))
            if i % 1000 == 0 { print(loss) }
        }
    }
}

/// Step 45's model: `l2(sigmoid(l1(x)))` as a ``Model``.
final class TwoLayerNet: Model {
    /// The hidden layer.
    let l1: L.Linear
    /// The output layer.
    let l2: L.Linear

    /// Two lazily sized linear layers of `hiddenSize` and `outSize` outputs.
    init(hiddenSize: Int, outSize: Int) {
        l1 = L.Linear(hiddenSize)
        l2 = L.Linear(outSize)
    }

    /// `l2(sigmoid(l1(x)))`.
    override func forward(_ x: Variable) -> Variable { l2(sigmoid(l1(x))) }
}

/// Step 45: the layers gathered in a `Model`.
struct Step45: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 45: a layer that holds layers.")
    @Option(help: "Iterations.") var iters = 10_000
    @Option(help: "Learning rate.") var lr = 0.2
    @Option(help: "Hidden units.") var hiddenSize = 10
    @OptionGroup var compile: CompileFlag

    func run() throws {
        let (x, y) = sinToyData()
        let model = TwoLayerNet(hiddenSize: hiddenSize, outSize: 1)
        let step = StepFunction(compiled: compile.compiled, "step45") { x, y in
            let yPred = model(x)
            let loss = meanSquaredError(y, yPred)
            model.cleargrads()
            loss.backward()
            for p in model.params() { p.data -= lr * p.grad!.data }
            return loss
        }
        for i in 0..<iters {
            let loss = try step(Variable(x), Variable(y))
            if i % 1000 == 0 { print(loss) }
        }
    }
}

/// Step 46: `MLP` and the `SGD` optimizer.
struct Step46: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 46: updating parameters with an optimizer.")
    @Option(help: "Iterations.") var iters = 10_000
    @Option(help: "Learning rate.") var lr = 0.2
    @Option(help: "Hidden units.") var hiddenSize = 10
    @OptionGroup var compile: CompileFlag

    func run() throws {
        let (x, y) = sinToyData()
        let model = MLP([hiddenSize, 1])
        let optimizer = SGD(lr: lr).setup(model)
        let step = StepFunction(compiled: compile.compiled, "step46") { x, y in
            let yPred = model(x)
            let loss = meanSquaredError(y, yPred)
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return loss
        }
        for i in 0..<iters {
            let loss = try step(Variable(x), Variable(y))
            if i % 1000 == 0 { print(loss) }
        }
    }
}

/// Softmax of a 1-D (or single-row) score vector from elementary functions (step 47's
/// `softmax1d`: `exp(x) / sum(exp(x))`).
func softmax1d(_ x: Variable) -> Variable {
    let y = exp(x)
    return y / sum(y)
}

/// Step 47: softmax and cross entropy for multi-class classification.
struct Step47: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 47: softmax and cross entropy.")

    func run() {
        Random.seed(0)
        let model = MLP([10, 3])

        let x1 = Variable([[0.2, -0.4]])
        var y = model(x1)
        var p = softmax1d(y)
        print(y)
        print(p)

        let x: NDArray = [[0.2, -0.4], [0.3, 0.5], [1.3, -3.2], [2.1, 0.3]]
        let t: NDArray = [2, 0, 1, 0]
        y = model(x)
        p = softmaxSimple(y)
        print(y)
        print(p)

        let loss = softmaxCrossEntropySimple(y, Variable(t))
        loss.backward()
        print(loss)
    }
}
