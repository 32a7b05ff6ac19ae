import ArgumentParser
import DeZeroArray

/// `make demo`: a short tour of the project.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short tour of NDArray.")

    func run() throws {
        let a = NDArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [2, 3])
        print("a.shape =", a.shape, "dtype =", a.dtype)
    }
}
