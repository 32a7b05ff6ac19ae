@_spi(Device) import DeZeroArray
import DeZeroCompiler
import Foundation
import Synchronization

/// A program prepared for the GPU: its instructions resolved to value slots, its fused kernels
/// compiled, and, once captured, its CUDA graph.
final class CUDAProgram: Executable, @unchecked Sendable {
    /// A compiled fused kernel.
    struct Kernel {
        let function: OpaquePointer?
        let source: CUDAKernelSource
    }

    /// One instruction, resolved.
    enum Action {
        case compute(ArrayOp)
        case constant(Int)
        case load(binding: Int)
        case store(binding: Int)
        case kernel(Kernel)
    }

    struct Step {
        let action: Action
        let operands: [Int]
        let results: [Int]
        /// The values whose last use this step is.
        let releases: [Int]
    }

    let program: Program
    let backend: CUDABackend
    private let steps: [Step]
    private let valueCount: Int
    private let graphs: Bool
    private let state = Mutex(State())

    /// What runs have learned: the constants on the device, and the graph.
    struct State {
        var constants: [Int: NDArray] = [:]
        /// Arrays computed on the host from constants alone (`full`, a cast of a constant), by
        /// step, kept on the device.
        var created: [Int: NDArray] = [:]
        var runs = 0
        /// Why runs are not captured (nil while they may be).
        var noGraph: String?
        var graph: CapturedGraph?
    }

    init(_ program: Program, backend: CUDABackend, kernels: [String: Kernel], graphs: Bool) {
        self.program = program
        self.backend = backend
        // A random draw is made on the host and copied in on every run: no graph replays that.
        let draws = program.instructions.contains { if case .array(.random) = $0.operation { true } else { false } }
        self.graphs = graphs && !draws
        let ids = program.arguments.map(\.value.id) + program.instructions.flatMap { $0.results.map(\.id) }
        valueCount = (ids.max() ?? -1) + 1
        var lastUse: [Int: Int] = [:]
        for (index, instruction) in program.instructions.enumerated() {
            for v in instruction.operands { lastUse[v.id] = index }
        }
        let kept = Set(program.results.map(\.id))
        var releases = [[Int]](repeating: [], count: program.instructions.count)
        for (id, index) in lastUse where !kept.contains(id) { releases[index].append(id) }
        let bindings = Dictionary(program.bindings.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        steps = program.instructions.enumerated().map { index, instruction in
            let action: Action = switch instruction.operation {
            case .array(let op): .compute(op)
            case .constant(let i): .constant(i)
            case .load(let name): .load(binding: bindings[name] ?? -1)
            case .store(let name): .store(binding: bindings[name] ?? -1)
            case .fused(let kernel): .kernel(kernels["dz_" + kernel.name]!)
            }
            return Step(
                action: action, operands: instruction.operands.map(\.id), results: instruction.results.map(\.id),
                releases: releases[index])
        }
    }

    var device: Device { backend.device }

    /// A plain run (no graph) that times each step with CUDA events on the stream: a kernel's
    /// time is the device's; a step run on the host counts its host time.
    func run(arguments: [NDArray], bindings: [NDArray?], profile: Profile) -> ExecutionResult {
        if profile.entries.isEmpty {
            var types: [Value: TensorType] = [:]
            for (value, type) in program.arguments { types[value] = type }
            for i in program.instructions { for (r, t) in zip(i.results, i.types) { types[r] = t } }
            profile.describe(program.instructions.map { Profile.entry($0, operandTypes: $0.operands.compactMap { types[$0] }) })
        }
        let gpu = backend.gpu
        let clock = ContinuousClock()
        let start = clock.now
        let (results, stores, times) = backend.checked("profiling @\(program.name)") { () throws(CUDAError) in
            try gpu.enter()
            let events = try (0...steps.count).map { (_) throws(CUDAError) in try gpu.driver.createEvent() }
            defer { for e in events { gpu.driver.destroy(event: e) } }
            var state = state.withLock { $0 }
            let outputs = try execute(
                arguments: arguments.map { onDevice($0) }, bindings: bindings.map { $0.map(onDevice) }, state: &state, retain: nil
            ) { (index) throws(CUDAError) in try gpu.driver.record(events[index], gpu.stream) }
            try gpu.driver.record(events[steps.count], gpu.stream)
            let times = try (0..<steps.count).map { (i) throws(CUDAError) in try gpu.driver.elapsed(events[i], events[i + 1]) / 1000 }
            return (outputs.results, outputs.stores, times)
        }
        let wall = clock.now - start
        for (i, t) in times.enumerated() { profile.add(i, t) }
        profile.addRun(seconds(wall))
        return ExecutionResult(results: results, stores: stores)
    }

    func run(arguments: [NDArray], bindings: [NDArray?]) -> ExecutionResult {
        // Results and stores go back where the caller's arrays live.
        let home = arguments.first?.device ?? bindings.lazy.compactMap { $0?.device }.first ?? device
        let result = state.withLock { state in
            state.runs += 1
            if graphs, state.noGraph == nil, state.runs > 1 {
                do throws(CUDAError) {
                    if state.graph == nil { state.graph = try capture(arguments: arguments, bindings: bindings, state: &state) }
                    return try state.graph!.replay(arguments: arguments, bindings: bindings)
                } catch {
                    state.noGraph = "\(error)"
                    if CUDALog.enabled { CUDALog.say("@\(program.name) is not captured as a CUDA graph: \(error)") }
                }
            }
            let before = backend.hostFallbackCount
            let result = backend.checked("@\(program.name)") { () throws(CUDAError) in
                try execute(arguments: arguments.map { onDevice($0) }, bindings: bindings.map { $0.map(onDevice) }, state: &state, retain: nil)
            }
            if backend.hostFallbackCount != before, state.noGraph == nil {
                state.noGraph = "a step ran on the host"
                if CUDALog.enabled { CUDALog.say("@\(program.name) is not captured as a CUDA graph: a step runs on the host") }
            }
            return result
        }
        return ExecutionResult(
            results: result.results.map { home == device ? $0 : $0.to(home) },
            stores: result.stores.map { store in
                let owner = bindings[store.binding]?.device ?? home
                return (store.binding, owner == device ? store.array : store.array.to(owner))
            })
    }

    /// Captures one run as a CUDA graph over buffers of its own (the arguments and bindings are
    /// copied in before each replay; every value the run makes stays allocated with the graph).
    private func capture(arguments: [NDArray], bindings: [NDArray?], state: inout State) throws(CUDAError) -> CapturedGraph {
        let gpu = backend.gpu
        let staticArguments = try arguments.map { (x) throws(CUDAError) in try backend.duplicate(x) }
        let staticBindings = try bindings.map { (x) throws(CUDAError) in try x.map { (y) throws(CUDAError) in try backend.duplicate(y) } }
        try gpu.synchronize()
        var retained: [NDArray] = []
        backend.allocator.holdFrees()
        try gpu.driver.beginCapture(gpu.stream)
        let outputs: (results: [NDArray], stores: [(binding: Int, array: NDArray)])
        let graph: OpaquePointer?
        do {
            outputs = try execute(arguments: staticArguments, bindings: staticBindings, state: &state, retain: &retained)
            graph = try gpu.driver.endCapture(gpu.stream)
        } catch {
            _ = try? gpu.driver.endCapture(gpu.stream)
            for (block, bytes) in backend.allocator.releaseHeld() { backend.allocator.deallocate(block, byteCount: bytes) }
            throw error
        }
        let held = backend.allocator.releaseHeld()
        let exec: OpaquePointer?
        do {
            exec = try gpu.driver.instantiate(graph)
        } catch {
            gpu.driver.destroy(graph: graph, exec: nil)
            for (block, bytes) in held { backend.allocator.deallocate(block, byteCount: bytes) }
            throw error
        }
        if CUDALog.enabled { CUDALog.say("@\(program.name) captured as a CUDA graph of \(steps.count) steps") }
        return CapturedGraph(
            backend: backend, graph: graph, exec: exec, arguments: staticArguments, bindings: staticBindings,
            results: outputs.results, stores: outputs.stores, retained: retained, held: held)
    }

    private func onDevice(_ x: NDArray) -> NDArray { x.device == device ? x : x.to(device) }

    /// Runs the steps once on device arrays; `retain` (during a capture) keeps every value.
    func execute(
        arguments: [NDArray], bindings: [NDArray?], state: inout State, retain: UnsafeMutablePointer<[NDArray]>?,
        beforeStep: ((Int) throws(CUDAError) -> Void)? = nil
    ) throws(CUDAError) -> (results: [NDArray], stores: [(binding: Int, array: NDArray)]) {
        var env = [NDArray?](repeating: nil, count: valueCount)
        for (argument, array) in zip(program.arguments, arguments) { env[argument.value.id] = array }
        var stores: [(binding: Int, array: NDArray)] = []
        for (index, step) in steps.enumerated() {
            try beforeStep?(index)
            switch step.action {
            case .compute(let op):
                if let known = state.created[index] {
                    env[step.results[0]] = known
                    break
                }
                let result = op.evaluate(step.operands.map { env[$0]! })
                if result.device == device {
                    env[step.results[0]] = result
                } else {
                    // Computed on the host: from constants alone (a `full`, a cast of a constant),
                    // so the same on every run: moved to the device once. Random draws excepted.
                    let moved = onDevice(result)
                    if case .random = op {} else { state.created[index] = moved }
                    env[step.results[0]] = moved
                }
            case .constant(let i):
                if state.constants[i] == nil { state.constants[i] = onDevice(program.constants[i]) }
                env[step.results[0]] = state.constants[i]
            case .load(let binding):
                guard let array = bindings[binding] else {
                    fatalError("CUDAExecutor: @\(program.name) loads @\(program.bindings[binding].name), and no array was given for it")
                }
                env[step.results[0]] = array
            case .store(let binding):
                stores.append((binding, env[step.operands[0]]!))
            case .kernel(let kernel):
                let outputs = try launch(kernel, step.operands.map { env[$0]! })
                for (id, array) in zip(step.results, outputs) { env[id] = array }
            }
            if let retain {
                for id in step.results { if let a = env[id] { retain.pointee.append(a) } }
            } else {
                for id in step.releases { env[id] = nil }
            }
        }
        return (program.results.map { env[$0.id]! }, stores)
    }

    /// Launches a fused kernel on `inputs` (made contiguous where they are views).
    private func launch(_ kernel: Kernel, _ inputs: [NDArray]) throws(CUDAError) -> [NDArray] {
        let operands = try inputs.map { (x) throws(CUDAError) in x.isContiguous ? x : try backend.contiguousCopy(x) }
        let outputs = kernel.source.outputTypes.map { NDArray.empty($0, on: device) }
        let n = kernel.source.count
        guard n > 0 else { return outputs }
        let arguments = LaunchArguments()
        for x in operands { arguments.append(x.address) }
        for y in outputs { arguments.append(y.address) }
        arguments.append(Int64(n))
        try backend.launch(kernel.function, blocks: backend.blocks(n), threads: CUDABackend.threads, arguments, keeping: operands)
        return outputs
    }
}
