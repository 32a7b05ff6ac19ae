import DeZero
import DeZeroArray
import DeZeroCUDA
import DeZeroCompiler
import DeZeroParityCases
import Foundation

/// Counts of parity checks, and the failures' lines.
struct ParityReport {
    var passed = 0
    var failed: [String] = []

    /// Records one comparison of `actual` (on any device) with the CPU's `expected`: within
    /// `tolerance` (1e-5 for float32, 1e-12 for float64 when nil) relative to each element, or
    /// to the largest magnitude of `expected` where values cancel (NumPy's `allclose` with
    /// `rtol = tolerance` and `atol = tolerance · max|expected|`); exactly for ints and bools.
    mutating func compare(_ what: String, _ actual: NDArray, _ expected: NDArray, tolerance: Double? = nil) {
        let a = actual.toCPU()
        guard a.dtype == expected.dtype, a.shape == expected.shape else {
            failed.append("\(what): \(a.dtype)\(a.shape), expected \(expected.dtype)\(expected.shape)")
            return
        }
        let tolerance = expected.dtype.isFloatingPoint ? tolerance ?? (expected.dtype == .float64 ? 1e-12 : 1e-5) : 0
        let x = a.scalars(as: Double.self), y = expected.scalars(as: Double.self)
        let scale = y.map { $0.isFinite ? abs($0) : 0 }.max() ?? 0
        var worst = 0.0
        for (u, v) in zip(x, y) {
            if u.isNaN && v.isNaN || u == v { continue }
            worst = max(worst, abs(u - v) / (abs(v) + scale))
        }
        if worst <= tolerance {
            passed += 1
        } else {
            failed.append("\(what): relative error \(worst), tolerance \(tolerance)")
        }
    }

    func finish() -> Never {
        print("parity: \(passed) passed, \(failed.count) failed")
        for line in failed.prefix(60) { print("  FAIL \(line)") }
        exit(failed.isEmpty ? 0 : 1)
    }
}

/// Every function of the library, forward and gradients, on GPU variables against the CPU.
func checkEagerFunctions(_ report: inout ParityReport) {
    let start = Date()
    for c in FunctionCase.all {
        for dtype in [DType.float32, .float64] {
            Random.seed(11)
            let inputs = c.arrays(dtype)
            let cpu = c.differentiate(inputs.map { Variable($0) })
            let gpu = c.differentiate(inputs.map { Variable($0.toGPU()) })
            for (i, (g, e)) in zip(gpu, cpu).enumerated() {
                if g.data.device != .cuda(0) && e.data.ndim > 0 {
                    report.failed.append("eager \(c.name) \(dtype) output \(i) is on \(g.data.device)")
                }
                // A float64 output of float32 work (a mean's division) keeps float32's precision.
                report.compare("eager \(c.name) \(dtype) output \(i)", g.data, e.data, tolerance: dtype == .float32 ? 1e-5 : nil)
            }
        }
    }
    print(String(format: "eager functions: %d cases × 2 dtypes in %.1f s", FunctionCase.all.count, Date().timeIntervalSince(start)))
}

/// Every built-in program, optimized, on the CUDA executor (plain, captured, replayed) against
/// the interpreter on the CPU, on fresh random inputs.
func checkCompiledPrograms(_ report: inout ParityReport) {
    for entry in BuiltinPrograms.all {
        let start = Date()
        do {
            let traced = try entry.trace()
            let program = try PassManager().run(traced).program
            let reference = try Interpreter().prepare(program)
            let cuda = try CUDAExecutor().prepare(program)
            // float32 work whose results come out as float64 (DeZero's promotions) keeps float32's precision.
            let float32 = program.arguments.contains { $0.type.dtype == .float32 } || program.bindings.contains { $0.type?.dtype == .float32 }
            let tolerance = float32 ? 1e-5 : nil
            // A program with random draws runs but is not compared (the executors may draw in another order).
            let hasRandom = program.instructions.contains { if case .array(.random) = $0.operation { true } else { false } }
            for run in 0..<3 {  // warm-up, capture, replay
                Random.seed(100 + run)
                // State drawn positive (|N(0, 1)| + 0.5), so that Adam's division by √v is well
                // conditioned: with v near 0 it amplifies the last-bit differences of the gradients.
                let arguments = program.randomArguments()
                let bindings = program.randomBindings().enumerated().map { k, x in
                    program.bindings[k].kind == .state && x?.dtype.isFloatingPoint == true ? x.map { abs($0) + 0.5 } : x
                }
                Random.seed(7)
                let expected = reference.run(arguments: arguments, bindings: bindings)
                Random.seed(7)
                let actual = cuda.run(arguments: arguments.map { $0.toGPU() }, bindings: bindings.map { $0?.toGPU() })
                for (i, (a, e)) in zip(actual.results, expected.results).enumerated() where !hasRandom {
                    report.compare("compiled \(entry.name) run \(run) result \(i)", a, e, tolerance: tolerance)
                }
                for (a, e) in zip(actual.stores, expected.stores) where !hasRandom {
                    report.compare("compiled \(entry.name) run \(run) store \(program.bindings[e.binding].name)", a.array, e.array, tolerance: tolerance)
                }
            }
            print(String(format: "compiled %@: %d instructions, %.2f s", entry.name, program.instructions.count, Date().timeIntervalSince(start)))
        } catch {
            report.failed.append("compiled \(entry.name): \(error)")
        }
    }
}

/// The spiral classifier trained 200 steps compiled on the GPU against eager on the CPU (within
/// 1e-4: float32 rounding differences grow over the steps).
func checkTraining(_ report: inout ParityReport) {
    func train(gpu: Bool) -> [NDArray] {
        Random.seed(0)
        let (x, t) = getSpiral(train: true)
        let model = MLP([10, 3])
        let optimizer = SGD(lr: 1.0).setup(model)
        var xs = x.astype(.float32), ts = t
        if gpu {
            model.toGPU()
            xs = xs.toGPU()
            ts = ts.toGPU()
        }
        let executor: any Executor = gpu ? CUDAExecutor() : Interpreter()
        let step = compile("spiral_step", executor: executor) { (inputs: [Variable]) -> [Variable] in
            let loss = softmaxCrossEntropy(model(inputs[0]), inputs[1])
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return [loss]
        }
        var losses: [NDArray] = []
        for k in 0..<200 {
            let i = (k * 30) % 300
            let batch = [Variable(xs[i..<(i + 30)]), Variable(ts[i..<(i + 30)])]
            losses.append(try! step(batch)[0].data)
        }
        return losses
    }
    let cpu = train(gpu: false), gpu = train(gpu: true)
    for (k, (g, c)) in zip(gpu, cpu).enumerated() where k % 20 == 19 {
        report.compare("training spiral step \(k + 1) loss", g, c, tolerance: 1e-4)
    }
    print("training: spiral loss after 200 steps \(cpu.last!.item()) on the CPU, \(gpu.last!.toCPU().item()) on the GPU")
}
