import DeZeroArray

extension Program {
    /// Random arguments of the argument types, drawn from the global generator (see
    /// ``randomArray(_:)``): for running a program without its model.
    public func randomArguments() -> [NDArray] {
        arguments.map { Program.randomArray($0.type) }
    }

    /// Bindings for running the program without its model: random state of each state binding's
    /// type, 0.01 for runtime scalars (a learning rate), nothing for effects.
    public func randomBindings() -> [NDArray?] {
        bindings.map { binding -> NDArray? in
            switch binding.kind {
            case .effect: nil
            case .scalar: NDArray(scalar: 0.01)
            case .state: binding.type.map(Program.randomArray)
            }
        }
    }

    /// A random array of `type`: normal floats, integers in 0..<2, random bools.
    public static func randomArray(_ type: TensorType) -> NDArray {
        switch type.dtype {
        case .float32, .float64: Random.randn(shape: type.shape).astype(type.dtype)
        case .int64: Random.randint(low: 0, high: 2, shape: type.shape)
        case .bool: Random.rand(shape: type.shape) .> 0.5
        }
    }
}
