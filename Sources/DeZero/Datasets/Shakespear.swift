/// Tiny Shakespeare as a character sequence (DeZero's `datasets.Shakespear`, its spelling kept):
/// example `i` is the id of character `i` of the text and its target the id of character `i + 1`,
/// both 0-d `int64`. Ids are given in order of first appearance.
///
/// The text is `shakespear.txt` in the data directory, downloaded from Karpathy's char-rnn
/// repository with a progress bar when missing. Characters are Unicode scalars, as Python's
/// string characters, and line ends are read as `\n` (Python's text mode).
public struct Shakespear: ArrayDataset, Sendable {
    /// The text's address.
    public static let url = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
    /// The file name in the data directory.
    public static let fileName = "shakespear.txt"

    /// Whether this is the training split (DeZero has only the one text; both splits are it).
    public let train: Bool
    /// The character ids without the last one, `int64`, shape `(length - 1,)`.
    public let data: NDArray
    /// The character ids without the first one, `int64`, shape `(length - 1,)`.
    public let label: NDArray
    /// Each character's id.
    public let charToID: [Character: Int]
    /// Each id's character.
    public let idToChar: [Int: Character]
    /// Applied to each input id as it is read.
    public var transform: (any Transform)?
    /// Applied to each target id as it is read.
    public var targetTransform: (any Transform)?

    /// The vocabulary size, `charToID.count`.
    public var vocabularySize: Int { charToID.count }

    /// Loads the text from `dataDirectory` (`nil`: ``DataFiles/defaultDirectory``), downloading
    /// it from `url` when missing unless `download` is `false`.
    ///
    /// - Throws: ``DatasetError`` when the file is missing and cannot be downloaded, cannot be
    ///   read, or holds fewer than two characters.
    public init(
        train: Bool = true, transform: (any Transform)? = nil, targetTransform: (any Transform)? = nil,
        dataDirectory: String? = nil, download: Bool = true, url: String = Shakespear.url
    ) throws(DatasetError) {
        let path = try getFile(url, fileName: Shakespear.fileName, directory: dataDirectory, download: download)
        let text = try DataFiles.readingDownloads([path]) { () throws(DatasetError) in
            guard let text = String(validating: try DataFiles.read(path), as: UTF8.self) else {
                throw .corruptFile(path: path, reason: "the text is not valid UTF-8")
            }
            return text
        }
        try self.init(text: text, source: path, train: train, transform: transform, targetTransform: targetTransform)
    }

    /// The dataset of any text (at least two characters).
    public init(
        text: String, train: Bool = true, transform: (any Transform)? = nil, targetTransform: (any Transform)? = nil
    ) throws(DatasetError) {
        try self.init(text: text, source: "<text>", train: train, transform: transform, targetTransform: targetTransform)
    }

    private init(
        text: String, source: String, train: Bool, transform: (any Transform)?, targetTransform: (any Transform)?
    ) throws(DatasetError) {
        var charToID: [Character: Int] = [:]
        var idToChar: [Int: Character] = [:]
        var ids: [Int64] = []
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            var character = Character(scalar)
            if scalar == "\r" {  // universal newlines: \r\n and \r read as \n
                character = "\n"
                if pending == "\n" { pending = scalars.next() }
            }
            let id: Int
            if let known = charToID[character] {
                id = known
            } else {
                id = charToID.count
                charToID[character] = id
                idToChar[id] = character
            }
            ids.append(Int64(id))
        }
        guard ids.count >= 2 else {
            throw .corruptFile(path: source, reason: "the text needs at least two characters, it has \(ids.count)")
        }
        self.train = train
        data = NDArray(Array(ids.dropLast()), shape: [ids.count - 1])
        label = NDArray(Array(ids.dropFirst()), shape: [ids.count - 1])
        self.charToID = charToID
        self.idToChar = idToChar
        self.transform = transform
        self.targetTransform = targetTransform
    }
}
