import DeZeroArray
import DeZeroCompiler
import Foundation

/// Whether `path` is a folder (an exported program) rather than an IR file.
func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
}

/// The arrays of `.npy` files and the members of `.npz` files, in order.
func readInputs(_ paths: [String]) throws -> [NDArray] {
    var arrays: [NDArray] = []
    do {
        for path in paths {
            if path.hasSuffix(".npz") {
                arrays += try NPZ.load(path).map(\.array)
            } else {
                arrays.append(try NDArray.load(npy: path))
            }
        }
    } catch {
        throw CommandError("\(error)")
    }
    return arrays
}

/// `dezero-ir run FOLDER`: runs an exported program on the inputs, prints and writes the
/// results, and with `save` writes the updated state back.
func runExported(_ folder: String, inputs: [String], output: String?, save: Bool) throws {
    do {
        let program = try CompiledProgram.load(folder)
        guard !inputs.isEmpty || program.program.arguments.isEmpty else {
            let types = program.program.arguments.map(\.type.description).joined(separator: ", ")
            throw CommandError("@\(program.program.name) takes \(program.program.arguments.count) inputs (\(types)); give them with --input FILE.npy")
        }
        let results = try program.run(readInputs(inputs))
        for (i, (array, type)) in zip(results, program.program.resultTypes).enumerated() {
            print("result \(i): \(type)")
            print(array)
        }
        if let output {
            do {
                if output.hasSuffix(".npy") {
                    guard results.count == 1 else {
                        throw CommandError("@\(program.program.name) returns \(results.count) results; write them to an .npz file")
                    }
                    try results[0].save(npy: output)
                } else {
                    try NPZ.save(results.enumerated().map { ("result_\($0.offset)", $0.element) }, to: output)
                }
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError("cannot write \(output): \(error)")
            }
        }
        if save { try program.save(to: folder) }
    } catch let error as ExportError {
        throw CommandError("\(error)")
    }
}
