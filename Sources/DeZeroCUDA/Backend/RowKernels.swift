@_spi(Device) import DeZeroArray
import DeZeroCompiler

/// The CUDA source of the row primitives of a classifier's loss, per float dtype: softmax and
/// logsumexp along the last axis of a C-contiguous array (one block per row, a shared-memory
/// tree for the maximum and the sum), and the gathers of advanced indexing that softmax cross
/// entropy uses (`x[t]` rows, `x[i, t]` pairs). Gathers wrap out-of-range indices, as CuPy does.
enum RowKernels {
    /// Threads per block (a power of two).
    static let threads = 256

    static let text: String = CUDAKernelSource.preamble + [DType.float32, .float64].map(kernels).joined(separator: "\n")

    static func softmaxSymbol(_ dtype: DType) -> String { "dz_softmax_rows_\(dtype.irName)" }
    static func logsumexpSymbol(_ dtype: DType) -> String { "dz_logsumexp_rows_\(dtype.irName)" }
    static func gatherRowsSymbol(_ dtype: DType) -> String { "dz_gather_rows_\(dtype.irName)" }
    static func gatherPairsSymbol(_ dtype: DType) -> String { "dz_gather_pairs_\(dtype.irName)" }

    private static func kernels(_ dtype: DType) -> String {
        let t = dtype == .float32 ? "float" : "double", f = dtype == .float32 ? "f" : ""
        let reduce = { (op: String) in
            """
                    shared[threadIdx.x] = acc;
                    __syncthreads();
                    for (unsigned int w = blockDim.x / 2; w > 0; w /= 2) {
                        if (threadIdx.x < w) { const \(t) p = shared[threadIdx.x], q = shared[threadIdx.x + w]; shared[threadIdx.x] = \(op); }
                        __syncthreads();
                    }
            """
        }
        let rowMaxAndSum = """
                    const \(t) *x = in + row * width;
                    \(t) acc = -INFINITY;
                    for (long long j = threadIdx.x; j < width; j += blockDim.x) { const \(t) v = x[j]; acc = (v > acc || v != v) ? v : acc; }
            \(reduce("(q > p || q != q) ? q : p"))
                    const \(t) m = shared[0];
                    __syncthreads();
                    acc = 0;
                    for (long long j = threadIdx.x; j < width; j += blockDim.x) acc += exp\(f)(x[j] - m);
            \(reduce("p + q"))
                    const \(t) s = shared[0];
                    __syncthreads();
            """
        return """
            DZ_EXTERN __global__ void \(softmaxSymbol(dtype))(const \(t) *__restrict__ in, \(t) *__restrict__ out, long long rows, long long width) {
                __shared__ \(t) shared[\(threads)];
                for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
            \(rowMaxAndSum)
                    for (long long j = threadIdx.x; j < width; j += blockDim.x) out[row * width + j] = exp\(f)(x[j] - m) / s;
                }
            }

            DZ_EXTERN __global__ void \(logsumexpSymbol(dtype))(const \(t) *__restrict__ in, \(t) *__restrict__ out, long long rows, long long width) {
                __shared__ \(t) shared[\(threads)];
                for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
            \(rowMaxAndSum)
                    if (threadIdx.x == 0) out[row] = log\(f)(s) + m;
                }
            }

            DZ_EXTERN __global__ void \(gatherRowsSymbol(dtype))(const \(t) *__restrict__ in, const long long *__restrict__ index, \(t) *__restrict__ out, long long n, long long rows, long long width) {
                for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < n; k += (long long)blockDim.x * gridDim.x) {
                    long long r = index[k / width] % rows;
                    if (r < 0) r += rows;
                    out[k] = in[r * width + k % width];
                }
            }

            DZ_EXTERN __global__ void \(gatherPairsSymbol(dtype))(const \(t) *__restrict__ in, const long long *__restrict__ first, const long long *__restrict__ second, \(t) *__restrict__ out, long long n, long long rows, long long width) {
                for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < n; k += (long long)blockDim.x * gridDim.x) {
                    long long r = first[k] % rows, c = second[k] % width;
                    if (r < 0) r += rows;
                    if (c < 0) c += width;
                    out[k] = in[r * width + c];
                }
            }

            """
    }
}

extension CUDABackend {
    /// softmax or logsumexp along the last axis of a float array, on the device; nil when the
    /// primitive is another shape of these (the host computes it).
    func rows(_ op: ArrayOp, _ x: NDArray, result: TensorType) throws(CUDAError) -> NDArray? {
        let axis: Int
        switch op {
        case .softmax(let a), .logsumexp(let a, _): axis = a < 0 ? a + x.ndim : a
        default: return nil
        }
        guard x.dtype.isFloatingPoint, x.ndim > 0, axis == x.ndim - 1, x.size > 0 else { return nil }
        let input = x.isContiguous ? x : try contiguousCopy(x)
        let width = x.shape[axis], rows = x.size / width
        let out = NDArray.empty(result, on: device)
        let symbol = if case .softmax = op { RowKernels.softmaxSymbol(x.dtype) } else { RowKernels.logsumexpSymbol(x.dtype) }
        let function = try gpu.function(symbol, module: "rows", source: RowKernels.text)
        let arguments = LaunchArguments()
        arguments.append(input.address)
        arguments.append(out.address)
        arguments.append(Int64(rows))
        arguments.append(Int64(width))
        try launch(function, blocks: min(rows, 65535), threads: RowKernels.threads, arguments, keeping: input)
        return out
    }

    /// `x[t]` (rows of `x` by the integer array `t`) and `x[i, t]` (elements of a matrix by two
    /// integer arrays of one shape), on the device; nil for other indexing.
    func gather(_ items: [IndexTemplate], _ inputs: [NDArray], result: TensorType) throws(CUDAError) -> NDArray? {
        let x = inputs[0], indices = Array(inputs.dropFirst())
        guard x.dtype.isFloatingPoint, x.ndim >= 1, x.size > 0, indices.allSatisfy({ $0.dtype == .int64 }),
            items.allSatisfy({ if case .array = $0 { true } else { false } })
        else { return nil }
        let pairs = items.count == 2 && x.ndim == 2 && indices[0].shape == indices[1].shape
        guard items.count == 1 || pairs else { return nil }
        let input = x.isContiguous ? x : try contiguousCopy(x)
        let index = try indices.map { (i) throws(CUDAError) -> NDArray in
            let d = i.device == device ? i : i.to(device)
            return d.isContiguous ? d : try contiguousCopy(d)
        }
        let out = NDArray.empty(result, on: device)
        guard result.count > 0 else { return out }
        let rows = x.shape[0], width = x.size / rows
        let symbol = pairs ? RowKernels.gatherPairsSymbol(x.dtype) : RowKernels.gatherRowsSymbol(x.dtype)
        let function = try gpu.function(symbol, module: "rows", source: RowKernels.text)
        let arguments = LaunchArguments()
        arguments.append(input.address)
        for i in index { arguments.append(i.address) }
        arguments.append(out.address)
        arguments.append(Int64(result.count))
        arguments.append(Int64(rows))
        arguments.append(Int64(width))
        try launch(function, blocks: blocks(result.count), threads: CUDABackend.threads, arguments, keeping: (input, index))
        return out
    }
}
