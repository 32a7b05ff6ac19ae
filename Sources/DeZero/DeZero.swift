// `import DeZero` brings NDArray and the rest of the array layer along, as the Python
// DeZero's users get NumPy next to it.
@_exported import DeZeroArray

/// This package's version (the Python DeZero's `dezero.__version__`), recorded in what it saves
/// for other programs to read, such as an exported compiled program's manifest.
public let dezeroVersion = "0.1.0"
