/// A layer that is a whole network: the class models subclass (DeZero's `Model`).
///
/// It adds nothing to ``Layer`` here; DeZero's `Model.plot` (drawing the graph of a forward pass
/// with Graphviz) is in the `DeZeroGraphviz` module: `import DeZeroGraphviz`, then
/// `try model.plot(x, toFile: "model.png")`.
open class Model: Layer {}
