import DeZero

/// Draws the computational graph that produced `output` into an image file (DeZero's
/// `plot_dot_graph`), rendered in-process through libgvc.
///
/// The format is the one the file's extension names: `png`, `svg`, `pdf` or `dot`. This is the
/// whole of DeZero's `Model.plot`: run the model on its inputs, then call this with the output.
///
/// - Parameters:
///   - output: the variable whose history is drawn.
///   - verbose: add each variable's shape and dtype to its label.
///   - toFile: the file to write, replaced atomically if it exists.
/// - Throws: ``GraphvizError``: an unknown extension, an unwritable path, or Graphviz's own error.
public func plotDotGraph(_ output: Variable, verbose: Bool = true, toFile: String = "graph.png") throws(GraphvizError) {
    let format = try GraphvizFormat(path: toFile)
    try Graphviz.render(dot: getDotGraph(output, verbose: verbose), toFile: toFile, format: format)
}
