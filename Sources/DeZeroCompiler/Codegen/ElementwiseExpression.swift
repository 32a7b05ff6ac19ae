import DeZeroArray
import Foundation

/// The C expression of one element of an elementwise primitive, computed as the eager kernels
/// compute it: operands converted to the result's dtype as `astype` converts them, the same
/// IEEE operations in the same order (compiled with `-ffp-contract=off`), libm's `tanf`,
/// `powf`, `sqrtf` where the eager code calls them, NaN rules of `np.maximum`. The one code
/// generator for the CPU's C kernels and CUDA's: operands are C names or loads.
enum ElementwiseExpression {
    /// The C type of an element of `dtype`.
    static func cType(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "float"
        case .float64: "double"
        case .int64: "long long"
        case .bool: "unsigned char"
        }
    }

    /// `expression` (of `from`) converted to `to`.
    static func convert(_ expression: String, from: DType, to: DType) -> String {
        if from == to { return expression }
        if to == .bool { return "((\(expression)) != 0)" }
        return "((\(cType(to)))(\(expression)))"
    }

    /// `value` as an exact C literal of `dtype` (hexadecimal floating point).
    static func literal(_ value: Double, _ dtype: DType) -> String {
        switch dtype {
        case .float32, .float64:
            let cast = dtype == .float32 ? "(float)" : ""
            if value.isNaN { return "\(cast)NAN" }
            if value.isInfinite { return value < 0 ? "\(cast)(-INFINITY)" : "\(cast)INFINITY" }
            return "\(cast)(\(String(format: "%a", value)))"
        case .int64: return "\(Int64(value))LL"
        case .bool: return value != 0 ? "1" : "0"
        }
    }

    /// DeZero's sigmoid of `x` (of `dtype`), `tanh(x * 0.5) * 0.5 + 0.5`, in its two rounded
    /// steps: tanh's argument, and the result given tanh's value `t`.
    static func sigmoid(_ x: String, _ dtype: DType) -> (argument: String, result: (_ t: String) -> String) {
        let half = literal(0.5, dtype)
        return ("(\(x) * \(half))", { t in "(\(t) * \(half) + \(half))" })
    }

    /// The expression of any fusable `op` element by element, the vectorized functions and
    /// `sigmoid` as calls of the math library's scalar functions (`expf`, `tanh`, ...; CUDA's
    /// device functions in CUDA C++), integer operands converted first.
    static func scalarExpression(_ op: ArrayOp, _ operands: [String], _ operandTypes: [DType], result: DType) -> String? {
        let f = result == .float32 ? "f" : ""
        if let function = Elementwise.vectorized(op) {
            return "\(function.rawValue)\(f)(\(convert(operands[0], from: operandTypes[0], to: result)))"
        }
        if case .sigmoid = op {
            let steps = sigmoid(operands[0], result)
            return steps.result("tanh\(f)(\(steps.argument))")
        }
        return expression(op, operands, operandTypes, result: result)
    }

    /// The expression of `op` on `operands` (of `operandTypes`), giving `result`; nil for the
    /// primitives a vectorized kernel computes (``Elementwise/vectorized(_:)``) and `sigmoid`.
    static func expression(_ op: ArrayOp, _ operands: [String], _ operandTypes: [DType], result: DType) -> String? {
        let t = cType(result)
        let f = result == .float32 ? "f" : ""
        func x(_ k: Int) -> String { convert(operands[k], from: operandTypes[k], to: result) }
        switch op {
        case .unary(.tan): return "tan\(f)(\(x(0)))"
        case .unary(.sqrt): return "sqrt\(f)(\(x(0)))"
        case .unary, .sigmoid: return nil
        case .negative: return "(-\(x(0)))"
        case .abs: return "fabs\(f)(\(x(0)))"
        case .sign:
            let v = x(0)
            return "(\(v) > 0 ? (\(t))1 : \(v) < 0 ? (\(t))-1 : \(v) == 0 ? (\(t))0 : \(v))"
        case .binary(let operation):
            let (a, b) = (x(0), x(1))
            if result == .int64, [.add, .subtract, .multiply].contains(operation) {
                // int64 wraps as the eager `&+` does: in unsigned arithmetic (signed overflow is
                // undefined in C). Only the GPU's single-primitive kernels meet integers.
                let symbol = operation == .add ? "+" : operation == .subtract ? "-" : "*"
                return "((long long)((unsigned long long)(\(a)) \(symbol) (unsigned long long)(\(b))))"
            }
            switch operation {
            case .add: return "(\(a) + \(b))"
            case .subtract: return "(\(a) - \(b))"
            case .multiply: return "(\(a) * \(b))"
            case .divide: return "(\(a) / \(b))"
            case .power: return "(\(b) == (\(t))2 ? \(a) * \(a) : pow\(f)(\(a), \(b)))"
            case .maximum: return "((\(a) > \(b) || \(a) != \(a)) ? \(a) : \(b))"
            case .minimum: return "((\(a) < \(b) || \(a) != \(a)) ? \(a) : \(b))"
            }
        case .compare(let comparison):
            let (a, b) = (operands[0], operands[1])  // one dtype (Elementwise.isFusable)
            let symbol = switch comparison {
            case .equal: "=="
            case .notEqual: "!="
            case .less: "<"
            case .lessEqual: "<="
            case .greater: ">"
            case .greaterEqual: ">="
            }
            return "(\(a) \(symbol) \(b))"
        case .select:
            return "(\(operands[0]) ? \(x(1)) : \(x(2)))"
        case .cast, .broadcast:
            return x(0)
        case .full(_, let value, _):
            return literal(value, result)
        default:
            return nil
        }
    }
}
