import ArgumentParser
import DeZeroArray

/// The book's steps and the example programs, one subcommand each.
@main
struct DeZeroExamples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dezero-examples",
        abstract: "Runs the steps of 'Deep Learning from Scratch 3' and DeZero's example programs.",
        subcommands: [Demo.self],
        defaultSubcommand: Demo.self)
}
