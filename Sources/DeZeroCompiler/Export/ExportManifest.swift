import DeZeroArray

/// `manifest.json` of an exported compiled program: what the folder holds, for a loader and for
/// a person or a script reading it.
///
/// ```json
/// {
///   "format": "dezero-compiled-program", "formatVersion": 1, "dezeroVersion": "0.1.0",
///   "name": "spiral_step",
///   "inputs": [{"dtype": "float32", "shape": [30, 2]}, {"dtype": "int64", "shape": [30]}],
///   "outputs": [{"dtype": "float32", "shape": []}],
///   "bindings": [
///     {"name": "SGD.lr", "kind": "scalar", "value": 1},
///     {"name": "l0.W", "kind": "state", "dtype": "float32", "shape": [2, 10]}, ...
///   ],
///   "files": {"program": {"name": "program.ir", "bytes": 4321, "crc32": 123456789}, ...}
/// }
/// ```
///
/// Bindings are in the program's order (host effects and scalars run in it). A scalar holds its
/// value at export; one with a `schedule` is computed on every run from an effect's `count`
/// (Adam's bias-corrected learning rate from its step count). An effect holds how many times it
/// has run (Adam's `t`), counted on by every run.
public struct ExportManifest: Codable, Equatable, Sendable {
    /// The value of ``format``.
    public static let formatName = "dezero-compiled-program"
    /// The format version this DeZero writes and the newest it reads.
    public static let currentVersion = 1

    /// Always ``formatName``.
    public var format: String
    /// The format version.
    public var formatVersion: Int
    /// The DeZero version that wrote the folder.
    public var dezeroVersion: String
    /// The program's name.
    public var name: String
    /// The arguments, in order.
    public var inputs: [ArraySpec]
    /// The results, in order.
    public var outputs: [ArraySpec]
    /// The program's bindings, in its order.
    public var bindings: [BindingEntry]
    /// The other files, with their sizes and checksums.
    public var files: Files

    /// A dtype (NumPy's name) and a shape.
    public struct ArraySpec: Codable, Equatable, Sendable {
        /// `float32`, `float64`, `int64` or `bool`.
        public var dtype: String
        /// The shape.
        public var shape: [Int]

        /// The spec of `type`.
        public init(_ type: TensorType) {
            dtype = type.dtype.description
            shape = type.shape
        }

        /// The IR type, if the dtype is known.
        public var type: TensorType? { DType(rawValue: dtype).map { TensorType($0, shape) } }
    }

    /// One binding of the program.
    public struct BindingEntry: Codable, Equatable, Sendable {
        /// The binding's name in the program.
        public var name: String
        /// `state`, `scalar` or `effect`.
        public var kind: String
        /// A state's dtype.
        public var dtype: String?
        /// A state's shape.
        public var shape: [Int]?
        /// A scalar's value at export (the value it keeps unless it has a schedule).
        public var value: Double?
        /// How a scalar is computed on every run, when it changes from run to run.
        public var schedule: Schedule?
        /// How many times an effect has run.
        public var count: Int?
    }

    /// A scalar computed from an effect's count on every run. The one rule now:
    /// `adam-learning-rate`, Adam's `alpha * √(1 - beta2^t) / (1 - beta1^t)` with `t` the count
    /// of the effect named `step`.
    public struct Schedule: Codable, Equatable, Sendable {
        /// The rule's name.
        public var rule: String
        /// The effect whose count the rule reads.
        public var step: String
        /// The rule's constants by name (`alpha`, `beta1`, `beta2`).
        public var parameters: [String: Double]

        /// The name of Adam's rule.
        public static let adamLearningRate = "adam-learning-rate"
    }

    /// The folder's other files.
    public struct Files: Codable, Equatable, Sendable {
        /// The IR text.
        public var program: FileEntry
        /// The state arrays.
        public var state: FileEntry
    }

    /// A file of the folder: its name, size and CRC-32 (a loader checks both when present; remove
    /// them to load a file edited by hand).
    public struct FileEntry: Codable, Equatable, Sendable {
        /// The file's name in the folder.
        public var name: String
        /// Its size in bytes.
        public var bytes: Int?
        /// Its CRC-32.
        public var crc32: UInt32?
    }
}
