import DeZero
import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

/// A pass that breaks the program it is given (it returns a value nothing defines).
struct BreakingPass: Pass {
    var name: String { "break" }
    func run(_ program: Program) throws -> Program {
        var p = program
        p.results = [Value(999)]
        return p
    }
}

extension GlobalRandomTests {
/// The pass manager: the pipeline, disabling, dumps, verification, reports, the environment,
/// and the passes in compiled functions.
@Suite struct PassManagerTests {
    static let program = """
        func @f(%0: f32[3]) -> (f32[3]) {
          %1 = full {shape=[], value=1.0, dtype=f32} : f32[]
          %2 = multiply %1, %0 : f32[3]
          %3 = exp %2 : f32[3]
          %4 = exp %2 : f32[3]
          %5 = const 2.0 : f32[]
          %6 = const 3.0 : f32[]
          %7 = multiply %5, %6 : f32[]
          %8 = add %3, %4 : f32[3]
          %9 = multiply %8, %7 : f32[3]
          %10 = sin %0 : f32[3]
          return %9
        }

        """

    /// The standard pipeline without fusion (whose own tests are FusionTests).
    static let unfused: [any Pass] = PassManager.standard.filter { $0.name != "fusion" }

    @Test func theStandardPipelineRunsInOrderAndReportsEachPass() throws {
        let program = try ProgramParser.parse(Self.program)
        #expect(PassManager().passNames == ["simplify", "fold", "cse", "dce", "fusion"])
        let (output, report) = try PassManager(pipeline: Self.unfused).run(program)
        #expect(report.steps.map(\.name) == ["simplify", "fold", "cse", "dce"])
        #expect(report.steps.map(\.before) == [10, 9, 9, 8])
        #expect(report.steps.map(\.after) == [9, 9, 8, 4])
        #expect(report.instructionsBefore == 10 && report.instructionsAfter == 4)
        #expect(report.steps.allSatisfy { $0.ran && $0.seconds >= 0 })
        #expect(report.description.contains("total"))
        #expect(
            output.text() == """
                func @f(%0: f32[3]) -> (f32[3]) {
                  %3 = exp %0 : f32[3]
                  %7 = const 6.0 : f32[]
                  %8 = add %3, %3 : f32[3]
                  %9 = multiply %8, %7 : f32[3]
                  return %9
                }

                """)
        #expect(try PassCheck.sameBits(program, output, seed: 0))
    }

    @Test func disabledPassesDoNotRun() throws {
        let program = try ProgramParser.parse(Self.program)
        let (output, report) = try PassManager(pipeline: Self.unfused, disabled: ["fold", "dce"]).run(program)
        #expect(report.steps.map(\.ran) == [true, false, true, false])
        #expect(report.description.contains("disabled"))
        #expect(output.instructions.count == 8)
        let (none, noReport) = try PassManager.off.run(program)
        #expect(none == program && noReport.steps.allSatisfy { !$0.ran })
    }

    @Test func dumpsAfterTheNamedPassesOrAll() throws {
        let program = try ProgramParser.parse(Self.program)
        let log = LogLines()
        _ = try PassManager(pipeline: Self.unfused, dumpAfter: ["cse"], dump: { log.append($0) }).run(program)
        #expect(log.all.count == 1)
        #expect(log.all[0].hasPrefix("# after cse (pass 3 of 4): 9 -> 8 instructions\nfunc @f(%0: f32[3]) -> (f32[3]) {\n"))
        let all = LogLines()
        _ = try PassManager(pipeline: Self.unfused, dumpAfter: ["all"], dump: { all.append($0) }).run(program)
        #expect(all.all.map { $0.prefix(while: { $0 != ":" }) } == ["# after simplify (pass 1 of 4)", "# after fold (pass 2 of 4)", "# after cse (pass 3 of 4)", "# after dce (pass 4 of 4)"])
    }

    @Test func unknownPassNamesAreATypedErrorListingTheKnownOnes() throws {
        let program = try ProgramParser.parse(Self.program)
        for manager in [PassManager(disabled: ["cse", "fusoin"]), PassManager(dumpAfter: ["fusoin"])] {
            #expect {
                try manager.run(program)
            } throws: { error in
                guard case PassError.unknownPass("fusoin", let known) = error else { return false }
                return known == ["simplify", "fold", "cse", "dce", "fusion"]
                    && "\(error)" == "unknown pass 'fusoin'; the passes are simplify, fold, cse, dce, fusion (or 'all')"
            }
        }
    }

    @Test func aPassThatBreaksTheProgramIsCaughtByTheVerifier() throws {
        let program = try ProgramParser.parse(Self.program)
        #expect {
            try PassManager(pipeline: [BreakingPass()], verifyEachPass: true).run(program)
        } throws: { error in
            guard case PassError.invalidProgram(pass: "break", _) = error else { return false }
            return "\(error)".contains("the pass 'break' gave a program that does not verify")
        }
        #expect(PassManager().verifyEachPass == PassManager.verifiesByDefault)
    }

    @Test func theEnvironmentDisablesAndDumps() {
        let manager = PassManager.fromEnvironment(["DEZERO_DISABLE_PASSES": "cse, fold,", "DEZERO_DUMP_AFTER": "all"])
        #expect(manager.disabled == ["cse", "fold"] && manager.dumpAfter == ["all"])
        #expect(manager.runs("simplify") && !manager.runs("cse"))
        #expect(PassManager.fromEnvironment([:]).disabled.isEmpty)
        #expect(!PassManager.fromEnvironment(["DEZERO_DISABLE_PASSES": "all"]).runs("dce"))
    }

    @Test func aNewPassJoinsByBeingAppended() throws {
        var pipeline = PassManager.standard
        pipeline.append(BreakingPass())
        let manager = PassManager(pipeline: pipeline, disabled: ["break"])
        #expect(manager.passNames.last == "break")
        let (_, report) = try manager.run(try ProgramParser.parse(Self.program))
        #expect(report.steps.count == 6 && !report.steps[5].ran)
    }

    /// Compiled functions run the passes between tracing and the executor, keep both programs,
    /// and give the eager numbers.
    @Test func compiledFunctionsRunThePasses() throws {
        Random.seed(0)
        let model = MLP([10, 3])
        let optimizer = SGD(lr: 1).setup(model)
        let (x, t) = getSpiral()
        let body = { (x: Variable, t: Variable) -> Variable in
            let loss = softmaxCrossEntropy(model(x), t)
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return loss
        }
        let log = LogLines()
        let step = compile("step", passes: PassManager(dumpAfter: ["dce"], dump: { log.append($0) }), body)
        for _ in 0..<3 { _ = try step(Variable(x[0..<30]), Variable(t[0..<30])) }
        let f = step.function
        #expect(f.programs[0].instructions.count < f.tracedPrograms[0].instructions.count)
        #expect(f.passReports[0].instructionsAfter == f.programs[0].instructions.count)
        #expect(log.all.count == 1 && log.all[0].hasPrefix("# after dce"))
        // The input batch's gradient is computed by DeZero and read by no one.
        #expect(f.tracedPrograms[0].instructions.count - f.programs[0].instructions.count >= 2)
    }

    /// `CompileOptions.passes` (from `DEZERO_DISABLE_PASSES` and `DEZERO_DUMP_AFTER`) applies to
    /// compiled functions without passes of their own; dumps and `DEZERO_LOG=passes` go to the log.
    @Test func theProcessWideOptionsAndTheLog() throws {
        let lines = LogLines()
        let saved = CompileOptions.passes
        CompileOptions.logHandler = { lines.append($0) }
        CompileOptions.passes = PassManager(disabled: ["dce"], dumpAfter: ["fold"])
        CompileOptions.setLog("passes", true)
        defer {
            CompileOptions.logHandler = nil
            CompileOptions.passes = saved
            CompileOptions.setLog("passes", false)
        }
        let f = compile("scaled") { x in (x * 1.0).reshape([2]) * 2.0 }
        for _ in 0..<3 { #expect(try f(Variable(NDArray([1.0, -0.0]))).data.scalars(as: Double.self) == [2, -0]) }
        #expect(lines.all.count == 2)
        #expect(lines.all[0].hasPrefix("# after fold (pass 2 of 5): 3 -> 3 instructions\nfunc @scaled"))
        #expect(lines.all[1].hasPrefix("compile: passes on 'scaled' (trace 1):\nsimplify"))
        #expect(lines.all[1].contains("dce         disabled"))
        #expect(f.function.passReports[0].steps.map(\.ran) == [true, true, true, false, true])
    }

    @Test func aCompiledFunctionWithAnUnknownPassNameThrows() throws {
        let f = compile("f", passes: PassManager(disabled: ["nope"])) { x in x * 2.0 }
        _ = try f(Variable(NDArray([1.0])))
        #expect(throws: PassError.self) { try f(Variable(NDArray([1.0]))) }
    }
}
}
