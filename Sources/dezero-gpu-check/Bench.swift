import DeZero
import DeZeroArray
import DeZeroCUDA
import DeZeroCompiler
import Foundation

/// Median seconds per call of `body` on the GPU: `repeats` calls between two synchronizations,
/// `samples` times, after `warmup` calls.
func timeGPU(warmup: Int = 3, repeats: Int = 10, samples: Int = 7, _ body: () throws -> Void) rethrows -> Double {
    let gpu = try! CUDA.gpu(0)
    for _ in 0..<warmup { try body() }
    try! gpu.synchronize()
    var times: [Double] = []
    for _ in 0..<samples {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats { try body() }
        try! gpu.synchronize()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 / Double(repeats))
    }
    return times.sorted()[times.count / 2]
}

/// One result line, for people and for scripts.
func report(_ name: String, _ seconds: Double, _ extra: String = "") {
    print(String(format: "%-58@ %10.3f ms  %@", name as NSString, seconds * 1e3, extra as NSString))
    print("JSON {\"case\": \"\(name)\", \"seconds\": \(seconds)}")
}

func runBenchmarks(_ filters: [String]) {
    func wants(_ name: String) -> Bool { filters.isEmpty || filters.contains { name.contains($0) } }
    let gpu = try! CUDA.gpu(0)

    if wants("copy") {
        let bytes = 64 << 22  // 64M float32
        let seconds = try! gpu.timeDeviceCopy(byteCount: bytes)
        report("device copy 64M f32 (cuMemcpyDtoD)", seconds, String(format: "%.0f GB/s read+written", 2 * Double(bytes) / seconds / 1e9))
    }

    if wants("W3") {
        Random.seed(0)
        let x = Random.randn(64 << 20).astype(.float32).toGPU()
        func chain(_ x: Variable) -> Variable {
            let y = tanh(2 * x + 1)
            return sum(exp(-y * y) * sin(x) + x / 3)
        }
        let eager = timeGPU(repeats: 3, samples: 5) {
            let v = Variable(x)
            chain(v).backward()
            _ = v.grad
        }
        report("W3 chain fwd+bwd 64M f32, eager GPU", eager)
        let compiled = compile("w3", executor: CUDAExecutor()) { xs in
            let loss = chain(xs[0])
            loss.backward()
            return [loss, xs[0].grad!]
        }
        let seconds = try! timeGPU(repeats: 3, samples: 5) { _ = try compiled([Variable(x)]) }
        report("W3 chain fwd+bwd 64M f32, compiled CUDA", seconds)
        if let program = compiled.programs.first {
            let executable = try! CUDAExecutor(graphs: false).prepare(program)
            let profile = Profile()
            for _ in 0..<5 { _ = executable.run(arguments: [x], bindings: [], profile: profile) }
            print(profile.table(limit: 12))
            for entry in profile.entries where entry.name.hasPrefix("k") && entry.calls > 0 {
                let bandwidth = Double(entry.bytes) * Double(entry.calls) / entry.seconds
                print(String(format: "W3 fused kernel %@: %.0f GB/s", entry.name, bandwidth / 1e9))
                print("JSON {\"case\": \"W3 fused kernel \(entry.name)\", \"bytes_per_second\": \(bandwidth)}")
            }
        }
    }

    for batch in [100, 4096] where wants("MLP") {
        Random.seed(0)
        let x = Variable(Random.rand(batch, 784).astype(.float32).toGPU())
        let t = Variable(Random.randint(low: 0, high: 10, shape: [batch]).toGPU())
        let model = MLP([1000, 1000, 10], activation: relu)
        model.toGPU()
        let optimizer = SGD(lr: 0.01).setup(model)
        func step(_ x: Variable, _ t: Variable) -> Variable {
            let loss = softmaxCrossEntropy(model(x), t)
            model.cleargrads()
            loss.backward()
            optimizer.update()
            return loss
        }
        report("MLP 784-1000-1000-10 step batch \(batch), eager GPU", timeGPU { _ = step(x, t) })
        let compiled = compile("mlp_step", executor: CUDAExecutor()) { xs in [step(xs[0], xs[1])] }
        report("MLP 784-1000-1000-10 step batch \(batch), compiled CUDA", try! timeGPU { _ = try compiled([x, t]) })
    }

    if wants("spiral") {
        let (xs, ts) = getSpiral(train: true)
        let x = Variable(xs[0..<30].toGPU()), t = Variable(ts[0..<30].toGPU())
        for graphs in [false, true] {
            Random.seed(0)
            let model = MLP([10, 3])
            model.toGPU()
            let optimizer = SGD(lr: 1.0).setup(model)
            let compiled = compile("spiral_step", executor: CUDAExecutor(graphs: graphs)) { v in
                let loss = softmaxCrossEntropy(model(v[0]), v[1])
                model.cleargrads()
                loss.backward()
                optimizer.update()
                return [loss]
            }
            let seconds = try! timeGPU(warmup: 5, repeats: 100) { _ = try compiled([x, t]) }
            report("spiral step, compiled CUDA, graph replay \(graphs ? "on" : "off")", seconds)
        }
    }
}
