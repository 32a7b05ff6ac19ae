/// NumPy's default print options (NumPy 1.23 `np.get_printoptions()`), which `description` and
/// `debugDescription` follow.
enum PrintOptions {
    /// Significant fractional digits printed for floats (`precision`).
    static let precision = 8
    /// Arrays with more elements than this are summarized with `...` (`threshold`).
    static let threshold = 1000
    /// Items kept at each end of a summarized axis (`edgeitems`).
    static let edgeItems = 3
    /// Characters per line before wrapping (`linewidth`).
    static let lineWidth = 75
    /// Printed for NaN (`nanstr`).
    static let nanString = "nan"
    /// Printed for infinity (`infstr`).
    static let infString = "inf"
}

extension NDArray: CustomStringConvertible, CustomDebugStringConvertible {
    /// The elements as NumPy 1.23's `str(a)` prints them with default print options, e.g.
    /// `[[1 2 3]\n [4 5 6]]`, `[0.1 0.2]` or `1.5` for a 0-d array.
    ///
    /// Floats use NumPy's `maxprec` mode: the shortest round-trip digits of each value (by its
    /// own dtype), at most 8 after the point, in columns of equal width; scientific notation
    /// when the largest magnitude is at least 1e8, the smallest nonzero is below 1e-4, or they
    /// are more than 1e3 apart. Rows wrap at 75 columns, and arrays of more than 1000
    /// elements show only 3 items at each end of every axis. Lines never end in spaces, so
    /// indenting every line after the first (as DeZero's `variable(...)` does) stays clean.
    public var description: String {
        Tracing.recorder?.hostRead(self, "description")
        if !device.isCPU { return toCPU().description }
        if ndim == 0 { return scalarString() }
        if size == 0 { return "[]" }
        return arrayString(separator: " ", prefix: "", lineWidth: PrintOptions.lineWidth)
    }

    /// The array as NumPy 1.23's `repr(a)` prints it with default print options, e.g.
    /// `array([1., 2.], dtype=float32)`.
    ///
    /// As in NumPy on Linux, the `dtype=` suffix is left out for `int64`, `float64` and `bool`
    /// arrays that have elements; empty arrays always show it, and empty arrays other than
    /// 1-D also show their shape: `array([], shape=(0, 3), dtype=float64)`.
    public var debugDescription: String {
        Tracing.recorder?.hostRead(self, "debugDescription")
        if !device.isCPU { return toCPU().debugDescription }
        let showsDType = dtype == .float32 || size == 0
        let prefix = "array("
        let suffix = showsDType ? "," : ")"
        let body: String
        if size > 0 {
            body = arrayString(
                separator: ", ", prefix: prefix, lineWidth: PrintOptions.lineWidth - suffix.utf8.count)
        } else if shape == [0] {
            body = "[]"
        } else {
            body = "[], shape=" + NDArray.shapeDescription(shape)
        }
        let text = prefix + body + suffix
        guard showsDType else { return text }
        let dtypeText = "dtype=\(dtype))"
        let lastLine = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last!
        let spacer = lastLine.count + dtypeText.utf8.count + 1 > PrintOptions.lineWidth
            ? "\n" + String(repeating: " ", count: prefix.utf8.count) : " "
        return text + spacer + dtypeText
    }

    /// A shape as Python prints the tuple: `(2, 3)`, `(3,)`, `()`.
    public static func shapeDescription(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    // MARK: - 0-d arrays

    /// `str` of the only element, as NumPy prints a scalar: floats are not cut to 8 digits,
    /// bools have no padding (`1.5`, `1e-05`, `True`, `nan`).
    func scalarString() -> String {
        let position = [0]
        switch dtype {
        case .bool: return gathered(Bool.self, at: position)[0] ? "True" : "False"
        case .int64: return String(gathered(Int64.self, at: position)[0])
        case .float32:
            let x = gathered(Float.self, at: position)[0]
            return FloatPrinting.scalarString(Double(x), shortest: x.description)
        case .float64:
            let x = gathered(Double.self, at: position)[0]
            return FloatPrinting.scalarString(x, shortest: x.description)
        }
    }

    // MARK: - array2string

    /// NumPy's `array2string` with default options: the bracketed, aligned and wrapped
    /// elements, with continuation lines indented by one space plus the length of `prefix`
    /// (the text the caller writes before the result).
    func arrayString(separator: String, prefix: String, lineWidth: Int) -> String {
        let summarize = size > PrintOptions.threshold
        // The indices printed along each axis: all of them, or the edges of a long axis.
        var kept: [[Int]] = []
        var summarized: [Bool] = []
        for n in shape {
            if summarize && n > 2 * PrintOptions.edgeItems {
                kept.append(Array(0..<PrintOptions.edgeItems) + Array((n - PrintOptions.edgeItems)..<n))
                summarized.append(true)
            } else {
                kept.append(Array(0..<n))
                summarized.append(false)
            }
        }
        // Storage positions (relative to element [0, 0, ...]) of the printed elements, C order.
        var positions: [Int] = [0]
        for axis in 0..<ndim {
            var next: [Int] = []
            next.reserveCapacity(positions.count * kept[axis].count)
            for base in positions {
                for i in kept[axis] { next.append(base + i * strides[axis]) }
            }
            positions = next
        }
        let words: [String]
        switch dtype {
        case .bool:
            let values = gathered(Bool.self, at: positions)
            let trueWord = ndim == 0 ? "True" : " True"
            words = values.map { $0 ? trueWord : "False" }
        case .int64:
            words = Self.integerWords(gathered(Int64.self, at: positions))
        case .float32:
            words = FloatPrinting.words(gathered(Float.self, at: positions))
        case .float64:
            words = FloatPrinting.words(gathered(Double.self, at: positions))
        }
        let layout = ArrayLayout(
            shape: kept.map(\.count), summarized: summarized, words: words, separator: separator)
        return layout.render(
            lineWidth: lineWidth, nextLinePrefix: String(repeating: " ", count: 1 + prefix.utf8.count))
    }

    /// The elements at storage `positions` relative to element `[0, 0, ...]`, read as `T`.
    private func gathered<T: NDElement>(_: T.Type, at positions: [Int]) -> [T] {
        require(T.dtype == dtype, "NDArray.gathered: array is \(dtype), asked for \(T.dtype)")
        return withExtendedLifetime(self) {
            let start = base(T.self)
            return positions.map { start[$0] }
        }
    }

    /// NumPy's `IntegerFormat`: every value right-aligned to the widest of `min` and `max`.
    private static func integerWords(_ values: [Int64]) -> [String] {
        guard let low = values.min(), let high = values.max() else { return [] }
        let width = Swift.max(String(low).utf8.count, String(high).utf8.count)
        return values.map { v in
            let s = String(v)
            return String(repeating: " ", count: width - s.utf8.count) + s
        }
    }
}

/// NumPy's `FloatingFormat` (floatmode `maxprec`, sign `-`, no suppression) and scalar `str`.
enum FloatPrinting {
    /// One element to print: the digits of a finite value, or a non-finite marker.
    private enum Element {
        case finite(DecimalDigits)
        case nan
        case infinity(negative: Bool)
    }

    /// The shortest round-trip digits of `x` by its own type.
    private static func shortest<T: BinaryFloatingPoint & CustomStringConvertible>(_ x: T) -> DecimalDigits {
        DecimalDigits(shortestDescription: x.description)
    }

    /// NumPy's `str` of a float scalar: positional between 1e-4 and 1e16 (and for zero) with at
    /// least one fractional digit (`1.0`), scientific otherwise without a bare point (`1e+16`).
    static func scalarString(_ x: Double, shortest text: String) -> String {
        if x.isNaN { return PrintOptions.nanString }
        if x.isInfinite { return (x < 0 ? "-" : "") + PrintOptions.infString }
        let d = DecimalDigits(shortestDescription: text)
        let sign = d.isNegative ? "-" : ""
        let magnitude = abs(x)
        if magnitude == 0 || (1e-4 <= magnitude && magnitude < 1e16) {
            let fraction = d.positionalFractionPart
            return sign + d.positionalIntegerPart + "." + (fraction.isEmpty ? "0" : fraction)
        }
        let fraction = d.scientificFractionPart
        return sign + String(d.digits[0]) + (fraction.isEmpty ? "" : "." + fraction)
            + exponentString(d.exponent, digits: 2)
    }

    /// `e+05`, `e-10`, `e+100`: the exponent zero-padded to at least `digits` digits.
    private static func exponentString(_ exponent: Int, digits: Int) -> String {
        let magnitude = String(abs(exponent))
        return (exponent < 0 ? "e-" : "e+")
            + String(repeating: "0", count: Swift.max(0, digits - magnitude.utf8.count)) + magnitude
    }

    /// The printed, equal-width words for `values`, as NumPy's `FloatingFormat` built from the
    /// same values prints them.
    static func words<T: BinaryFloatingPoint & CustomStringConvertible>(_ values: [T]) -> [String] {
        let precision = PrintOptions.precision
        // Scientific notation is chosen from the nonzero finite magnitudes.
        var low: T? = nil
        var high: T? = nil
        for x in values where x.isFinite && x != 0 {
            let m = abs(x)
            if low == nil || m < low! { low = m }
            if high == nil || m > high! { high = m }
        }
        var scientific = false
        if let low, let high {
            // NumPy compares with the thresholds in double precision, but divides in the dtype.
            scientific = Double(high) >= 1e8 || Double(low) < 1e-4 || high / low > 1000
        }

        // First pass (fixes the column widths): the shortest digits, cut to `precision`
        // fractional digits.
        let elements: [Element] = values.map { x in
            if x.isNaN { return .nan }
            if x.isInfinite { return .infinity(negative: x < 0) }
            var d = shortest(x)
            if scientific {
                if d.digits.count - 1 > precision {
                    d = DecimalDigits.exact(
                        Double(x), significantFractionDigits: precision, approximateExponent: d.exponent)
                }
            } else if d.fractionDigitCount > precision {
                d = DecimalDigits.exact(Double(x), fractionDigits: precision, approximateExponent: d.exponent)
            }
            return .finite(d)
        }

        // Column widths from the finite values.
        var padLeft = 0
        var padRight = 0
        var fractionDigits = 0
        var exponentDigits = 0
        var hasFinite = false
        var hasNonFinite = false
        var hasNegativeInfinity = false
        for element in elements {
            switch element {
            case .finite(let d):
                hasFinite = true
                let sign = d.isNegative ? 1 : 0
                if scientific {
                    padLeft = Swift.max(padLeft, sign + 1)
                    fractionDigits = Swift.max(fractionDigits, d.digits.count - 1)
                    exponentDigits = Swift.max(exponentDigits, Swift.max(2, String(abs(d.exponent)).utf8.count))
                } else {
                    padLeft = Swift.max(padLeft, sign + d.positionalIntegerPart.utf8.count)
                    padRight = Swift.max(padRight, d.positionalFractionPart.utf8.count)
                }
            case .nan:
                hasNonFinite = true
            case .infinity(let negative):
                hasNonFinite = true
                hasNegativeInfinity = hasNegativeInfinity || negative
            }
        }
        if scientific && hasFinite { padRight = exponentDigits + 2 + fractionDigits }
        if hasNonFinite {
            let afterPoint = padRight + 1
            padLeft = max(
                padLeft, PrintOptions.nanString.utf8.count - afterPoint,
                PrintOptions.infString.utf8.count + (hasNegativeInfinity ? 1 : 0) - afterPoint)
        }
        let width = padLeft + padRight + 1

        // Second pass: NumPy prints again with a minimum digit count, which makes Dragon4 go on
        // past the shortest digits and round the exact value there. In scientific notation that
        // is every value's digits to the common `fractionDigits`; positionally, the digits down
        // to the units place (float32 99999992 has shortest digits 9999999e1).
        return zip(values, elements).map { x, element in
            switch element {
            case .nan:
                return leftPadded(PrintOptions.nanString, to: width)
            case .infinity(let negative):
                return leftPadded((negative ? "-" : "") + PrintOptions.infString, to: width)
            case .finite(var d):
                let sign = d.isNegative ? "-" : ""
                if scientific {
                    if !d.isZero {
                        d = DecimalDigits.exact(
                            Double(x), significantFractionDigits: fractionDigits, approximateExponent: d.exponent)
                    }
                    let fraction = d.scientificFractionPart
                    return leftPadded(sign + String(d.digits[0]), to: padLeft) + "." + fraction
                        + String(repeating: "0", count: fractionDigits - fraction.utf8.count)
                        + exponentString(d.exponent, digits: exponentDigits)
                }
                if d.digits.count - 1 < d.exponent {
                    d = DecimalDigits.exact(Double(x), fractionDigits: 0, approximateExponent: d.exponent)
                }
                let fraction = d.positionalFractionPart
                return leftPadded(sign + d.positionalIntegerPart, to: padLeft) + "." + fraction
                    + String(repeating: " ", count: padRight - fraction.utf8.count)
            }
        }
    }

    /// `text` preceded by spaces up to `width` characters.
    private static func leftPadded(_ text: String, to width: Int) -> String {
        let count = text.utf8.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }
}

/// NumPy's `_formatArray`: nests already formatted words in brackets, one row per line, with
/// blank lines between higher-dimensional blocks, `...` for summarized axes, and rows wrapped
/// to the line width.
struct ArrayLayout {
    /// The number of printed items along each axis.
    var shape: [Int]
    /// Whether each axis is summarized: its first and last `edgeItems` items around `...`.
    var summarized: [Bool]
    /// The formatted elements, in C order of the printed items.
    var words: [String]
    /// Written between items: `" "` for `str`, `", "` for `repr`.
    var separator: String

    /// The whole nested text; `nextLinePrefix` indents continuation lines.
    func render(lineWidth: Int, nextLinePrefix: String) -> String {
        var itemCounts = [Int](repeating: 1, count: shape.count + 1)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            itemCounts[axis] = itemCounts[axis + 1] * shape[axis]
        }
        return render(
            axis: 0, first: 0, itemCounts: itemCounts, hangingIndent: nextLinePrefix, width: lineWidth)
    }

    /// The text of the block starting at word `first` along `axis`.
    private func render(
        axis: Int, first: Int, itemCounts: [Int], hangingIndent: String, width: Int
    ) -> String {
        if axis == shape.count { return words[first] }
        let nextIndent = hangingIndent + " "
        let nextWidth = width - 1
        let count = shape[axis]
        let summaryAt = summarized[axis] ? PrintOptions.edgeItems : -1
        let step = itemCounts[axis + 1]
        var text = ""

        if axis == shape.count - 1 {
            // A row: words separated by `separator`, wrapped before the closing bracket.
            let elementWidth = width - 1
            var line = hangingIndent
            var lineLength = line.utf8.count
            let indentLength = hangingIndent.utf8.count
            func extend(with word: String) {
                let wordLength = word.utf8.count
                if lineLength + wordLength > elementWidth && lineLength > indentLength {
                    while line.last == " " { line.removeLast() }
                    text += line + "\n"
                    line = hangingIndent
                    lineLength = indentLength
                }
                line += word
                lineLength += wordLength
            }
            for i in 0..<count {
                if i == summaryAt {
                    extend(with: "...")
                    line += separator
                    lineLength += separator.utf8.count
                }
                extend(with: words[first + i * step])
                if i < count - 1 {
                    line += separator
                    lineLength += separator.utf8.count
                }
            }
            text += line
        } else {
            // Higher axes: one nested block per line, separated by blank lines per extra axis.
            var lineSeparator = separator
            while lineSeparator.last == " " { lineSeparator.removeLast() }
            lineSeparator += String(repeating: "\n", count: shape.count - axis - 1)
            for i in 0..<count {
                if i == summaryAt { text += hangingIndent + "..." + lineSeparator }
                let nested = render(
                    axis: axis + 1, first: first + i * step, itemCounts: itemCounts,
                    hangingIndent: nextIndent, width: nextWidth)
                text += hangingIndent + nested
                if i < count - 1 { text += lineSeparator }
            }
        }
        return "[" + String(text.utf8.dropFirst(hangingIndent.utf8.count))! + "]"
    }
}
