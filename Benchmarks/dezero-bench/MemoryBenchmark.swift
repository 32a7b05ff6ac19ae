import DeZero
import DeZeroArray
import DeZeroCompiler

/// W4: the memory one training step of a deep MLP (784, 8 x 1000 relu, 10; batch 512, float32,
/// SGD) needs beyond its parameters, gradients and optimizer state, eager and compiled, as
/// bytes of array storage counted by `StorageBytes`.
///
/// Why that counter: the peak has to be seen inside the step, and whatever the allocator
/// reports (glibc's `mallinfo2`, the process's peak RSS) also holds the freed blocks that
/// DeZeroArray's block cache keeps for reuse and everything earlier cases left behind.
func memoryBenchmark(_ harness: Harness) {
    guard harness.wants(Case.w4, Case.w4 + Case.compiled) else { return }
    Random.seed(0)
    let x = Variable(Random.rand(512, 784).astype(.float32))
    let t = Variable(Random.randint(low: 0, high: 10, shape: [512]))
    let sizes = Array(repeating: 1000, count: 8) + [10]

    let model = MLP(sizes, activation: relu)
    let step = classifierStep(model, SGD(lr: 0.01).setup(model))
    _ = step(x, t)  // creates the weights
    harness.reportBytes(Case.w4, stepMemory(model, [x, t]) { _ = step(x, t) })

    let compiledModel = MLP(sizes, activation: relu)
    let compiled = compile("deep_mlp_step", classifierStep(compiledModel, SGD(lr: 0.01).setup(compiledModel)))
    _ = try! compiled(x, t)  // eager: creates the weights
    _ = try! compiled(x, t)  // traces
    harness.reportBytes(Case.w4 + Case.compiled, stepMemory(compiledModel, [x, t]) { _ = try! compiled(x, t) })
    if let planned = compiledPeakBytes(compiled.function) {
        harness.reportBytes(Case.w4 + Case.compiled + " (memory plan)", planned)
    }
}

/// The peak bytes of array storage while `step` runs, beyond the model's parameters, their
/// gradients and the optimizer's state (SGD has none): what was live at the start (parameters,
/// the gradients there were, the inputs) plus how far the count rose, less parameters and a
/// gradient per parameter.
func stepMemory(_ model: Layer, _ inputs: [Variable], _ step: () -> Void) -> Int {
    let bytes = { (a: NDArray) in a.size * a.dtype.itemSize }
    let gradients = model.params().reduce(0) { $0 + ($1.grad.map { bytes($0.data) } ?? 0) }
    let (_, count) = StorageBytes.measure(step)
    let inputBytes = inputs.reduce(0) { $0 + bytes($1.data) }
    return inputBytes + gradients + count.peak - model.params().reduce(0) { $0 + bytes($1.data) }
}

/// The heap size of the compiled program's memory plan, beyond parameters, gradients and
/// optimizer state: the hook for the executor's static memory plan, reported as its own row
/// beside the counted figure. Nil while the executor has no plan.
func compiledPeakBytes(_ function: CompiledFunction) -> Int? {
    nil
}
