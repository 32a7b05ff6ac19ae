import DeZero
import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroCompiler

/// `dezero-ir` drawing programs and running exported folders.
@Suite struct CLIPictureTests {
    @Test func traceAndCheckDrawPictures() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build dezero-ir first")
        let directory = makeTemporaryDirectory("dezero-ir-pictures")
        defer { removeTemporaryDirectory(directory) }
        let traced = try CLITests.run(["trace", "spiral-step", "--format", "png", "--output", directory])
        #expect(traced.status == 0, "\(traced.err)")
        #expect(traced.out == "wrote \(directory)/spiral_step.png\n")
        let png = try Data(contentsOf: URL(fileURLWithPath: directory + "/spiral_step.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))

        let ir = directory + "/spiral.ir"
        try CLITests.run(["trace", "spiral-step"]).out.write(toFile: ir, atomically: true, encoding: .utf8)
        let checked = try CLITests.run(["check", ir, "--group-by", "layer", "--format", "svg", "--output", directory + "/svg"])
        #expect(checked.status == 0, "\(checked.err)")
        let svg = try String(contentsOfFile: directory + "/svg/spiral_step.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.contains(">l0</text>"))

        let dot = try CLITests.run(["trace", "tanh-4th", "--format", "dot", "--output", directory])
        #expect(dot.status == 0)
        #expect(try String(contentsOfFile: directory + "/tanh_4th.dot", encoding: .utf8).hasPrefix("digraph program {\n"))

        let noOutput = try CLITests.run(["trace", "spiral-step", "--format", "png"])
        #expect(noOutput.status == 64)
        #expect(noOutput.err.contains("--format and --functions need --output DIR"))
    }
}

extension GlobalRandomTests {
/// `dezero-ir run FOLDER` on an exported training step.
@Suite struct CLIExportTests {
    @Test func runsAnExportedStepAndSavesItsState() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build dezero-ir first")
        let directory = makeTemporaryDirectory("dezero-ir-export")
        defer { removeTemporaryDirectory(directory) }
        let (f, inputs) = BuiltinPrograms.spiralStepFunction()
        for _ in 0..<2 { _ = try f(inputs.map { Variable($0) }) }
        let folder = directory + "/step"
        try f.export(to: folder)
        try inputs[0].save(npy: directory + "/x.npy")
        try inputs[1].save(npy: directory + "/t.npy")
        let expected = try f(inputs.map { Variable($0) })[0].data
        let next = try f(inputs.map { Variable($0) })[0].data

        let args = ["run", folder, "--input", directory + "/x.npy", "--input", directory + "/t.npy", "--output", directory + "/loss.npy"]
        let first = try CLITests.run(args + ["--save"])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.hasPrefix("result 0: f32[]\n"))
        #expect(sameBits(try NDArray.load(npy: directory + "/loss.npy"), expected))
        // --save kept the updated weights: the next run is the next step.
        let second = try CLITests.run(args)
        #expect(second.status == 0)
        #expect(sameBits(try NDArray.load(npy: directory + "/loss.npy"), next))

        let missing = try CLITests.run(["run", folder])
        #expect(missing.status == 1)
        #expect(missing.err.contains("takes 2 inputs"))
        try Data("{".utf8).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
        let damaged = try CLITests.run(args)
        #expect(damaged.status == 1)
        #expect(damaged.err.contains("\(folder)/manifest.json"))
    }
}
}
