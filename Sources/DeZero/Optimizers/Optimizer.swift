import DeZeroArray

/// The base of the optimizers: updates the parameters of a layer from their gradients
/// (DeZero's `Optimizer`).
///
/// ```swift
/// let optimizer = SGD(lr: 0.2).setup(model)
/// optimizer.addHook(WeightDecay(1e-4))
/// for _ in 0..<iterations {
///     let loss = meanSquaredError(model(x), t)
///     model.cleargrads()
///     loss.backward()
///     optimizer.update()
/// }
/// ```
///
/// ``update()`` takes the target's parameters that have a gradient, runs the hooks on them in
/// the order they were added, then calls ``updateOne(_:)`` for each parameter that still has a
/// gradient (a hook like ``FreezeParam`` removes gradients to keep parameters fixed).
/// Subclasses override ``updateOne(_:)``; parameter updates keep the parameter's dtype.
open class Optimizer {
    /// The layer (usually a model) whose parameters are updated.
    public private(set) var target: Layer?
    /// The functions run on the parameters before each update, in order.
    public private(set) var hooks: [any OptimizerHook] = []

    /// An optimizer without target; call ``setup(_:)``.
    public init() {}

    /// Sets the layer to update and returns the optimizer: `let optimizer = SGD().setup(model)`.
    @discardableResult
    public func setup(_ target: Layer) -> Self {
        self.target = target
        return self
    }

    /// Runs `hook` on the parameters before every update, after the hooks added before it.
    public func addHook(_ hook: any OptimizerHook) {
        hooks.append(hook)
    }

    /// Runs `body` on the parameters before every update, after the hooks added before it.
    public func addHook(_ body: @escaping ([Parameter]) -> Void) {
        hooks.append(ClosureHook(body: body))
    }

    /// Updates every parameter of the target that has a gradient (DeZero's `update`).
    open func update() {
        guard let target else { misuse("\(type(of: self)).update(): call setup(model) first") }
        // Inside a trace the update scope (its object is this optimizer) binds the target's
        // parameters before any is read.
        Tracing.scoped(TraceScope(.update, String(describing: type(of: self)), object: self)) {
            let params = target.params().filter { $0.grad != nil }
            for hook in hooks { hook(params) }
            for param in params where param.grad != nil { updateOne(param) }
        }
    }

    /// Updates one parameter from its gradient (DeZero's `update_one`).
    open func updateOne(_ param: Parameter) {
        misuse("\(type(of: self)) must override updateOne(_:)")
    }
}

/// What owns hyperparameters that a compiled training step reads anew on every call.
public protocol HyperparameterOwner: AnyObject {}

extension Optimizer: HyperparameterOwner {}

extension HyperparameterOwner {
    /// The hyperparameter `name` at `key` as a 0-d `float64` array (a Swift `Double` operand gives the
    /// same results); a compiled step reads its current value on every call, so changing it
    /// between calls takes effect without a retrace.
    public func hyperparameter(_ name: String, _ key: KeyPath<Self, Double>) -> NDArray {
        let value = self[keyPath: key]
        guard let tracer = Tracing.recorder else { return NDArray(scalar: value) }
        let name = "\(type(of: self)).\(name)"
        return tracer.runtimeScalar(name, owner: self, value: value) { [unowned self] in self[keyPath: key] }
    }
}

/// A hook from a closure.
private struct ClosureHook: OptimizerHook {
    let body: ([Parameter]) -> Void
    func callAsFunction(_ params: [Parameter]) { body(params) }
}

extension Parameter {
    /// The gradient's array, for optimizers (which only update parameters with a gradient).
    var gradData: NDArray {
        guard let grad else { misuse("parameter \(name ?? "") has no gradient") }
        return grad.data
    }
}
