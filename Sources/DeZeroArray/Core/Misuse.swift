// Checks for misuse (a wrong shape, axis, index or argument) that stop the program with their
// message in every build. Swift's `precondition` and `preconditionFailure` drop the message in
// optimized builds, which left `swift run -c release` users with a bare "Illegal instruction";
// `fatalError` keeps it. The message is an autoclosure, built only on the failing path, and that
// path is a separate function that is never inlined, so a passing check costs one branch.
// Package access: every module of this package uses them, no user's namespace gets them.

/// Stops the program with `message` (in release builds too) when `condition` is false.
@_transparent @usableFromInline
package func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if _slowPath(!condition()) { misuseStop(message, file: file, line: line) }
}

/// Stops the program with `message` (in release builds too).
@_transparent @usableFromInline
package func misuse(
    _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) -> Never {
    misuseStop(message, file: file, line: line)
}

/// The cold path of `require` and `misuse`: builds the message and stops.
@usableFromInline @inline(never)
package func misuseStop(_ message: () -> String, file: StaticString, line: UInt) -> Never {
    fatalError(message(), file: file, line: line)
}
