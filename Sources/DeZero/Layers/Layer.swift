import DeZeroArray

/// A piece of a network that owns parameters and sub-layers (DeZero's `Layer`).
///
/// Subclass it, keep the parameters and sub-layers in stored properties, and override
/// ``forward(_:)-(Variable)``:
///
/// ```swift
/// final class TwoLayerNet: Model {
///     let l1: L.Linear
///     let l2: L.Linear
///     init(hiddenSize: Int, outSize: Int) {
///         l1 = L.Linear(hiddenSize)
///         l2 = L.Linear(outSize)
///     }
///     override func forward(_ x: Variable) -> Variable { l2(sigmoid(l1(x))) }
/// }
/// ```
///
/// There is nothing to register: ``params()``, ``cleargrads()``, the optimizers and the weight
/// files find parameters by reflecting over the stored properties (the rule is documented on
/// ``namedParams()``, and in docs/layers.md).
open class Layer {
    /// The reflected children, kept when ``childrenAreFixed`` says they cannot change.
    var childrenCache: [(key: String, child: Child)]?
    /// The parameters of the whole tree, kept when every layer in it has fixed children.
    var paramsCache: [Parameter]?

    /// An empty layer; subclasses set their parameters and sub-layers in their initializers.
    public init() {}

    /// Whether this instance's parameters and sub-layers can never change after `init` (all held
    /// in `let` properties of its exact class), so that reflecting over them once is enough: the
    /// optimizers and `cleargrads()` ask on every step. False by default (reflect every time, as
    /// DeZero looks at `__dict__`); the built-in layers whose children are constants say true.
    open var childrenAreFixed: Bool { false }

    /// The output for one input. Override this (the common case), or
    /// ``forward(_:)-([Variable])`` for layers with several inputs or outputs.
    open func forward(_ x: Variable) -> Variable {
        misuse("\(type(of: self)) must override forward(_:)")
    }

    /// The outputs for several inputs. By default a single input goes to
    /// ``forward(_:)-(Variable)``.
    open func forward(_ inputs: [Variable]) -> [Variable] {
        require(
            inputs.count == 1,
            "\(type(of: self)).forward got \(inputs.count) inputs; override forward(_ inputs: [Variable]) to take several")
        return [forward(inputs[0])]
    }

    /// The key under which a child (a parameter or a sub-layer) stored in `property` is saved and
    /// listed: `index` is its position when the property is an array, nil otherwise.
    ///
    /// By default a plain property's key is its name and an array's elements are
    /// `"<name>/<index>"`. Override it to keep the names of existing weight files, as
    /// ``Sequential`` does (`layers[0]` is `"l0"`) and ``L/BatchNorm`` does (`avgMean` is
    /// `"avg_mean"`).
    open func childKey(property: String, index: Int?) -> String {
        index.map { "\(property)/\($0)" } ?? property
    }

    /// Arrays the layer carries from one call to the next besides its parameters (an RNN's
    /// hidden state). A compiled step loads them at its start and stores them at its end.
    open var stateSlots: [StateSlot] { [] }

    /// Inside a trace, tells the tracer that the layer's state is about to be emptied
    /// (`resetState()`), so what it held before does not matter to the program.
    public func willResetState() {
        guard let tracer = Tracing.recorder else { return }
        for slot in stateSlots { tracer.willClear(slot) }
    }

    /// Runs ``forward(_:)-([Variable])`` on `inputs` (DeZero's `Layer.__call__`).
    public final func apply(_ inputs: [Variable]) -> [Variable] {
        let tracer = Tracing.recorder
        tracer?.enter(TraceScope(.layer, String(describing: type(of: self)), object: self))
        defer { tracer?.exit() }
        return forward(inputs)
    }

    /// The output of a one-output layer for `x`.
    public final func callAsFunction(_ x: Variable) -> Variable { single(apply([x])) }

    /// The output for an array, wrapped in a Variable first (as DeZero accepts ndarrays).
    public final func callAsFunction(_ x: NDArray) -> Variable { self(Variable(x)) }

    /// The output of a one-output layer for several inputs: `model(x, t)`.
    public final func callAsFunction(_ x0: Variable, _ x1: Variable, _ more: Variable...) -> Variable {
        single(apply([x0, x1] + more))
    }

    private func single(_ outputs: [Variable]) -> Variable {
        require(outputs.count == 1, "\(type(of: self)) has \(outputs.count) outputs; call apply(_:)")
        return outputs[0]
    }
}
