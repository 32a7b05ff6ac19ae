import ArgumentParser
import DeZero
import DeZeroCompiler

/// Step 48's spiral classifier, trained as one compiled step and exported: the training step
/// (with its weights and SGD's learning rate) and the prediction, each a folder that
/// `dezero-ir run` or `CompiledProgram.load` runs without this code.
///
/// DIR/step takes a batch (`batch_x.npy`, `batch_t.npy`) and returns the loss, updating the
/// weights it holds (`--save` keeps them); DIR/predict takes the 300 points (`x.npy`) and
/// returns their class scores.
struct SpiralExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spiral-export",
        abstract: "Trains step 48's spiral classifier compiled, then exports the training step and the prediction.")
    @Option(help: "Epochs.") var epochs = 300
    @Option(help: "Examples per minibatch (must divide 300: one compiled program).") var batchSize = 30
    @Option(help: "Hidden units.") var hiddenSize = 10
    @Option(help: "Learning rate (SGD).") var lr = 1.0
    @Option(help: "Directory to write step/, predict/ and the sample inputs to.") var output: String

    func validate() throws {
        try validateTraining(epochs: epochs, batchSize: batchSize, hiddenSize: hiddenSize)
        guard 300 % batchSize == 0 else { throw ValidationError("--batch-size must divide 300") }
    }

    func run() throws {
        let (x, t) = getSpiral(train: true)
        let model = MLP([hiddenSize, 3])
        let optimizer = SGD(lr: lr).setup(model)
        let step = compile("spiral_step") { (x: Variable, t: Variable) -> Variable in
            let loss = softmaxCrossEntropy(model(x), t)
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return loss
        }
        let dataSize = x.shape[0], maxIter = dataSize / batchSize
        for epoch in 0..<epochs {
            let index = Random.permutation(dataSize)
            var sumLoss = 0.0
            for i in 0..<maxIter {
                let batch = index[i * batchSize..<(i + 1) * batchSize]
                sumLoss += try step(Variable(x[batch]), Variable(t[batch])).data.item() * Double(batchSize)
            }
            if (epoch + 1) % 50 == 0 || epoch + 1 == epochs {
                print("epoch \(epoch + 1), loss \(pyFixed(sumLoss / Double(dataSize), 2))")
            }
        }

        let predict = compile("spiral_predict") { (x: Variable) -> Variable in model(x) }
        let scores = try withTestMode { try withNoGrad { _ = try predict(Variable(x)); return try predict(Variable(x)) } }
        let accuracy = DeZero.accuracy(scores, Variable(t)).data.item()
        print("accuracy on the training set: \(pyFixed(accuracy, 4))")

        try makeDirectory(output)
        try step.export(to: pathIn(output, "step"))
        noteWritten(pathIn(output, "step"))
        try predict.export(to: pathIn(output, "predict"))
        noteWritten(pathIn(output, "predict"))
        for (name, array) in [("x.npy", x), ("batch_x.npy", x[0..<batchSize]), ("batch_t.npy", t[0..<batchSize])] {
            try array.save(npy: pathIn(output, name))
            noteWritten(pathIn(output, name))
        }

        // The exported prediction, run on its own, gives the compiled function's scores.
        let loaded = try CompiledProgram.load(pathIn(output, "predict"))
        let again = try loaded.run([x])[0]
        print("exported predict gives the same scores: \(arrayEqual(again, scores.data))")
    }
}
