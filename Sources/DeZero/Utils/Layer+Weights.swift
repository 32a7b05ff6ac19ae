import DeZeroArray

/// Saving and loading a layer's parameters as a NumPy `.npz` file, one array per parameter keyed
/// as DeZero's `_flatten_params` names it (`l0/W`, `enc/l0/b`, `bn1/avg_mean`), so that files move
/// both ways between this package, the Python DeZero (`save_weights`/`load_weights`) and NumPy
/// (`np.load`, `np.savez`).
extension Layer {
    /// The parameters' values keyed as in a weights file.
    ///
    /// - Throws: ``WeightsError/uninitializedParameters(keys:)`` when a lazily sized layer has not
    ///   been called yet.
    public func weightArrays() throws(WeightsError) -> [(name: String, array: NDArray)] {
        let params = namedParams()
        let pending = params.filter { !$0.param.isInitialized }.map(\.key)
        guard pending.isEmpty else { throw .uninitializedParameters(keys: pending) }
        return params.map { ($0.key, $0.param.data) }
    }

    /// Writes the parameters to `path` as an `.npz` archive (DeZero's `save_weights`).
    ///
    /// The archive is compressed by default, as DeZero's `np.savez_compressed`; unlike NumPy, no
    /// `.npz` suffix is appended. The write is atomic: the file appears whole or not at all, and
    /// an existing file at `path` is left untouched when anything fails.
    ///
    /// - Throws: ``WeightsError/uninitializedParameters(keys:)`` before writing anything, or
    ///   `NDArrayIOError.writeFailed`.
    public func saveWeights(_ path: String, compressed: Bool = true) throws {
        try NPZ.save(weightArrays(), to: path, compressed: compressed)
    }

    /// Reads the parameters from the `.npz` archive at `path` (DeZero's `load_weights`).
    ///
    /// Every parameter must have an array with its key and shape in the file, and (with
    /// `strict`, the default) every array of the file must belong to a parameter; otherwise
    /// nothing is loaded and the error names the keys. Parameters not yet sized take the
    /// file's shape, which must fit the sizes the layer knows. Arrays are converted to the
    /// dtype of an initialized parameter; a parameter not yet sized takes the file's dtype.
    ///
    /// - Throws: `NDArrayIOError` when the file cannot be read or is not an `.npz` archive,
    ///   ``WeightsError/mismatch(path:missingKeys:unexpectedKeys:shapeMismatches:)`` when it
    ///   does not fit the model.
    public func loadWeights(_ path: String, strict: Bool = true) throws {
        try loadWeights(NPZ.loadDictionary(path), source: path, strict: strict)
    }

    /// Sets the parameters from `arrays` keyed as in a weights file (see ``loadWeights(_:strict:)``);
    /// `source` names them in errors.
    public func loadWeights(_ arrays: [String: NDArray], source: String = "<arrays>", strict: Bool = true) throws(WeightsError) {
        let params = namedParams()
        var missing: [String] = []
        var shapes: [WeightsError.ShapeMismatch] = []
        for (key, param) in params {
            guard let array = arrays[key] else {
                missing.append(key)
                continue
            }
            let expected: [Int?] = param.isInitialized ? param.shape.map { $0 } : param.pendingShape ?? []
            let fits = param.isInitialized
                ? array.shape == param.shape
                : param.pendingShape.map { pattern in
                    pattern.count == array.ndim && zip(pattern, array.shape).allSatisfy { $0 == nil || $0 == $1 }
                } ?? true
            if !fits { shapes.append(.init(key: key, expected: expected, found: array.shape)) }
        }
        let known = Set(params.map(\.key))
        let unexpected = strict ? arrays.keys.filter { !known.contains($0) }.sorted() : []
        guard missing.isEmpty && unexpected.isEmpty && shapes.isEmpty else {
            throw .mismatch(path: source, missingKeys: missing, unexpectedKeys: unexpected, shapeMismatches: shapes)
        }
        for (key, param) in params {
            let array = arrays[key]!
            let converted = param.isInitialized && array.dtype != param.dtype ? array.astype(param.dtype) : array
            param.initialize(converted.to(param.data.device))  // a model moved to a GPU stays there
        }
    }
}
