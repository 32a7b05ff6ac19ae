#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A one-line progress bar for long training loops and downloads, drawn on standard error as
/// DeZero's download bar looks: `label [###########...................] 36.67%`.
///
/// It draws only when standard error is a terminal, so logs and pipes stay clean; standard
/// output is never touched, so a program's printed results are the same with or without it.
///
/// ```swift
/// let bar = ProgressBar(total: loader.maxIter, label: "epoch \(epoch)")
/// for (x, t) in loader { ...; bar.advance() }
/// bar.finish()
/// ```
///
/// With an unknown total (`nil`, a download without a length) it shows the count instead.
/// Not thread-safe: update it from one thread at a time.
public final class ProgressBar {
    /// The count at completion, or `nil` when unknown.
    public let total: Int?
    /// Text shown before the bar.
    public let label: String
    /// Characters between the brackets.
    public let width: Int
    /// Whether anything is drawn (by default: whether standard error is a terminal).
    public let isEnabled: Bool
    /// How far the work has gone, in the units of `total`.
    public private(set) var completed = 0
    /// The line last drawn (or that would have been drawn when disabled).
    public private(set) var currentLine = ""
    private var finished = false
    private let unit: Unit

    /// How counts are shown when the total is unknown.
    public enum Unit: Sendable {
        /// Plain numbers.
        case items
        /// Bytes, as `12.3 MB`.
        case bytes
    }

    /// A bar for `total` steps (or an unknown total), drawn only when `enabled` (by default when
    /// standard error is a terminal).
    public init(total: Int?, label: String = "", width: Int = 30, unit: Unit = .items, enabled: Bool? = nil) {
        require(width > 0, "ProgressBar: width \(width) must be positive")
        require(total.map { $0 >= 0 } ?? true, "ProgressBar: total \(total!) must not be negative")
        self.total = total
        self.label = label
        self.width = width
        self.unit = unit
        isEnabled = enabled ?? ProgressBar.standardErrorIsTerminal
    }

    /// Whether standard error is a terminal (`isatty(2)`).
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Sets the progress to `completed` and redraws when the line changes.
    public func update(_ completed: Int) {
        self.completed = completed
        let line = ProgressBar.render(completed: completed, total: total, label: label, width: width, unit: unit)
        if line != currentLine {
            currentLine = line
            draw("\r" + line + "\u{1B}[K")  // back to the line start; erase what the old line left
        }
    }

    /// Moves the progress on by `steps`.
    public func advance(by steps: Int = 1) {
        update(completed + steps)
    }

    /// Draws the final state (100% when the total is known), then `message` (e.g. `" Done"`),
    /// and ends the line. Later calls do nothing.
    public func finish(_ message: String = "") {
        guard !finished else { return }
        finished = true
        update(total ?? completed)
        draw(message + "\n")
    }

    /// The text of the bar for `completed` of `total`, without control characters: DeZero's
    /// `[###...] 12.34%` (the bar and percentage capped at full), or the count when `total` is
    /// unknown.
    public static func render(
        completed: Int, total: Int?, label: String = "", width: Int = 30, unit: Unit = .items
    ) -> String {
        let prefix = label.isEmpty ? "" : label + " "
        guard let total else { return prefix + format(completed, unit) }
        let fraction = total > 0 ? Double(completed) / Double(total) : 1
        let percent = min(fraction * 100, 100)
        let filled = max(0, min(Int(fraction * Double(width)), width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return prefix + "[\(bar)] " + formatPercent(percent)
    }

    /// `percent` with two decimals, as Python's `{:.2f}%`.
    static func formatPercent(_ percent: Double) -> String {
        let hundredths = Int((max(percent, 0) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    private static func format(_ count: Int, _ unit: Unit) -> String {
        switch unit {
        case .items: return "\(count)"
        case .bytes:
            if count < 1000 { return "\(count) B" }
            let units = ["kB", "MB", "GB", "TB"]
            var value = Double(count) / 1000
            var k = 0
            while value >= 1000 && k < units.count - 1 {
                value /= 1000
                k += 1
            }
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) \(units[k])"
        }
    }

    private func draw(_ text: String) {
        guard isEnabled else { return }
        var text = text
        text.withUTF8 { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(STDERR_FILENO, buffer.baseAddress! + done, buffer.count - done)
                if n <= 0 { return }
                done += n
            }
        }
    }
}
