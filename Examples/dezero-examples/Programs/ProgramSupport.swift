#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import DeZero
import Foundation

/// `--data-dir DIR`, `--synthetic`, `--synthetic-count N`: where the MNIST-based steps and
/// programs get their images.
///
/// Without `--synthetic` the real MNIST files are read from `--data-dir` (default: `~/.dezero`,
/// or `$DEZERO_DATA_DIR`), downloaded there first when missing. With `--synthetic` the images
/// come from ``MNIST/synthetic(train:count:seed:transform:targetTransform:)``: nothing is read
/// or downloaded, so the programs run offline, and small counts make them run in seconds.
struct MNISTDataOptions: ParsableArguments {
    @Option(help: "Directory holding the MNIST files (default: $DEZERO_DATA_DIR or ~/.dezero); missing files are downloaded.")
    var dataDir: String?
    @Flag(help: "Train on generated MNIST-like digits (MNIST.synthetic) instead of the real files: runs offline.")
    var synthetic = false
    @Option(help: "With --synthetic: images in the training split (the test split gets a sixth, as MNIST's 60000/10000).")
    var syntheticCount = 6000

    func validate() throws {
        guard syntheticCount >= 6 else { throw ValidationError("--synthetic-count must be at least 6") }
    }

    /// The training or test split, with `transform` applied to each image as it is read.
    func load(train: Bool, transform: (any Transform)? = MNIST.defaultTransform) throws -> MNIST {
        if synthetic {
            return MNIST.synthetic(train: train, count: train ? syntheticCount : syntheticCount / 6, transform: transform)
        }
        return try MNIST(train: train, transform: transform, dataDirectory: dataDir)
    }
}

/// Writes `line` to standard output, first erasing the progress bar drawn on the terminal's
/// current line (standard error), so that the printed lines stay as the Python script prints
/// them; the bar is drawn again at its next update.
func printLine(_ line: String, clearing bar: ProgressBar?) {
    if let bar, bar.isEnabled {
        var standardError = StandardError()
        print("\r\u{1B}[K", terminator: "", to: &standardError)
    }
    print(line)
    fflush(nil)
}

/// The path `name` inside the directory `directory`.
func pathIn(_ directory: String, _ name: String) -> String {
    (directory.hasSuffix("/") ? directory : directory + "/") + name
}

/// Creates `directory` (and its parents) when missing.
func makeDirectory(_ directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
}

/// Says on standard error that `path` was written (standard output stays what the script prints).
func noteWritten(_ path: String) {
    fflush(nil)  // what was printed before comes first, also through a pipe
    var standardError = StandardError()
    print("wrote \(path)", to: &standardError)
}

/// A problem with a file a program was given, reported as `Error: <message>` with exit status 1.
struct ExampleInputError: Error, CustomStringConvertible {
    /// What is wrong, naming the option.
    let description: String

    init(_ description: String) { self.description = description }
}
