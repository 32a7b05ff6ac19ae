import ArgumentParser
import DeZero

/// `misuse CASE`: a hidden subcommand that makes one mistake a user could make and so stops with
/// the library's message; scripts/check-release-messages.sh runs it from a release build to check
/// that the message reaches standard error there too.
struct Misuse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stops on a deliberate misuse of the library (for the release-message check).",
        shouldDisplay: false)

    /// The mistakes, one from each level of the library.
    enum Case: String, ExpressibleByArgument, CaseIterable {
        /// DeZeroArray: `matmul` of shapes [2, 3] and [4, 2].
        case matmul
        /// DeZero: an `L.Linear(2)` that has seen inputs of width 3 fed an input of width 4.
        case linear
    }

    @Argument(help: "The misuse to make: \(Case.allCases.map(\.rawValue).joined(separator: ", ")).")
    var misuse: Case

    func run() {
        switch misuse {
        case .matmul:
            _ = matmul(NDArray.ones([2, 3]), NDArray.ones([4, 2]))
        case .linear:
            let layer = L.Linear(2)
            _ = layer(Variable(NDArray.ones([5, 3])))
            _ = layer(Variable(NDArray.ones([5, 4])))
        }
        print("\(misuse.rawValue): the misuse did not stop the program")
    }
}
