/// Why a model's weights could not be saved or loaded. (A file that cannot be read or written
/// at all is reported as `NDArrayIOError`.)
public enum WeightsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Saving found parameters that have no values yet: layers that size their weights at the
    /// first call have not been called. The keys name them.
    case uninitializedParameters(keys: [String])
    /// A weights file does not fit the model. `missingKeys` are the model's parameters the file
    /// lacks, `unexpectedKeys` the file's arrays the model has no parameter for, and
    /// `shapeMismatches` the common keys whose shapes differ. Nothing was loaded.
    case mismatch(path: String, missingKeys: [String], unexpectedKeys: [String], shapeMismatches: [ShapeMismatch])

    /// A key whose array in a file has another shape than the model's parameter.
    public struct ShapeMismatch: Equatable, Sendable, CustomStringConvertible {
        /// The parameter's key, like `"l0/W"`.
        public let key: String
        /// The model's shape; `nil` stands for a size the model infers at its first call.
        public let expected: [Int?]
        /// The shape in the file.
        public let found: [Int]

        /// A mismatch of `key`.
        public init(key: String, expected: [Int?], found: [Int]) {
            self.key = key
            self.expected = expected
            self.found = found
        }

        /// `l0/W: the model has [3, 5], the file [4, 5]`: shapes written as the `.npy` errors
        /// write them (a 1-D shape is `[3]`, not Python's `(3,)`), `?` for a size not yet known.
        public var description: String {
            let model = "[" + expected.map { $0.map(String.init) ?? "?" }.joined(separator: ", ") + "]"
            return "\(key): the model has \(model), the file \(found)"
        }
    }

    /// A message naming every key at fault.
    public var description: String {
        switch self {
        case .uninitializedParameters(let keys):
            return "Cannot save weights: the parameters \(keys.joined(separator: ", ")) have no values yet "
                + "(their layers size them at the first call); run the model once before saving"
        case .mismatch(let path, let missing, let unexpected, let shapes):
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing keys: \(missing.joined(separator: ", "))") }
            if !unexpected.isEmpty { problems.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
            if !shapes.isEmpty { problems.append("shape mismatches: \(shapes.map(\.description).joined(separator: "; "))") }
            return "Weights file '\(path)' does not match the model (nothing was loaded): " + problems.joined(separator: "; ")
        }
    }
}
