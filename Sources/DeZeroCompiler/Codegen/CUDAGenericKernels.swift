import DeZeroArray

/// The CUDA source of the generic device kernels the eager GPU path and the CUDA executor share:
/// strided copy, fill, reductions and arg-reductions, one `DZ_EXTERN __global__` function per
/// dtype (and kind), all in one module, ``text``. `T` below is the dtype's C type (`float`,
/// `double`, `long long`, `unsigned char` for bool); symbols spell dtypes as the IR does
/// (`f32`, `f64`, `i64`, `bool`).
///
/// Strided views travel as a `dz_layout` by value (see ``layout(shape:strides:)``):
/// ```c
/// typedef struct { int rank; long long shape[8]; long long strides[8]; } dz_layout;
/// ```
/// strides in elements (0 where broadcast), at most ``maxRank`` axes; element `k` of a layout
/// (`k` a C-order index of its shape) is at `offset(layout, k) = Σ index_d(k) * strides[d]`,
/// and a rank-0 layout has the one element at offset 0.
///
/// - `dz_copy_<T>(const T *in, dz_layout layout, T *out, long long n)`: `out[k] =
///   in[offset(layout, k)]` for `k` in `0..<n` (`n` = the product of the layout's shape; `in`
///   already offset to the view's first element): a strided view made contiguous. Any grid
///   (a grid-stride loop over `k`).
/// - `dz_fill_<T>(T *out, T value, long long n)`: `out[k] = value` for `k` in `0..<n`. Any grid.
/// - `dz_reduce_<kind>_<In>_<Out>(const In *in, dz_layout kept, dz_layout reduced, Out *out,
///   long long outputs, long long reducedCount, int splits)`, kind `sum`, `max` or `min`
///   (``reduceSymbol(_:_:)``; ints and bools sum to `i64`, max and min keep the dtype, a NaN
///   wins as in NumPy; bool max is any, min is all): output `o` (in `0..<outputs`, C order of
///   the kept axes) reduces `in[offset(kept, o) + offset(reduced, r)]` for `r` in
///   `0..<reducedCount`, cut into `splits` chunks of `ceil(reducedCount / splits)`; chunk `s`
///   goes to `out[o * splits + s]`. Launch with `gridDim.y == splits`, any `gridDim.x` (a
///   grid-stride loop over outputs), `blockDim.x` a power of two up to ``maxBlockSize`` (256
///   expected), `blockDim.y == blockDim.z == 1`, no dynamic shared memory. A large range reduces
///   in two launches: `splits > 1` into partials `[outputs, splits]`, then
///   `dz_reduce_<kind>_<Out>_<Out>` on them with `kept = {1, {outputs}, {splits}}`,
///   `reduced = {1, {splits}, {1}}`, `splits = 1`. Float sums add in a tree (not NumPy's
///   pairwise order); int sums wrap.
/// - `dz_argreduce_<greater|less>_<T>(const T *in, dz_layout kept, dz_layout reduced,
///   long long *out, long long outputs, long long reducedCount)`: `out[o]` is the index `r` of
///   the first largest (`greater`) or smallest element of output `o`'s range (the first NaN
///   wins, as `np.argmax`); one launch (`gridDim.y == 1`), the block as for reductions.
public enum CUDAGenericKernels {
    /// The most axes a `dz_layout` holds (a caller merges or drops axes beyond it).
    public static let maxRank = 8
    /// The largest `blockDim.x` the reduction kernels accept (their shared arrays' length).
    public static let maxBlockSize = 1024

    /// The dtypes of the kernels, in the order of the module.
    static let dtypes: [DType] = [.float32, .float64, .int64, .bool]

    /// The module: ``CUDAKernelSource/preamble``, `dz_layout` and its offset function, then
    /// every kernel for every dtype.
    public static let text: String = {
        var parts = [CUDAKernelSource.preamble + support]
        for dtype in dtypes {
            parts.append(copy(dtype))
            parts.append(fill(dtype))
            for kind in [ReductionKind.sum, .max, .min] { parts.append(reduce(kind, dtype)) }
            for greater in [true, false] { parts.append(argReduce(greater: greater, dtype)) }
        }
        return parts.joined(separator: "\n")
    }()

    /// `dz_copy_<dtype>`.
    public static func copySymbol(_ dtype: DType) -> String { "dz_copy_\(dtype.irName)" }
    /// `dz_fill_<dtype>`.
    public static func fillSymbol(_ dtype: DType) -> String { "dz_fill_\(dtype.irName)" }
    /// `dz_reduce_<kind>_<dtype>_<result dtype>`.
    public static func reduceSymbol(_ kind: ReductionKind, _ dtype: DType) -> String {
        "dz_reduce_\(kind.rawValue)_\(dtype.irName)_\(reductionDType(kind, dtype).irName)"
    }
    /// `dz_argreduce_greater_<dtype>` (argmax) or `dz_argreduce_less_<dtype>` (argmin).
    public static func argReduceSymbol(greater: Bool, _ dtype: DType) -> String {
        "dz_argreduce_\(greater ? "greater" : "less")_\(dtype.irName)"
    }

    /// The dtype of a `kind` reduction of `dtype` elements: ints and bools sum to int64,
    /// everything else keeps its dtype.
    public static func reductionDType(_ kind: ReductionKind, _ dtype: DType) -> DType {
        kind == .sum && !dtype.isFloatingPoint ? .int64 : dtype
    }

    /// The bytes of a `dz_layout` as 17 little-endian 64-bit words (the rank, then the shape
    /// padded to ``maxRank``, then the strides): what a launcher passes by value.
    public static func layout(shape: [Int], strides: [Int]) -> [Int64] {
        require(
            shape.count <= maxRank && strides.count == shape.count,
            "CUDA kernels: a view of shape \(shape) has more than \(maxRank) axes that cannot merge; make it contiguous first")
        let padding = [Int64](repeating: 0, count: maxRank - shape.count)
        return [Int64(shape.count)] + shape.map(Int64.init) + padding + strides.map(Int64.init) + padding
    }

    /// `dz_layout`, `dz_offset` and the shared arrays' length.
    static let support = """
        #define DZ_MAX_BLOCK \(maxBlockSize)
        typedef struct { int rank; long long shape[\(maxRank)]; long long strides[\(maxRank)]; } dz_layout;
        /* The offset of element k (in C order of the layout's shape). */
        /* The outermost axis needs no division: a rank-1 layout costs one multiplication. */
        static __device__ inline long long dz_offset(const dz_layout *l, long long k) {
            long long offset = 0;
            for (int d = l->rank - 1; d > 0; d--) {
                offset += (k % l->shape[d]) * l->strides[d];
                k /= l->shape[d];
            }
            return l->rank > 0 ? offset + k * l->strides[0] : 0;
        }

        """

    /// The loop over the elements `k` of a grid-stride loop.
    static let elements = "for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < n; k += (long long)blockDim.x * gridDim.x)"

    static func copy(_ dtype: DType) -> String {
        let t = ElementwiseExpression.cType(dtype)
        return """
            DZ_EXTERN __global__ void \(copySymbol(dtype))(const \(t) *__restrict__ in, dz_layout layout, \(t) *__restrict__ out, long long n) {
                \(elements) out[k] = in[dz_offset(&layout, k)];
            }

            """
    }

    static func fill(_ dtype: DType) -> String {
        let t = ElementwiseExpression.cType(dtype)
        return """
            DZ_EXTERN __global__ void \(fillSymbol(dtype))(\(t) *__restrict__ out, \(t) value, long long n) {
                \(elements) out[k] = value;
            }

            """
    }

    /// `a` and `b` combined by `kind` in `dtype` (a NaN in either wins a max or a min).
    static func combine(_ kind: ReductionKind, _ dtype: DType, _ a: String, _ b: String) -> String {
        switch kind {
        case .sum: dtype == .int64 ? "(long long)((unsigned long long)\(a) + (unsigned long long)\(b))" : "\(a) + \(b)"
        case .max: "((\(b) > \(a) || \(b) != \(b)) ? \(b) : \(a))"
        case .min: "((\(b) < \(a) || \(b) != \(b)) ? \(b) : \(a))"
        }
    }

    /// The identity of `kind` in `dtype`: what an empty chunk gives.
    static func identity(_ kind: ReductionKind, _ dtype: DType) -> String {
        switch (kind, dtype) {
        case (.sum, _): ElementwiseExpression.literal(0, dtype)
        case (.max, .int64): "(-9223372036854775807LL - 1)"
        case (.min, .int64): "9223372036854775807LL"
        case (.max, .bool): "0"
        case (.min, .bool): "1"
        case (.max, _): ElementwiseExpression.literal(-.infinity, dtype)
        case (.min, _): ElementwiseExpression.literal(.infinity, dtype)
        }
    }

    /// The head of a block's loop over its outputs `o` and the range `begin..<end` it reduces.
    static let outputs = """
            const long long chunk = (reducedCount + splits - 1) / splits;
            const long long begin = blockIdx.y * chunk;
            const long long end = begin + chunk < reducedCount ? begin + chunk : reducedCount;
            for (long long o = blockIdx.x; o < outputs; o += gridDim.x) {
        """

    static func reduce(_ kind: ReductionKind, _ dtype: DType) -> String {
        let result = reductionDType(kind, dtype)
        let (t, a) = (ElementwiseExpression.cType(dtype), ElementwiseExpression.cType(result))
        let load = ElementwiseExpression.convert("base[dz_offset(&reduced, r)]", from: dtype, to: result)
        return """
            DZ_EXTERN __global__ void \(reduceSymbol(kind, dtype))(const \(t) *__restrict__ in, dz_layout kept, dz_layout reduced, \(a) *__restrict__ out, long long outputs, long long reducedCount, int splits) {
                __shared__ \(a) partial[DZ_MAX_BLOCK];
            \(outputs)
                    const \(t) *base = in + dz_offset(&kept, o);
                    \(a) acc = \(identity(kind, result));
                    for (long long r = begin + threadIdx.x; r < end; r += blockDim.x) {
                        const \(a) x = \(load);
                        acc = \(combine(kind, result, "acc", "x"));
                    }
                    partial[threadIdx.x] = acc;
                    __syncthreads();
                    for (unsigned int w = blockDim.x / 2; w > 0; w /= 2) {
                        if (threadIdx.x < w) {
                            const \(a) p = partial[threadIdx.x], q = partial[threadIdx.x + w];
                            partial[threadIdx.x] = \(combine(kind, result, "p", "q"));
                        }
                        __syncthreads();
                    }
                    if (threadIdx.x == 0) out[o * splits + blockIdx.y] = partial[0];
                    __syncthreads();
                }
            }

            """
    }

    static func argReduce(greater: Bool, _ dtype: DType) -> String {
        let t = ElementwiseExpression.cType(dtype)
        let better = greater ? ">" : "<"
        return """
            DZ_EXTERN __global__ void \(argReduceSymbol(greater: greater, dtype))(const \(t) *__restrict__ in, dz_layout kept, dz_layout reduced, long long *__restrict__ out, long long outputs, long long reducedCount) {
                __shared__ \(t) values[DZ_MAX_BLOCK];
                __shared__ long long indices[DZ_MAX_BLOCK];
                for (long long o = blockIdx.x; o < outputs; o += gridDim.x) {
                    const \(t) *base = in + dz_offset(&kept, o);
                    \(t) best = 0;
                    long long at = -1;
                    for (long long r = threadIdx.x; r < reducedCount; r += blockDim.x) {
                        const \(t) x = base[dz_offset(&reduced, r)];
                        if (at < 0 || (best == best && (x != x || x \(better) best))) { best = x; at = r; }
                    }
                    values[threadIdx.x] = best;
                    indices[threadIdx.x] = at;
                    __syncthreads();
                    for (unsigned int w = blockDim.x / 2; w > 0; w /= 2) {
                        if (threadIdx.x < w) {
                            const \(t) p = values[threadIdx.x], q = values[threadIdx.x + w];
                            const long long i = indices[threadIdx.x], j = indices[threadIdx.x + w];
                            /* q at j wins: p's slot is empty, or q is a NaN (an earlier one), or p is not a NaN and q is better or equal and earlier */
                            const int pNaN = p != p, qNaN = q != q;
                            const int take = j >= 0 && (i < 0 || (qNaN ? (!pNaN || j < i) : (!pNaN && (q \(better) p || (q == p && j < i)))));
                            if (take) { values[threadIdx.x] = q; indices[threadIdx.x] = j; }
                        }
                        __syncthreads();
                    }
                    if (threadIdx.x == 0) out[o] = indices[0] < 0 ? 0 : indices[0];
                    __syncthreads();
                }
            }

            """
    }
}
