#if canImport(Glibc)
import Glibc
#endif

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

    /// The program reads the elements of `array` on the host (`item()`, printing, raw
    /// pointers): `operation` names the read.
    func hostRead(_ array: NDArray, _ operation: String)

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
    nonisolated(unsafe) public static var active: (any ArrayTracer)?

    /// The active tracer when the current operation is to be recorded.
    @inlinable @inline(__always)
    public static var recorder: (any ArrayTracer)? {
        guard let tracer = active, tracer.isRecording else { return nil }
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

    /// The thread running now (tracers record only their own thread).
    public static var currentThread: UInt { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self())))) }
}
