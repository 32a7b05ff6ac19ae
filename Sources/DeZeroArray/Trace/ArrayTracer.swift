import CKernels

/// What records the NDArray operations a program runs while it is traced (the compiler's
/// tracer implements it). Every array primitive reports to ``Tracing/recorder`` before it
/// computes; the recorder runs the primitive through ``ArrayOp/evaluate(_:)`` and notes its
/// inputs and output.
///
/// The hooks cost the untraced program one load and one branch per operation: ``Tracing/active``
/// is nil unless a trace runs.
public protocol ArrayTracer: AnyObject {
    /// Whether an operation run now is to be recorded: the trace's own thread, outside another
    /// recorded primitive. Primitives called inside a primitive are part of it.
    var isRecording: Bool { get }

    /// Computes `op` on `inputs` (with recording paused) and records it.
    func record(_ op: ArrayOp, _ inputs: [NDArray]) -> NDArray

    /// A storage was allocated outside any recorded primitive; unless it becomes a host
    /// constant, an array on it comes from an operation the tracer cannot see.
    func allocated(_ storage: AnyObject)

    /// `array` was built from host values (a literal, a Swift array, a scalar operand): a
    /// constant of the traced program.
    func hostConstant(_ array: NDArray)

    /// `destination` is `source` moved to another device (`to(_:)`): the same value of the
    /// program (the executor places values; the IR has no devices).
    func moved(_ source: NDArray, to destination: NDArray)

    /// The program reads the elements of `array` on the host (`item()`, printing, raw
    /// pointers): `operation` names the read.
    func hostRead(_ array: NDArray, _ operation: String)

    /// An object (a DeZero Variable) was made during the trace.
    func created(_ object: AnyObject)

    /// Whether `object` was made during the trace (it does not outlive one call).
    func createdDuringTrace(_ object: AnyObject) -> Bool

    /// A place that holds an array between calls (a parameter's data, an optimizer's moment).
    func bind(_ slot: StateSlot)

    /// The program is about to empty `slot` (clearing a gradient): what it held before does not
    /// matter to the program.
    func willClear(_ slot: StateSlot)

    /// A host scalar the program depends on, read again on every call of a compiled program;
    /// `value` is its value now. Returns the 0-d `float64` array the traced program uses.
    func runtimeScalar(_ name: String, owner: AnyObject, value: Double, read: @escaping () -> Double) -> NDArray

    /// A host side effect (a step counter's increment) a compiled program repeats on every call.
    func hostEffect(_ name: String, owner: AnyObject, _ effect: @escaping () -> Void)

    /// Enters a scope that tags the operations recorded inside it (a DeZero Function's forward
    /// or backward, a layer, an optimizer update).
    func enter(_ scope: TraceScope)

    /// Leaves the innermost scope.
    func exit()
}

/// A scope of a trace: what produced the operations recorded inside it.
public struct TraceScope: Sendable {
    /// The kind of work.
    public enum Kind: String, Sendable {
        case forward, backward, update, layer
    }
    /// Forward, backward, update or a layer.
    public let kind: Kind
    /// A DeZero Function's class name, an optimizer's name, or a layer's class name.
    public let name: String
    /// The layer object of a `.layer` scope (nil for the others).
    public nonisolated(unsafe) let object: AnyObject?

    /// A scope of `kind` named `name`.
    public init(_ kind: Kind, _ name: String, object: AnyObject? = nil) {
        self.kind = kind
        self.name = name
        self.object = object
    }
}

/// A named place that holds an array between calls: read at the start of a compiled program,
/// written at its end when the program changed it. `nil` means "no array" (a parameter
/// without a gradient).
public struct StateSlot {
    /// What the slot holds, for the program's text: "data", "grad", "m", ...
    public let role: String
    /// The object the slot belongs to (a Parameter, an optimizer); it names the slot.
    public let owner: AnyObject
    /// A second object qualifying the slot (the parameter whose optimizer state this is).
    public let subject: AnyObject?
    /// Reads the slot's array.
    public let read: () -> NDArray?
    /// Writes the slot's array.
    public let write: (NDArray?) -> Void

    /// A slot of `owner` (and `subject`) in the role `role`.
    public init(
        role: String, owner: AnyObject, subject: AnyObject? = nil,
        read: @escaping () -> NDArray?, write: @escaping (NDArray?) -> Void
    ) {
        self.role = role
        self.owner = owner
        self.subject = subject
        self.read = read
        self.write = write
    }
}

/// The switch that connects the array primitives to a tracer.
public enum Tracing {
    /// The tracer of the trace running now, if any (set by the compiler, one trace at a time).
    public static var active: (any ArrayTracer)? {
        get { tracer }
        set {
            tracer = newValue
            ck_set_trace_active(newValue == nil ? 0 : 1)
        }
    }

    /// Whether a trace runs: one plain load (of a C global); reading the tracer itself copies
    /// an existential.
    @inlinable @inline(__always)
    public static var isActive: Bool { ck_trace_is_active() != 0 }

    /// Whether primitives go through ``intercept(_:_:)``: a trace runs or a ``DeviceBackend`` is
    /// registered. The one plain load (of a C global) and branch the eager CPU path pays per
    /// primitive while neither is the case.
    @inlinable @inline(__always)
    public static var intercepts: Bool { ck_intercept_is_on() != 0 }

    /// The funnel every array primitive enters first when ``intercepts``:
    /// `if Tracing.intercepts, let y = Tracing.intercept(op, inputs) { return y }`.
    /// The recording tracer records `op` (computing it); otherwise, when an operand lives on a
    /// device, that device's backend computes it (``DeviceBackends``: the mixing rules and the
    /// metadata views that stay with NDArray are there); otherwise nil, and the primitive runs
    /// its CPU code.
    @inline(never)
    public static func intercept(_ op: ArrayOp, _ inputs: [NDArray]) -> NDArray? {
        if let tracer = recorder { return tracer.record(op, inputs) }
        return DeviceBackends.dispatch(op, inputs)
    }
    @usableFromInline @exclusivity(unchecked) nonisolated(unsafe) static var tracer: (any ArrayTracer)?

    /// The active tracer when the current operation is to be recorded.
    @inlinable @inline(__always)
    public static var recorder: (any ArrayTracer)? {
        guard isActive, let tracer, tracer.isRecording else { return nil }
        return tracer
    }

    /// `value` as a 0-d `float64` array; inside a trace, a scalar that a compiled program reads
    /// anew on every call through `read` (a learning rate the user may change).
    public static func scalar(_ name: String, owner: AnyObject, _ value: Double, read: @escaping () -> Double) -> NDArray {
        if let tracer = recorder { return tracer.runtimeScalar(name, owner: owner, value: value, read: read) }
        return NDArray(scalar: value)
    }

    /// Inside a trace, registers `effect` to be repeated by the compiled program on each call;
    /// the eager program performs the effect itself.
    public static func effect(_ name: String, owner: AnyObject, _ effect: @escaping () -> Void) {
        recorder?.hostEffect(name, owner: owner, effect)
    }

    /// Runs `body` inside `scope` when a trace is recording.
    @inlinable @inline(__always)
    public static func scoped<R>(_ scope: @autoclosure () -> TraceScope, _ body: () -> R) -> R {
        guard let tracer = recorder else { return body() }
        tracer.enter(scope())
        defer { tracer.exit() }
        return body()
    }
}
