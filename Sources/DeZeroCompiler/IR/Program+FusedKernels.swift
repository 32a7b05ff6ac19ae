extension Program {
    /// Each fused kernel of the program, in order, with its inputs' types (in
    /// ``FusedKernel/inputs`` order) and its outputs' types: what a code generator needs.
    public var fusedKernels: [(kernel: FusedKernel, inputTypes: [TensorType], outputTypes: [TensorType])] {
        let types = valueTypes
        return instructions.compactMap { i in
            guard case .fused(let kernel) = i.operation else { return nil }
            return (kernel, i.operands.map { types[$0]! }, i.types)
        }
    }
}
