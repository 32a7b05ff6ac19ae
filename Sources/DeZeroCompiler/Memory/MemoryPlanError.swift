/// A memory plan that does not fit its program, found by ``MemoryPlan/verify(_:)``.
public enum MemoryPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Two values live at the same time have bytes in common.
    case overlap(Value, Value)
    /// An arena value has no buffer.
    case missingBuffer(Value)
    /// A value is placed where its instruction does not allow it; the reason says why.
    case invalidPlacement(Value, String)

    /// `%4 and %9 are live at the same time and share arena bytes`.
    public var description: String {
        switch self {
        case .overlap(let a, let b): "\(a) and \(b) are live at the same time and share arena bytes"
        case .missingBuffer(let v): "\(v) is computed into the arena and has no buffer"
        case .invalidPlacement(let v, let reason): "\(v): \(reason)"
        }
    }
}
