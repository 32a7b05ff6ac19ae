extension Layer {
    /// Loads weights from a local `.npz` path, or from an `http(s)://` or `file://` URL whose file
    /// is downloaded once into `directory` (``DataFiles/defaultDirectory`` when nil; see
    /// ``getFile(_:fileName:directory:download:timeout:)``). The pretrained models use it.
    ///
    /// - Throws: ``DatasetError`` when the file cannot be fetched, `NDArrayIOError` or
    ///   ``WeightsError``.
    public func loadWeights(source: String, directory: String? = nil) throws {
        let lowered = source.lowercased()
        let isURL = ["http://", "https://", "file://"].contains { lowered.hasPrefix($0) }
        try loadWeights(isURL ? getFile(source, directory: directory) : source)
    }
}
