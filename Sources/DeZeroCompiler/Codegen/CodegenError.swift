/// Why generated C code could not be built or loaded.
public struct CodegenError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: String, Sendable {
        /// No C compiler was found (or `DEZERO_CC=none`).
        case noCompiler
        /// The compiler rejected the source or failed to run.
        case compileFailed
        /// The shared library could not be loaded, or lacks a kernel.
        case loadFailed
    }
    /// The kind of failure.
    public let kind: Kind
    /// The details: the command, the compiler's messages, the path.
    public let message: String

    /// An error of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
