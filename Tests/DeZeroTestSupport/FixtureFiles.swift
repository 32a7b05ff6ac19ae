import DeZeroArray
import Foundation

/// The fixtures of one test target: the files under its `Fixtures/` folder, which
/// scripts/fixtures/*.py write (`make fixtures`) and the target copies as a resource.
///
/// Each test target makes one with its own bundle: `FixtureFiles(.module)`. A missing or
/// unreadable fixture stops the test run with a message that names it.
public struct FixtureFiles: Sendable {
    /// The `Fixtures` folder inside the bundle.
    public let directory: URL

    /// The fixtures copied into `bundle`.
    public init(_ bundle: Bundle) {
        guard let resources = bundle.resourceURL else { preconditionFailure("the test bundle has no resources") }
        directory = resources.appendingPathComponent("Fixtures")
    }

    /// The URL of `Fixtures/<name>` (`name` may name a file or a folder, and contain `/`).
    public func url(_ name: String) -> URL {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            preconditionFailure("missing fixture \(name) in \(directory.path); run `make fixtures`")
        }
        return url
    }

    /// The path of `Fixtures/<name>`.
    public func path(_ name: String) -> String { url(name).path }

    /// The contents of `Fixtures/<name>`.
    public func data(_ name: String) -> Data {
        do {
            return try Data(contentsOf: url(name))
        } catch {
            preconditionFailure("cannot read fixture \(name): \(error)")
        }
    }

    /// The bytes of `Fixtures/<name>`.
    public func bytes(_ name: String) -> [UInt8] { [UInt8](data(name)) }

    /// The UTF-8 text of `Fixtures/<name>`.
    public func text(_ name: String) -> String { String(decoding: data(name), as: UTF8.self) }

    /// The JSON file `Fixtures/<name>` decoded as `type`.
    public func decode<T: Decodable>(_ type: T.Type, from name: String) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data(name))
        } catch {
            preconditionFailure("cannot decode fixture \(name): \(error)")
        }
    }

    /// The arrays of the `.npz` file `Fixtures/<name>` by key.
    public func arrays(_ name: String) -> [String: NDArray] {
        do {
            return try NPZ.loadDictionary(path(name))
        } catch {
            preconditionFailure("cannot read fixture \(name): \(error)")
        }
    }
}

/// An array as the fixture scripts write it in JSON: NumPy's dtype name, the shape and the
/// values in C order as numbers.
public struct FixtureArray: Decodable, Sendable {
    /// NumPy's name of the dtype: `float64`, `float32`, `int64` or `bool`.
    public let dtype: String
    /// The shape.
    public let shape: [Int]
    /// The values in C order.
    public let data: [Double]

    /// The array, with its dtype.
    public var array: NDArray {
        guard let type = DType(rawValue: dtype) else { preconditionFailure("fixture array of unknown dtype \(dtype)") }
        return NDArray(data, shape: shape).astype(type)
    }
}

/// A fresh empty directory under the system's temporary directory, named `<prefix>-<UUID>`;
/// the caller removes it with ``removeTemporaryDirectory(_:)`` where it matters.
public func makeTemporaryDirectory(_ prefix: String = "dezero-tests") -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
        preconditionFailure("cannot create \(url.path): \(error)")
    }
    return url.path
}

/// Removes a directory made by ``makeTemporaryDirectory(_:)`` and everything in it.
public func removeTemporaryDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}
