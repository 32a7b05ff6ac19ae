/// ImageNet's class names (DeZero's `datasets.ImageNet`, which has only `labels()`): the 1000
/// ILSVRC-2012 classes as the text of a Python dictionary, `{0: 'tench, Tinca tinca', ...}`,
/// kept as `imagenet1000_clsidx_to_labels.txt` in the data directory.
public enum ImageNet {
    /// Where the label file is downloaded from (DeZero's gist).
    public static let labelsURL =
        "https://gist.githubusercontent.com/yrevar/942d3a0ac09ec9e5eb3a/raw/238f720ff059c1f82f368259d1ca4ffa5dd8f9f5/imagenet1000_clsidx_to_labels.txt"

    /// The class names by index, read from `dataDirectory` (`nil`: ``DataFiles/defaultDirectory``)
    /// and downloaded from `url` first when missing, unless `download` is `false`.
    ///
    /// - Throws: ``DatasetError`` when the file cannot be had or is not such a dictionary.
    public static func labels(
        dataDirectory: String? = nil, download: Bool = true, url: String = ImageNet.labelsURL
    ) throws(DatasetError) -> [Int: String] {
        let path = try getFile(
            url, fileName: "imagenet1000_clsidx_to_labels.txt", directory: dataDirectory, download: download)
        return try DataFiles.readingDownloads([path]) { () throws(DatasetError) in
            guard let text = String(validating: try DataFiles.read(path), as: UTF8.self) else {
                throw .corruptFile(path: path, reason: "the text is not valid UTF-8")
            }
            return try parseLabels(text, source: path)
        }
    }

    /// The dictionary of a Python literal `{int: 'string', ...}` (quotes single or double,
    /// backslash escapes allowed). `source` names the text in errors.
    public static func parseLabels(_ text: String, source: String) throws(DatasetError) -> [Int: String] {
        var scanner = LiteralScanner(Array(text.unicodeScalars))
        var labels: [Int: String] = [:]
        func fail(_ what: String) -> DatasetError {
            .corruptFile(path: source, reason: "expected \(what) at character \(scanner.position) of the labels dictionary")
        }
        guard scanner.take("{") else { throw fail("'{'") }
        if scanner.take("}") { return labels }
        repeat {
            if scanner.peekIs("}") { break }  // a trailing comma
            guard let key = scanner.integer() else { throw fail("a class index") }
            guard scanner.take(":") else { throw fail("':'") }
            guard let value = scanner.string() else { throw fail("a quoted class name") }
            labels[key] = value
        } while scanner.take(",")
        guard scanner.take("}") else { throw fail("',' or '}'") }
        return labels
    }
}

/// Reads the tokens of a Python dictionary literal of ints and strings.
private struct LiteralScanner {
    let scalars: [Unicode.Scalar]
    var position = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    mutating func skipSpace() {
        while position < scalars.count && scalars[position].properties.isWhitespace { position += 1 }
    }

    mutating func peekIs(_ c: Unicode.Scalar) -> Bool {
        skipSpace()
        return position < scalars.count && scalars[position] == c
    }

    mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard peekIs(c) else { return false }
        position += 1
        return true
    }

    mutating func integer() -> Int? {
        skipSpace()
        var value = 0
        let start = position
        while position < scalars.count, let digit = Int(String(scalars[position])), scalars[position].isASCII {
            value = value * 10 + digit
            position += 1
        }
        return position > start ? value : nil
    }

    mutating func string() -> String? {
        skipSpace()
        guard position < scalars.count, scalars[position] == "'" || scalars[position] == "\"" else { return nil }
        let quote = scalars[position]
        position += 1
        var value = String.UnicodeScalarView()
        while position < scalars.count {
            let c = scalars[position]
            position += 1
            if c == quote { return String(value) }
            if c == "\\" && position < scalars.count {
                let escaped = scalars[position]
                position += 1
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append(escaped)
                }
            } else {
                value.append(c)
            }
        }
        return nil
    }
}
