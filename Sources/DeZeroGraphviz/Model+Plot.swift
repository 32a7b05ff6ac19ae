import DeZero

extension Model {
    /// Runs the model on `inputs` and draws the graph of that forward pass into an image file
    /// (DeZero's `Model.plot`): every function the model applied, and every variable with its
    /// shape and dtype when `verbose` (as DeZero always draws them).
    ///
    /// ```swift
    /// let model = MLP([10, 3])
    /// try model.plot(Variable(x), toFile: "model.png")
    /// ```
    ///
    /// As in DeZero the forward pass is a real one: a lazily sized layer such as `L.Linear(10)`
    /// draws its weights from the global generator on this first call, and the graph is built
    /// even under `withNoGrad` (the drawing needs it).
    ///
    /// - Parameters:
    ///   - inputs: the model's inputs (one for most models).
    ///   - verbose: add each variable's shape and dtype to its label.
    ///   - toFile: the file to write, its format named by the extension (`png`, `svg`, `pdf` or
    ///     `dot`); replaced atomically if it exists.
    /// - Returns: the model's output, whose graph was drawn.
    /// - Throws: ``GraphvizError``: an unknown extension, an unwritable path, or Graphviz's own
    ///   error.
    @discardableResult
    public func plot(_ inputs: Variable..., verbose: Bool = true, toFile: String = "model.png") throws(GraphvizError)
        -> Variable
    {
        try plot(inputs, verbose: verbose, toFile: toFile)
    }

    /// The variadic `plot(_: Variable...)` with plain arrays as inputs, each wrapped in a
    /// `Variable` (DeZero's `plot` takes ndarrays too).
    @discardableResult
    public func plot(_ inputs: NDArray..., verbose: Bool = true, toFile: String = "model.png") throws(GraphvizError)
        -> Variable
    {
        try plot(inputs.map { Variable($0) }, verbose: verbose, toFile: toFile)
    }

    /// The variadic `plot(_: Variable...)` with the inputs in an array. A model with several
    /// outputs is drawn from its first one (its graph includes the others' shared history).
    @discardableResult
    public func plot(_ inputs: [Variable], verbose: Bool = true, toFile: String = "model.png") throws(GraphvizError)
        -> Variable
    {
        let outputs = usingConfig(\.enableBackprop, true) { apply(inputs) }
        require(!outputs.isEmpty, "\(type(of: self)).plot: the model returned no output to draw")
        try plotDotGraph(outputs[0], verbose: verbose, toFile: toFile)
        return outputs[0]
    }
}
