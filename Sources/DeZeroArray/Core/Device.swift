/// Where an array's elements live. Upper layers never special-case it: they pass it along.
public enum Device: Sendable, Hashable, CustomStringConvertible {
    /// Host memory.
    case cpu
    /// The memory of CUDA device `n` (its elements are computed by the ``DeviceBackend``
    /// registered for it, which `DeZeroCUDA` provides).
    case cuda(Int)

    /// `cpu` or `cuda:0`, as DeZero and PyTorch print them.
    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .cuda(let index): "cuda:\(index)"
        }
    }

    /// Whether this is host memory (a tag test, cheaper than `== .cpu`).
    @inlinable public var isCPU: Bool {
        if case .cpu = self { return true }
        return false
    }
}
