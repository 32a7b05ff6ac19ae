import Testing

/// The compiler's suites, run one at a time: they share the process-wide compile options and
/// the log handler.
@Suite(.serialized) enum CompilerSuites {}
