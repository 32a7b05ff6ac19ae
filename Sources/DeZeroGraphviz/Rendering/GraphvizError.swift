/// Why a graph could not be rendered or written. Messages from Graphviz itself are kept as
/// Graphviz wrote them (trimmed, without cgraph's `Error: ` prefix), e.g.
/// `syntax error in line 1 near '->'`.
public enum GraphvizError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The DOT text could not be parsed (or held no graph).
    case syntax(message: String)
    /// The layout engine failed or is unknown.
    case layoutFailed(engine: String, message: String)
    /// Graphviz could not render the laid-out graph in this format (e.g. its plugin is missing).
    case renderFailed(format: String, message: String)
    /// The format (usually a file's extension) is not one of ``GraphvizFormat``'s.
    case unknownFormat(String)
    /// The rendered bytes could not be written to `path`; a previous file there is left untouched.
    case writeFailed(path: String, detail: String)
    /// The graph was not laid out because libgvc would crash on it or lay it out for minutes
    /// (see ``GraphvizLimits``); `reason` names what and the fix.
    case rejected(reason: String)
    /// Graphviz could not create its context (libgvc's plugins could not be loaded).
    case contextUnavailable(message: String)

    /// A one-line message saying what failed, with Graphviz's own words where it gave some.
    public var description: String {
        switch self {
        case .syntax(let message):
            "Graphviz could not parse the DOT text: \(message)"
        case .layoutFailed(let engine, let message):
            "Graphviz layout '\(engine)' failed: \(message)"
        case .renderFailed(let format, let message):
            "Graphviz could not render format '\(format)': \(message)"
        case .unknownFormat(let format):
            (format.isEmpty ? "No file extension to name the format" : "Unknown format '\(format)'")
                + "; use one of " + GraphvizFormat.allCases.map(\.rawValue).joined(separator: ", ")
        case .writeFailed(let path, let detail):
            "Cannot write '\(path)': \(detail)"
        case .rejected(let reason):
            "Graphviz was not asked to lay out this graph: \(reason)"
        case .contextUnavailable(let message):
            "Graphviz is unavailable: \(message)"
        }
    }
}
