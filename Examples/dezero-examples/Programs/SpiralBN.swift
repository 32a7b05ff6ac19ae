import ArgumentParser
import DeZero
import Foundation

/// The model of DeZero's `examples/spiral.py`: two linear layers with batch normalization and a
/// sigmoid between them.
final class SpiralBNNet: Model {
    /// The hidden layer.
    let l1: L.Linear
    /// The output layer.
    let l2: L.Linear
    /// Batch normalization of the hidden layer's output.
    let bn1: L.BatchNorm

    /// A net with `hiddenSize` hidden units and `outSize` outputs, sized at the first call.
    init(hiddenSize: Int, outSize: Int) {
        l1 = L.Linear(hiddenSize)
        l2 = L.Linear(outSize)
        bn1 = L.BatchNorm()
    }

    /// The class scores of `x`.
    override func forward(_ x: Variable) -> Variable {
        let y = sigmoid(bn1(l1(x)))
        return l2(y)
    }
}

/// DeZero's `examples/spiral.py`: the spiral data set (step 48) learned by a two-layer network
/// with batch normalization, printing the last minibatch's loss every 10 epochs.
///
/// The run is deterministic, as the script's: `Spiral` reseeds the global generator (the test
/// split last, with 2020), so the shuffles and the initial weights are the same every time
/// (and so there is no `--seed`). The script then plots the decision regions; `--output DIR`
/// writes them instead, as `spiral_decision.npy`: the class predicted in test mode on a grid
/// over the data (`--grid-step`; the script's 0.001 gives a 2200 x 2200 grid).
struct SpiralBN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spiral-bn",
        abstract: "DeZero's examples/spiral.py: a two-layer net with batch normalization on the spiral data.")
    @Option(help: "Epochs.") var epochs = 100
    @Option(help: "Examples per minibatch.") var batchSize = 30
    @Option(help: "Units of the hidden layer.") var hiddenSize = 10
    @Option(help: "Learning rate of SGD.") var lr = 1.0
    @Option(help: "Write the decision regions (the script's plot) as DIR/spiral_decision.npy.") var output: String?
    @Option(help: "With --output: the grid's spacing.") var gridStep = 0.01
    @OptionGroup var compile: CompileFlag

    func validate() throws {
        guard gridStep > 0 else { throw ValidationError("--grid-step must be positive") }
    }

    func run() throws {
        let trainSet = Spiral(train: true)
        _ = Spiral(train: false)  // unused by the script, but making it reseeds the generator (2020)
        let trainLoader = DataLoader(trainSet, batchSize: batchSize)

        let model = SpiralBNNet(hiddenSize: hiddenSize, outSize: 3)
        let optimizer = SGD(lr: lr).setup(model)
        let step = classificationStep(model, optimizer, compiled: compile.compiled)

        let bar = ProgressBar(total: epochs, label: "spiral-bn")
        for epoch in 0..<epochs {
            var loss: Variable?
            for (x, t) in trainLoader {
                loss = try step(Variable(x), Variable(t))
            }
            if epoch % 10 == 0, let loss {
                printLine("loss: \(loss.data)", clearing: bar)
            }
            bar.advance()
        }
        bar.finish()

        if let output { try writeDecisionRegions(model, trainSet.data, directory: output) }
    }

    /// The script's plot as an array: the predicted class at every point of a grid covering the
    /// data with a margin of 0.1, rows along the second coordinate.
    private func writeDecisionRegions(_ model: Model, _ x: NDArray, directory: String) throws {
        let x0 = x[NDSlice.all, 0].scalars(as: Float.self).map(Double.init)
        let x1 = x[NDSlice.all, 1].scalars(as: Float.self).map(Double.init)
        let xMin = x0.min()! - 0.1, xMax = x0.max()! + 0.1
        let yMin = x1.min()! - 0.1, yMax = x1.max()! + 0.1
        // np.arange(start, stop, h): ceil((stop - start) / h) points start + i * h.
        let xs = (0..<Int(((xMax - xMin) / gridStep).rounded(.up))).map { xMin + Double($0) * gridStep }
        let ys = (0..<Int(((yMax - yMin) / gridStep).rounded(.up))).map { yMin + Double($0) * gridStep }
        var points = [Double]()
        points.reserveCapacity(xs.count * ys.count * 2)
        for y in ys {
            for x in xs { points += [x, y] }
        }
        let score = withTestMode { withNoGrad { model(NDArray(points, shape: [xs.count * ys.count, 2])) } }
        let predictCls = score.data.argmax(axis: 1).reshape([ys.count, xs.count])
        try makeDirectory(directory)
        let path = pathIn(directory, "spiral_decision.npy")
        try predictCls.save(npy: path)
        noteWritten("\(path) (\(ys.count) x \(xs.count): x from \(xMin) by \(gridStep), y from \(yMin) by \(gridStep))")
    }
}
