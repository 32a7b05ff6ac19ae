import DeZeroArray

/// Why a closure could not be compiled: what it did that a static program cannot hold.
public enum TraceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The closure read the elements of a traced value on the host (`item()`, printing, a raw
    /// pointer), which would bake a data-dependent result into the program.
    case dataDependentRead(operation: String, shape: [Int], provenance: String)
    /// An array came from an operation the tracer cannot see (a user Function whose forward
    /// writes raw memory, a private random generator).
    case untraceableOperation(shape: [Int], dtype: DType, provenance: String)
    /// The closure left a state slot empty that held an array (e.g. clearing gradients last).
    case clearedState(name: String)
    /// The closure created optimizer or layer state during the trace (it is not warmed up).
    case stateCreatedDuringTrace(name: String)
    /// The closure returned a different number of outputs than the compiled form expects.
    case outputCount(expected: Int, got: Int)

    /// A message naming the operation, the value's shape and the fix.
    public var description: String {
        switch self {
        case .dataDependentRead(let operation, let shape, let provenance):
            "compile: \(operation) reads the value of a traced array of shape \(shape)\(Self.place(provenance)); "
                + "a compiled program cannot branch on or print its data. Pass it as an input or move the read out of the compiled closure"
        case .untraceableOperation(let shape, let dtype, let provenance):
            "compile: an array of shape \(shape) (\(dtype)) was computed\(Self.place(provenance)) by code the tracer cannot see "
                + "(raw memory access or a private random generator); build it from NDArray operations, or move it out of the compiled closure"
        case .clearedState(let name):
            "compile: the closure leaves '\(name)' empty; a compiled step cannot clear state: clear gradients at the start of the step (model.cleargrads() before backward)"
        case .stateCreatedDuringTrace(let name):
            "compile: '\(name)' was created while tracing; create it before the compiled call, or keep it out of the closure (compile's eager first call creates the weights and optimizer state of layers and optimizers it uses)"
        case .outputCount(let expected, let got):
            "compile: the closure returned \(got) outputs; this compiled form expects \(expected)"
        }
    }

    private static func place(_ provenance: String) -> String {
        provenance.isEmpty ? "" : " in \(provenance)"
    }
}
