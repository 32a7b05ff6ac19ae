import DeZeroArray

/// The C source of a fused kernel, numexpr's way: the iteration space (the kernel's shape,
/// flattened) runs in blocks of ``blockSize`` elements; within a block, runs of C expressions
/// are computed element by element into locals, and exp, log, tanh, sin and cos run as the
/// eager vectorized kernels over the whole block (called through a table of function
/// pointers, so the generated code uses the very same functions and gives the same bits).
///
/// ```c
/// void dz_k0(const void *const *in, void *const *out, long start, long end, const dz_math *m)
/// ```
/// computes elements `start..<end` (a multiple of ``blockSize`` apart, so that two threads can
/// split the work) reading the inputs (C-contiguous, each of its own shape broadcast to the
/// kernel's) and writing the outputs (C-contiguous, the kernel's shape).
struct KernelSource {
    /// Elements per block: the block arrays of a kernel stay in the L1 cache.
    static let blockSize = 256

    /// The code shared by every kernel of a module: the math table.
    static let preamble = """
        #include <math.h>
        #include <stddef.h>
        typedef struct dz_math {
            void (*unary_f32)(int op, const float *x, float *y, size_t n);
            void (*unary_f64)(int op, const double *x, double *y, size_t n);
        } dz_math;
        #define DZ_BLOCK \(blockSize)

        """

    /// The C function's name.
    let symbol: String
    /// The function's text.
    let text: String
    /// The number of elements of the iteration space.
    let count: Int

    /// A named quantity of the generated code: a body value, an input, or a temporary.
    private struct Name {
        var dtype: DType
        /// The segment that computes it (-1 for inputs).
        var segment: Int
        /// Whether a block array holds it (read in a later segment or by a vectorized kernel).
        var inBlock = false
        /// Whether a vectorized kernel writes it (straight into its block array).
        var byCall = false
    }

    /// One step of the lowered body.
    private enum Step {
        /// `name = expression` in the segment's loop (the expression reads `reads`).
        case compute(name: String, expression: String, reads: [String])
        /// A vectorized kernel from `source`'s block to `destination`'s, between segments.
        case call(function: UnaryOperation, source: String, destination: String)
    }

    /// The source of `kernel`, whose inputs have `inputTypes` (in ``FusedKernel/inputs`` order).
    init(_ kernel: FusedKernel, inputTypes: [TensorType]) {
        symbol = "dz_\(kernel.name)"
        var names: [String: Name] = [:]
        var type: [Value: TensorType] = [:]
        let inputs = kernel.inputs
        for (v, t) in zip(inputs, inputTypes) { type[v] = t }
        for i in kernel.body { type[i.result!] = i.type! }
        let shape = kernel.body[0].type!.shape
        count = shape.reduce(1, *)

        // Inputs: how element `i` of the iteration space reads each.
        var loads: [String: String] = [:]
        var prologue: [String] = []
        for (k, v) in inputs.enumerated() {
            let t = type[v]!, c = ElementwiseExpression.cType(t.dtype)
            prologue.append("    const \(c) *i\(k) = (const \(c) *)in[\(k)];")
            let name = "v\(v.id)"
            names[name] = Name(dtype: t.dtype, segment: -1)
            if t.count == 1 {
                prologue.append("    const \(c) \(name)s = i\(k)[0];")
                loads[name] = "\(name)s"
            } else {
                loads[name] = "i\(k)[\(KernelSource.index(of: t.shape, in: shape))]"
            }
        }

        // The body lowered to expressions and vectorized calls, cut into segments at each call.
        var steps: [Step] = []
        var segment = 0
        for i in kernel.body {
            guard case .array(let op) = i.operation else { continue }
            let name = "v\(i.result!.id)", dtype = i.type!.dtype
            let operandNames = i.operands.map { "v\($0.id)" }
            let operandTypes = i.operands.map { type[$0]!.dtype }
            if let f = Elementwise.vectorized(op) {
                var source = operandNames[0]
                if operandTypes[0] != dtype {  // an integer operand: converted first
                    source = name + "c"
                    names[source] = Name(dtype: dtype, segment: segment)
                    steps.append(.compute(name: source, expression: ElementwiseExpression.convert(operandNames[0], from: operandTypes[0], to: dtype), reads: [operandNames[0]]))
                }
                steps.append(.call(function: f, source: source, destination: name))
                segment += 1
                names[name] = Name(dtype: dtype, segment: segment, byCall: true)
            } else if case .sigmoid = op {
                // each step rounded as the eager kernel rounds it
                let sigmoid = ElementwiseExpression.sigmoid(operandNames[0], dtype)
                names[name + "h"] = Name(dtype: dtype, segment: segment)
                steps.append(.compute(name: name + "h", expression: sigmoid.argument, reads: [operandNames[0]]))
                steps.append(.call(function: .tanh, source: name + "h", destination: name + "t"))
                segment += 1
                names[name + "t"] = Name(dtype: dtype, segment: segment, byCall: true)
                names[name] = Name(dtype: dtype, segment: segment)
                steps.append(.compute(name: name, expression: sigmoid.result(name + "t"), reads: [name + "t"]))
            } else {
                let expression = ElementwiseExpression.expression(op, operandNames, operandTypes, result: dtype)!
                names[name] = Name(dtype: dtype, segment: segment)
                steps.append(.compute(name: name, expression: expression, reads: operandNames))
            }
        }
        let lastSegment = segment
        let outputs = kernel.outputs.map { "v\($0.id)" }

        // Which names need block arrays: read in another segment, or read by a call (inputs
        // read by a call are copied into one unless contiguous at the kernel's shape).
        func markRead(_ name: String, inSegment s: Int) {
            guard let n = names[name], n.segment >= 0, n.segment != s else { return }
            names[name]!.inBlock = true
        }
        segment = 0
        for step in steps {
            switch step {
            case .compute(_, _, let reads): for r in reads { markRead(r, inSegment: segment) }
            case .call(_, let source, let destination):
                if names[source]!.segment >= 0 { names[source]!.inBlock = true }
                names[destination]!.inBlock = true
                segment += 1
            }
        }
        for o in outputs { markRead(o, inSegment: lastSegment) }

        // The text.
        var lines = ["void \(symbol)(const void *const *in, void *const *out, long start, long end, const dz_math *m) {"]
        lines += prologue
        for (k, o) in outputs.enumerated() {
            let c = ElementwiseExpression.cType(names[o]!.dtype)
            lines.append("    \(c) *o\(k) = (\(c) *)out[\(k)];")
        }
        lines.append("    for (long b = start; b < end; b += DZ_BLOCK) {")
        lines.append("        const long n = end - b < DZ_BLOCK ? end - b : DZ_BLOCK;")
        for (name, n) in names.sorted(by: { $0.key < $1.key }) where n.inBlock {
            lines.append("        \(ElementwiseExpression.cType(n.dtype)) \(name)b[DZ_BLOCK];")
        }
        /// How segment `s` reads `name`.
        func read(_ name: String, _ s: Int) -> String {
            let n = names[name]!
            if n.segment < 0 { return loads[name]! }
            return n.segment == s && !n.byCall ? name : "\(name)b[j]"
        }
        var loop: [String] = []
        func openLoop() { loop = [] }
        func closeLoop() {
            guard !loop.isEmpty else { return }
            lines.append("        for (long j = 0; j < n; j++) {")
            lines.append("            const long i = b + j; (void)i;")
            lines += loop
            lines.append("        }")
        }
        segment = 0
        openLoop()
        for step in steps {
            switch step {
            case .compute(let name, var expression, let reads):
                for r in Set(reads) { expression = KernelSource.substitute(r, with: read(r, segment), in: expression) }
                let c = ElementwiseExpression.cType(names[name]!.dtype)
                loop.append("            const \(c) \(name) = \(expression);")
                if names[name]!.inBlock { loop.append("            \(name)b[j] = \(name);") }
            case .call(let function, let source, let destination):
                closeLoop()
                openLoop()
                let suffix = names[source]!.dtype == .float32 ? "f32" : "f64"
                let op = ["exp": 0, "log": 1, "tanh": 2, "sin": 3, "cos": 4][function.rawValue]!
                if names[source]!.segment < 0 {
                    let k = inputs.firstIndex { "v\($0.id)" == source }!
                    if type[inputs[k]]!.shape == shape {
                        lines.append("        m->unary_\(suffix)(\(op), i\(k) + b, \(destination)b, (size_t)n);")
                    } else {
                        let c = ElementwiseExpression.cType(names[source]!.dtype)
                        lines.append("        \(c) \(source)b[DZ_BLOCK];")
                        lines.append("        for (long j = 0; j < n; j++) { const long i = b + j; (void)i; \(source)b[j] = \(loads[source]!); }")
                        lines.append("        m->unary_\(suffix)(\(op), \(source)b, \(destination)b, (size_t)n);")
                    }
                } else {
                    lines.append("        m->unary_\(suffix)(\(op), \(source)b, \(destination)b, (size_t)n);")
                }
                segment += 1
            }
        }
        for (k, o) in outputs.enumerated() { loop.append("            o\(k)[i] = \(read(o, lastSegment));") }
        closeLoop()
        lines.append("    }")
        lines.append("}")
        text = lines.joined(separator: "\n") + "\n"
    }

    /// `name` replaced by `replacement` where it stands as a whole C identifier in `expression`.
    static func substitute(_ name: String, with replacement: String, in expression: String) -> String {
        guard name != replacement else { return expression }
        var result = "", rest = Substring(expression)
        while let range = rest.range(of: name) {
            let before = rest[..<range.lowerBound].last, after = rest[range.upperBound...].first
            let isWhole = !(before.map(isIdentifier) ?? false) && !(after.map(isIdentifier) ?? false)
            result += rest[..<range.lowerBound] + (isWhole ? replacement : name)
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    private static func isIdentifier(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The C index expression, in terms of the flat index `i` of `shape`, of the element of an
    /// input of shape `input` (broadcast to `shape`, NumPy's rules) that element `i` reads.
    static func index(of input: [Int], in shape: [Int]) -> String {
        if input == shape { return "i" }
        let rank = shape.count, lead = rank - input.count
        var inner = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { inner[d] = inner[d + 1] * shape[d + 1] }
        var strides = [Int](repeating: 0, count: rank)  // the input's C-order strides, 0 where broadcast
        var step = 1
        for d in stride(from: rank - 1, through: lead, by: -1) {
            let length = input[d - lead]
            strides[d] = length == 1 ? 0 : step
            step *= length
        }
        // Runs of axes the input does not broadcast merge into one term.
        var terms: [String] = []
        var d = 0
        while d < rank {
            guard strides[d] != 0 && shape[d] > 1 else { d += 1; continue }
            var e = d, span = shape[d]
            while e + 1 < rank && strides[e + 1] != 0 && shape[e + 1] > 1 && strides[e] == strides[e + 1] * shape[e + 1] {
                e += 1
                span *= shape[e]
            }
            var term = inner[e] == 1 ? "i" : "(i / \(inner[e]))"
            if inner[e] * span < inner[0] * shape[0] { term = "(\(term) % \(span))" }
            if strides[e] != 1 { term += " * \(strides[e])" }
            terms.append(term)
            d = e + 1
        }
        return terms.isEmpty ? "0" : terms.joined(separator: " + ")
    }
}
