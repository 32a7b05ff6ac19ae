import Foundation
import Testing

/// `dezero-ir` as a user runs it: output, exit codes and messages.
@Suite struct CLITests {
    /// The built `dezero-ir` beside the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dezero-ir")
    }

    /// Runs `dezero-ir` with `arguments`: exit status, standard output, standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    @Test func traceCheckAndRunAProgram() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dezero-ir first")
        let traced = try Self.run(["trace", "spiral-step"])
        #expect(traced.status == 0)
        #expect(traced.out.hasPrefix("func @spiral_step(%0: f32[30,2], %1: i64[30]) -> (f32[]) {"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spiral-\(UUID()).ir")
        defer { try? FileManager.default.removeItem(at: file) }
        try traced.out.write(to: file, atomically: true, encoding: .utf8)
        let checked = try Self.run(["check", file.path, "--stats"])
        #expect(checked.status == 0)
        #expect(checked.out.contains("ok, @spiral_step"))
        #expect(checked.out.contains("matmul"))
        #expect(checked.out.contains("memory arena: "))
        let ran = try Self.run(["run", file.path, "--seed", "1"])
        #expect(ran.status == 0)
        #expect(ran.out.hasPrefix("result 0: f32[]\n"))
        let help = try Self.run(["trace", "--help"])
        #expect(help.out.contains("mlp-adam"))
    }

    @Test func passFlagsStatsAndDumps() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dezero-ir first")
        let stats = try Self.run(["trace", "spiral-step", "--stats"])
        #expect(stats.status == 0)
        #expect(stats.out.contains("instructions: 57 -> 43"))
        #expect(stats.out.contains("passes:\n  simplify"))
        #expect(stats.out.contains("  total"))
        let raw = try Self.run(["trace", "spiral-step", "--disable", "all"])
        let optimized = try Self.run(["trace", "spiral-step"])
        #expect(raw.out.contains("%38 = matmul %36, %37 : f32[30,2]  # Linear backward"))
        #expect(!optimized.out.contains("%38 = "))
        let dumped = try Self.run(["trace", "tanh-4th", "--dump-after", "cse,dce", "--disable", "fold"])
        #expect(dumped.status == 0)
        #expect(dumped.err.hasPrefix("# after cse (pass 3 of 5): "))
        #expect(dumped.err.contains("# after dce (pass 4 of 5): "))
        #expect(!dumped.err.contains("# after simplify"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spiral-\(UUID()).ir")
        defer { try? FileManager.default.removeItem(at: file) }
        try raw.out.write(to: file, atomically: true, encoding: .utf8)
        let checked = try Self.run(["check", file.path, "--stats"])
        #expect(checked.out.contains("ok, @spiral_step: 57 instructions (43 after the passes)"))
        let ran = try Self.run(["run", file.path, "--seed", "1"])
        let ranRaw = try Self.run(["run", file.path, "--seed", "1", "--disable", "all"])
        #expect(ran.status == 0 && ran.out == ranRaw.out)
        let unknown = try Self.run(["check", file.path, "--disable", "fusoin"])
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("unknown pass 'fusoin'; the passes are simplify, fold, cse, dce, fusion (or 'all')"))
    }

    @Test func dumpKernelsForEachDevice() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dezero-ir first")
        let cpu = try Self.run(["trace", "spiral-step", "--dump-kernels"])
        #expect(cpu.status == 0)
        #expect(cpu.out.hasPrefix("func @spiral_step("))
        #expect(cpu.out.contains("}\n// kernel @k0 (cpu)\nvoid dz_k0(const void *const *in, void *const *out, long start, long end, const dz_math *m) {"))
        let cuda = try Self.run(["trace", "spiral-step", "--dump-kernels", "--device", "cuda"])
        #expect(cuda.out.contains("// kernel @k0 (cuda)\nDZ_EXTERN __global__ void dz_k0(const float *__restrict__ i0"))
        #expect(cuda.out.components(separatedBy: "// kernel @").count == cpu.out.components(separatedBy: "// kernel @").count)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spiral-\(UUID()).ir")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.run(["trace", "spiral-step", "--disable", "all"]).out.write(to: file, atomically: true, encoding: .utf8)
        let checked = try Self.run(["check", file.path, "--dump-kernels", "--device", "cuda"])
        #expect(checked.status == 0)
        #expect(checked.out.contains("ok, @spiral_step") && checked.out.contains("long long n) {\n    for (long long i = blockIdx.x"))
        let unfused = try Self.run(["check", file.path, "--dump-kernels", "--disable", "fusion"])
        #expect(unfused.out.hasSuffix("// @spiral_step: no fused kernels\n"))
        let unknown = try Self.run(["trace", "spiral-step", "--dump-kernels", "--device", "tpu"])
        #expect(unknown.status == 64)
    }

    /// `run --device cuda` and `profile --executor cuda`: on the GPU where there is one; without a
    /// driver, exit status 1 and the CUDA error naming what was looked for.
    @Test func runsOnTheGPUOrSaysWhyNot() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dezero-ir first")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spiral-\(UUID()).ir")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.run(["trace", "spiral-step"]).out.write(to: file, atomically: true, encoding: .utf8)
        let cpu = try Self.run(["run", file.path])
        let cuda = try Self.run(["run", file.path, "--device", "cuda"])
        let profile = try Self.run(["profile", "tanh-4th", "--executor", "cuda", "--runs", "3"])
        if cuda.status == 0 {
            #expect(cuda.out.hasPrefix("result 0: f32[]"))
            #expect(cpu.out.hasPrefix("result 0: f32[]"))
            #expect(profile.status == 0 && profile.out.contains("on cuda"))
        } else {
            #expect(cuda.status == 1 && cuda.err.contains("CUDA: cannot load libcuda"), "\(cuda.err)")
            #expect(profile.status == 1 && profile.err.contains("CUDA: cannot load libcuda"))
        }
    }

    @Test func badInputGivesAMessageAndAnExitCode() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dezero-ir first")
        let unknown = try Self.run(["trace", "no-such-program"])
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("no built-in program 'no-such-program'"))
        let missing = try Self.run(["check", "/no/such/file.ir"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("cannot read /no/such/file.ir"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).ir")
        defer { try? FileManager.default.removeItem(at: file) }
        try "func @f(%0: f32[2]) -> (f32[2]) {\n  %1 = exp %2 : f32[2]\n  return %1\n}\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try Self.run(["check", file.path])
        #expect(bad.status == 1)
        #expect(bad.err.contains("\(file.path):2:"))
        #expect(bad.err.contains("%2"))
    }
}
