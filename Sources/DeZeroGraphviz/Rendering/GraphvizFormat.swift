/// An output format of the renderer, named as Graphviz and file extensions name it.
public enum GraphvizFormat: String, CaseIterable, Sendable {
    /// A PNG bitmap (Graphviz's cairo renderer).
    case png
    /// An SVG drawing.
    case svg
    /// A PDF document.
    case pdf
    /// DOT text with the layout added (node positions, edge splines), as `dot -Tdot` writes it.
    case dot

    /// The format that the extension of `path` names (`graph.png` -> `.png`), in any letter case.
    ///
    /// - Throws: ``GraphvizError/unknownFormat(_:)`` when the extension is missing or is not one
    ///   of `png`, `svg`, `pdf`, `dot`.
    public init(path: String) throws(GraphvizError) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { throw .unknownFormat("") }
        let ext = String(name[name.index(after: dot)...])
        guard let format = GraphvizFormat(rawValue: ext.lowercased()) else { throw .unknownFormat(ext) }
        self = format
    }
}
