import CKernels

/// Vectorized elementwise math and NumPy-order sums over raw buffers: thin wrappers over the
/// `CKernels` C target.
///
/// The C kernels are branch-free polynomial approximations (range reduction, polynomial,
/// exponent rebuilt with integer bit operations) on 256-bit vectors, compiled twice: a
/// portable build and an AVX2+FMA build picked at run time on x86-64. Every function is within
/// 2 ulp of the correctly rounded result (1.5 at most measured; `Float` checked on all 2^32
/// inputs, `Double` on random ones; the table is in `CKernels.h`, the checks in
/// `VectorMathTests`), in both variants; special values (NaN, ±inf, ±0, overflow, underflow)
/// behave like glibc's libm and NumPy.
///
/// Unary functions read `count` elements from `x` and write `count` to `y`. `x` and `y` may be
/// the same buffer (in place) but must not overlap otherwise. Strides are in elements and may
/// be zero or negative; the pointers then address the first element visited. Contiguous
/// buffers (both strides 1) take the fast path; strided ones are copied through a small stack
/// buffer in blocks.
enum VectorMath {
    /// An elementwise function the kernels compute.
    enum Function: Sendable, CaseIterable {
        /// e^x. Overflows to `inf` above about 88.72 (`Float`) / 709.78 (`Double`), goes
        /// subnormal, then `0`, below.
        case exp
        /// The natural logarithm: `-inf` at ±0, NaN for negative inputs, `inf` at `inf`.
        case log
        /// The hyperbolic tangent: ±1 at ±`inf`, keeps the sign of zero.
        case tanh
        /// The sine (argument in radians); NaN at ±`inf`. Lanes with |x| above the vector range
        /// reduction's limit (71476 for `Float`, 2^26 for `Double`) are computed by libm.
        case sin
        /// The cosine (argument in radians); NaN at ±`inf`. Large |x| as for `sin`.
        case cos
        /// The logistic function `1 / (1 + exp(-x))`, evaluated accurately rather than with that
        /// expression's three roundings (so it can differ from NumPy's `1 / (1 + np.exp(-x))` by
        /// an ulp or so, and for `Float` stays nonzero down to about -103 where the expression
        /// gives `0` below -88.7). DeZero's `sigmoid` is another formula (`tanh`-based).
        case sigmoid

        /// The C operation code.
        var op: ck_unary_op {
            switch self {
            case .exp: CK_UNARY_EXP
            case .log: CK_UNARY_LOG
            case .tanh: CK_UNARY_TANH
            case .sin: CK_UNARY_SIN
            case .cos: CK_UNARY_COS
            case .sigmoid: CK_UNARY_SIGMOID
            }
        }
    }

    /// A compiled variant of the kernels.
    enum Variant: Sendable, CaseIterable {
        /// The variant chosen for this machine at run time.
        case automatic
        /// The portable build (baseline instruction set of the target).
        case portable
        /// The x86-64 AVX2+FMA build.
        case avx2FMA

        /// The C variant code.
        var isa: ck_isa {
            switch self {
            case .automatic: CK_ISA_AUTO
            case .portable: CK_ISA_PORTABLE
            case .avx2FMA: CK_ISA_AVX2_FMA
            }
        }

        /// Whether this variant can run on this machine.
        var isAvailable: Bool { ck_isa_available(isa) != 0 }

        /// The variant `.automatic` resolves to on this machine.
        static var selected: Variant {
            switch ck_isa_selected() {
            case CK_ISA_AVX2_FMA: .avx2FMA
            default: .portable
            }
        }
    }

    /// NumPy 1.23's default ufunc buffer size: `np.sum` reduces a 1-D array in runs this long.
    static let numpyBufferSize = 8192

    // MARK: Entry points

    /// Applies `function` to `count` contiguous elements with an explicit kernel `variant`.
    ///
    /// - Returns: `false` (and writes nothing) when `variant` cannot run on this machine.
    @discardableResult
    static func apply<T: VectorMathElement>(
        _ function: Function, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int, variant: Variant
    ) -> Bool {
        require(count >= 0, "negative count")
        return T.ckUnary(function.op, variant.isa, x, y, count) != 0
    }

    /// `y[i * yStride] = function(x[i * xStride])` for `i` in `0..<count`.
    static func apply<T: VectorMathElement>(
        _ function: Function, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>,
        count: Int, xStride: Int = 1, yStride: Int = 1
    ) {
        require(count >= 0, "negative count")
        if xStride == 1 && yStride == 1 {
            T.ckUnary(function.op, CK_ISA_AUTO, x, y, count)
        } else {
            T.ckUnaryStrided(function.op, x, xStride, y, yStride, count)
        }
    }

    // MARK: Sums

    /// NumPy's `pairwise_sum` of `x[0], x[stride], ..., x[(count - 1) * stride]`, bit for bit,
    /// in `T` arithmetic.
    ///
    /// The order: below 8 elements a plain loop from `+0`; up to 128 eight accumulators
    /// combined as `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))`, then the remainder; above that the
    /// sums of the halves split at `count / 2` rounded down to a multiple of 8. Contiguous
    /// input is vectorized (the eight accumulators are one vector).
    static func pairwiseSum<T: VectorMathElement>(_ x: UnsafePointer<T>, count: Int, stride: Int = 1) -> T {
        require(count >= 0, "negative count")
        return T.ckPairwiseSum(x, count, stride)
    }

    /// `np.sum` of a 1-D array, bit for bit: `+0`, plus the `pairwiseSum` of each run of
    /// `runLength` elements in turn.
    ///
    /// NumPy 1.23 (the peer environment) reduces in runs of its buffer size, 8192 by default,
    /// so the default here matches it; NumPy 2.x sums a contiguous array in one run: pass
    /// `runLength: nil` for that.
    static func numpySum<T: VectorMathElement>(
        _ x: UnsafePointer<T>, count: Int, stride: Int = 1, runLength: Int? = numpyBufferSize
    ) -> T {
        require(count >= 0, "negative count")
        require((runLength ?? 1) > 0, "runLength must be positive")
        return T.ckNumpySum(x, count, stride, runLength ?? 0)
    }
}

/// `Float` and `Double`: the element types of the kernels, each with its C entry points (what
/// lets ``VectorMath`` and the array code above it be generic over the two).
protocol VectorMathElement: NDFloat {
    /// `ck_unary_f32_isa` / `ck_unary_f64_isa`.
    static func ckUnary(_ op: ck_unary_op, _ isa: ck_isa, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) -> Int32
    /// `ck_unary_f32_strided` / `ck_unary_f64_strided`.
    static func ckUnaryStrided(_ op: ck_unary_op, _ x: UnsafePointer<Self>, _ incx: Int, _ y: UnsafeMutablePointer<Self>, _ incy: Int, _ n: Int)
    /// `ck_pairwise_sum_f32` / `ck_pairwise_sum_f64`.
    static func ckPairwiseSum(_ x: UnsafePointer<Self>, _ n: Int, _ inc: Int) -> Self
    /// `ck_numpy_sum_f32` / `ck_numpy_sum_f64`.
    static func ckNumpySum(_ x: UnsafePointer<Self>, _ n: Int, _ inc: Int, _ block: Int) -> Self
}

extension Float: VectorMathElement {
    static func ckUnary(_ op: ck_unary_op, _ isa: ck_isa, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) -> Int32 {
        ck_unary_f32_isa(op, isa, x, y, n)
    }
    static func ckUnaryStrided(_ op: ck_unary_op, _ x: UnsafePointer<Float>, _ incx: Int, _ y: UnsafeMutablePointer<Float>, _ incy: Int, _ n: Int) {
        ck_unary_f32_strided(op, x, incx, y, incy, n)
    }
    static func ckPairwiseSum(_ x: UnsafePointer<Float>, _ n: Int, _ inc: Int) -> Float { ck_pairwise_sum_f32(x, n, inc) }
    static func ckNumpySum(_ x: UnsafePointer<Float>, _ n: Int, _ inc: Int, _ block: Int) -> Float {
        ck_numpy_sum_f32(x, n, inc, block)
    }
}

extension Double: VectorMathElement {
    static func ckUnary(_ op: ck_unary_op, _ isa: ck_isa, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) -> Int32 {
        ck_unary_f64_isa(op, isa, x, y, n)
    }
    static func ckUnaryStrided(_ op: ck_unary_op, _ x: UnsafePointer<Double>, _ incx: Int, _ y: UnsafeMutablePointer<Double>, _ incy: Int, _ n: Int) {
        ck_unary_f64_strided(op, x, incx, y, incy, n)
    }
    static func ckPairwiseSum(_ x: UnsafePointer<Double>, _ n: Int, _ inc: Int) -> Double { ck_pairwise_sum_f64(x, n, inc) }
    static func ckNumpySum(_ x: UnsafePointer<Double>, _ n: Int, _ inc: Int, _ block: Int) -> Double {
        ck_numpy_sum_f64(x, n, inc, block)
    }
}
