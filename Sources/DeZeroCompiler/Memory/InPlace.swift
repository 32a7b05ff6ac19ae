extension Operation {
    /// Whether element `i` of every result is computed from element `i` of the operands only (after
    /// broadcasting): the elementwise primitives (`unary`, `negative`, `abs`, `sign`, `sigmoid`,
    /// `binary`, comparisons, `where`, `astype`) and fused kernels.
    public var isElementwise: Bool {
        switch self {
        case .array(let op):
            switch op {
            case .unary, .negative, .abs, .sign, .sigmoid, .binary, .compare, .select, .cast: true
            default: false
            }
        case .fused: true
        case .constant, .load, .store: false
        }
    }

    /// Whether a result of type `result` may be written *in place* over an operand of type
    /// `operand`, taking its buffer: the memory plan's rule for reuse.
    ///
    /// The operation is elementwise (``isElementwise``), and the operand has as many elements as
    /// the result and the same item size, so it is not broadcast and element `i` of the result
    /// lands on the bytes of element `i` of the operand, which nothing reads afterwards. (The plan
    /// adds the other conditions: the operand's buffer is in the arena, has the result's byte size
    /// and dies at this instruction, its views included.) The executor must read element `i` of
    /// every operand before it writes element `i` of any result, as a loop over elements, or over
    /// blocks loaded before they are stored, does.
    public func mayWriteInPlace(_ result: TensorType, over operand: TensorType) -> Bool {
        isElementwise && operand.count == result.count && operand.dtype.itemSize == result.dtype.itemSize
    }
}
