/// A layer that is a whole network: the class models subclass (DeZero's `Model`).
///
/// It adds nothing to ``Layer`` yet; DeZero's `Model.plot` (drawing the graph of a forward pass
/// with Graphviz) belongs to the Graphviz module and is not here.
open class Model: Layer {}
