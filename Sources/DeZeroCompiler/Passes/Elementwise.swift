import DeZeroArray

/// Which instructions a fused kernel can hold: elementwise primitives whose every element the
/// code generator computes exactly as the eager kernels do (``ElementwiseExpression``).
///
/// Float results only (f32, f64), from float, int64 or bool operands converted as `astype`
/// converts them; comparisons of two operands of one float dtype; `where` with float branches;
/// `astype` between floats and from int64 or bool to a float; `broadcast_to` (an indexed read);
/// `full`. Integer arithmetic and casts to integers stay outside (their overflow and trapping
/// rules are Swift's).
package enum Elementwise {
    /// Whether `op` with operands of `operandTypes` giving `result` can join a fused kernel.
    package static func isFusable(_ op: ArrayOp, operands operandTypes: [TensorType], result: TensorType) -> Bool {
        let float = result.dtype.isFloatingPoint
        switch op {
        case .unary, .negative, .abs, .sign, .binary, .broadcast, .full:
            return float
        case .sigmoid:
            // a 0-d float32 operand computes in float64 (NumPy 1.x's promotion), as a cast would
            return float && operandTypes[0].dtype == result.dtype
        case .compare:
            return operandTypes[0].dtype == operandTypes[1].dtype && operandTypes[0].dtype.isFloatingPoint
        case .select:
            return float && operandTypes[0].dtype == .bool
        case .cast(let dtype):
            return dtype.isFloatingPoint
        default:
            return false
        }
    }

    /// The primitives computed by a vectorized kernel over a block (exp, log, tanh, sin, cos),
    /// rather than by a C expression per element.
    static func vectorized(_ op: ArrayOp) -> UnaryOperation? {
        if case .unary(let f) = op, f != .tan && f != .sqrt { return f }
        return nil
    }
}
