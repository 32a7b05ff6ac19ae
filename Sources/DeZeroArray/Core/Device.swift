/// Where an array's elements live. Upper layers never special-case it: they pass it along.
public enum Device: Sendable, Hashable, CustomStringConvertible {
    /// Host memory.
    case cpu

    /// `cpu`, as DeZero prints it.
    public var description: String {
        switch self {
        case .cpu: "cpu"
        }
    }
}
