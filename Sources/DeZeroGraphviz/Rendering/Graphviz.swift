import CGraphviz
import Synchronization

/// Renders DOT text in-process through libgvc (no `dot` subprocess).
///
/// Any DOT text works, not only DeZero graphs. libgvc and cgraph keep global state (the error
/// handler, the parser, the plugin registry), so every call into them runs under one process-wide
/// lock: renders from several threads or tasks are safe and simply take turns. Errors Graphviz
/// reports are captured (not printed) and thrown as ``GraphvizError`` with Graphviz's message.
public enum Graphviz {
    /// Renders `dot` in `format` and returns the file's bytes.
    ///
    /// - Parameters:
    ///   - dot: a graph in the DOT language.
    ///   - format: the output format.
    ///   - engine: the layout engine (`dot` draws DeZero's layered graphs; `neato` and the others
    ///     work when their plugin is installed).
    ///   - limits: what libgvc is not handed (see ``GraphvizLimits``).
    /// - Throws: ``GraphvizError/syntax(message:)`` for malformed DOT,
    ///   ``GraphvizError/layoutFailed(engine:message:)``, ``GraphvizError/renderFailed(format:message:)``
    ///   or ``GraphvizError/contextUnavailable(message:)``; ``GraphvizError/rejected(reason:)``
    ///   before layout for a graph over `limits` or with attributes libgvc mishandles.
    public static func render(
        dot: String, format: GraphvizFormat, engine: String = "dot", limits: GraphvizLimits = .default
    ) throws(GraphvizError) -> [UInt8] {
        try state.withLock { (context: inout OpaquePointer?) throws(GraphvizError) -> [UInt8] in
            try renderLocked(dot: dot, format: format.rawValue, engine: engine, limits: limits, context: &context)
        }
    }

    /// Renders `dot` and writes it atomically to `path` (a temporary file in the same directory,
    /// then renamed), so a reader never sees a half-written file.
    ///
    /// - Parameters:
    ///   - dot: a graph in the DOT language.
    ///   - path: the file to write.
    ///   - format: the output format; by default the one `path`'s extension names.
    ///   - engine: the layout engine.
    ///   - limits: what libgvc is not handed (see ``GraphvizLimits``).
    /// - Throws: ``GraphvizError/unknownFormat(_:)`` when `format` is nil and the extension names
    ///   none, ``GraphvizError/writeFailed(path:detail:)`` when the file cannot be written, and
    ///   the errors of ``render(dot:format:engine:limits:)``.
    public static func render(
        dot: String, toFile path: String, format: GraphvizFormat? = nil, engine: String = "dot",
        limits: GraphvizLimits = .default
    ) throws(GraphvizError) {
        let format = if let format { format } else { try GraphvizFormat(path: path) }
        let bytes = try render(dot: dot, format: format, engine: engine, limits: limits)
        try AtomicFile.write(bytes, to: path)
    }

    /// The shared libgvc context, created on first use, behind the lock that serializes every
    /// libgvc and cgraph call in the process.
    private static let state = Mutex<OpaquePointer?>(nil)

    /// What Graphviz reported through the error handler during the current call. Written only
    /// by ``collectMessage`` while `state` is held.
    private static let messages = Mutex<String>("")

    /// cgraph's error handler: appends each piece of a message (`Error`, `: `, the text).
    private static let collectMessage: agusererrf = { piece in
        guard let piece else { return 0 }
        let text = String(cString: piece)
        Graphviz.messages.withLock { $0 += text }
        return 0
    }

    /// The messages Graphviz reported since the last call, emptied, one line each joined by `; `
    /// (cgraph's `Error: ` prefix dropped, `Warning: ` kept); `fallback` when none.
    private static func takeMessages(or fallback: String) -> String {
        let text = messages.withLock { text in
            defer { text = "" }
            return text
        }
        let lines = text.split(whereSeparator: \.isNewline)
            .map { line in line.hasPrefix("Error: ") ? line.dropFirst(7).trimmingWhitespace() : line.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        return lines.isEmpty ? fallback : lines.joined(separator: "; ")
    }

    /// The body of ``render(dot:format:engine:limits:)``; runs with `state` locked.
    private static func renderLocked(
        dot: String, format: String, engine: String, limits: GraphvizLimits, context: inout OpaquePointer?
    ) throws(GraphvizError) -> [UInt8] {
        _ = takeMessages(or: "")
        let gvc = try sharedContext(&context)
        if let nul = dot.utf8.firstIndex(of: 0) {
            let prefix = Array(dot.utf8[..<nul])
            let line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
            let column = prefix.count - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            throw .syntax(
                message: "the DOT text holds a NUL character (line \(line), column \(column)), which Graphviz cannot read; "
                    + "remove it from the name or label (DotGraph writes it as \\0)")
        }
        guard let graph = agmemread(dot) else {
            throw .syntax(message: takeMessages(or: "the text holds no graph"))
        }
        defer { agclose(graph) }
        try limits.apply(to: graph)
        guard gvLayout(gvc, graph, engine) == 0 else {
            throw .layoutFailed(engine: engine, message: takeMessages(or: "gvLayout failed"))
        }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>? = nil
        var length: UInt32 = 0
        let status = gvRenderData(gvc, graph, format, &data, &length)
        defer { if let data { gvFreeRenderData(data) } }
        guard status == 0, let data, length > 0 else {
            throw .renderFailed(format: format, message: takeMessages(or: "gvRenderData produced no data"))
        }
        _ = takeMessages(or: "")  // warnings of a successful render are dropped
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }

    /// The process's libgvc context, created (and cgraph's error handler installed) on first use.
    private static func sharedContext(_ context: inout OpaquePointer?) throws(GraphvizError) -> OpaquePointer {
        if let context { return context }
        _ = agseterrf(collectMessage)
        _ = agseterr(AGWARN)
        guard let created = gvContext() else {
            throw .contextUnavailable(message: takeMessages(or: "gvContext() failed"))
        }
        context = created
        return created
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> String {
        let trimmed = drop { $0 == " " || $0 == "\t" }
        return String(trimmed.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
