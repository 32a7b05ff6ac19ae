import DeZeroArray
import DeZeroCompiler

/// The CUDA source of im2col and col2im (DeZero's `im2col_array` and `col2im_array`) per float
/// dtype, with the layouts of ``DeZeroArray/im2col(_:kernelSize:stride:pad:toMatrix:)``:
/// columns `(N, C, KH, KW, OH, OW)`, or `(N·OH·OW, C·KH·KW)` as a matrix.
///
/// - `dz_im2col_<T>(const T *img, T *col, dz_conv g, int matrix)`: one thread per column
///   element, reading its pixel or the zero padding.
/// - `dz_col2im_<T>(const T *col, T *img, dz_conv g, int matrix)`: one thread per pixel, adding
///   the columns it was read into, kernel row then kernel column, as the CPU code adds them
///   (so no atomics, and the same order).
enum ConvolutionKernels {
    /// The sizes of one problem, by value (`dz_conv`, twelve `long long`s).
    struct Geometry {
        var n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow: Int64
    }

    static let text: String = CUDAKernelSource.preamble + """
        typedef struct { long long n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow; } dz_conv;

        """ + [DType.float32, .float64].map(kernels).joined(separator: "\n")

    static func im2colSymbol(_ dtype: DType) -> String { "dz_im2col_\(dtype.irName)" }
    static func col2imSymbol(_ dtype: DType) -> String { "dz_col2im_\(dtype.irName)" }

    private static func kernels(_ dtype: DType) -> String {
        let t = dtype == .float32 ? "float" : "double"
        return """
            DZ_EXTERN __global__ void \(im2colSymbol(dtype))(const \(t) *__restrict__ img, \(t) *__restrict__ col, dz_conv g, int matrix) {
                const long long count = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
                for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < count; k += (long long)blockDim.x * gridDim.x) {
                    long long b, ch, j, i, y, x, r = k;
                    if (matrix) {  /* (N, OH, OW, C, KH, KW) */
                        i = r % g.kw; r /= g.kw; j = r % g.kh; r /= g.kh; ch = r % g.c; r /= g.c;
                        x = r % g.ow; r /= g.ow; y = r % g.oh; b = r / g.oh;
                    } else {  /* (N, C, KH, KW, OH, OW) */
                        x = r % g.ow; r /= g.ow; y = r % g.oh; r /= g.oh; i = r % g.kw; r /= g.kw;
                        j = r % g.kh; r /= g.kh; ch = r % g.c; b = r / g.c;
                    }
                    const long long yy = j + g.sh * y - g.ph, xx = i + g.sw * x - g.pw;
                    col[k] = (yy >= 0 && yy < g.h && xx >= 0 && xx < g.w) ? img[((b * g.c + ch) * g.h + yy) * g.w + xx] : (\(t))0;
                }
            }

            DZ_EXTERN __global__ void \(col2imSymbol(dtype))(const \(t) *__restrict__ col, \(t) *__restrict__ img, dz_conv g, int matrix) {
                const long long count = g.n * g.c * g.h * g.w;
                for (long long k = blockIdx.x * (long long)blockDim.x + threadIdx.x; k < count; k += (long long)blockDim.x * gridDim.x) {
                    const long long xx = k % g.w, yy = (k / g.w) % g.h, ch = (k / (g.w * g.h)) % g.c, b = k / (g.w * g.h * g.c);
                    \(t) sum = 0;
                    for (long long j = 0; j < g.kh; j++) {
                        const long long dy = yy + g.ph - j;
                        if (dy < 0 || dy % g.sh != 0 || dy / g.sh >= g.oh) continue;
                        const long long y = dy / g.sh;
                        for (long long i = 0; i < g.kw; i++) {
                            const long long dx = xx + g.pw - i;
                            if (dx < 0 || dx % g.sw != 0 || dx / g.sw >= g.ow) continue;
                            const long long x = dx / g.sw;
                            const long long at = matrix
                                ? ((b * g.oh + y) * g.ow + x) * (g.c * g.kh * g.kw) + (ch * g.kh + j) * g.kw + i
                                : ((((b * g.c + ch) * g.kh + j) * g.kw + i) * g.oh + y) * g.ow + x;
                            sum += col[at];
                        }
                    }
                    img[k] = sum;
                }
            }

            """
    }
}

extension CUDABackend {
    /// im2col or col2im of a float array on the device; nil for other dtypes (the host does them).
    func convolution(_ op: ArrayOp, _ x: NDArray, result: TensorType) throws(CUDAError) -> NDArray? {
        guard x.dtype.isFloatingPoint, result.count > 0 else { return nil }
        let image: [Int], kernel: ArrayOp.Pair, stride: ArrayOp.Pair, pad: ArrayOp.Pair, matrix: Bool, symbol: String
        switch op {
        case .im2col(let k, let s, let p, let m):
            (image, kernel, stride, pad, matrix, symbol) = (x.shape, k, s, p, m, ConvolutionKernels.im2colSymbol(x.dtype))
        case .col2im(let shape, let k, let s, let p, let m):
            (image, kernel, stride, pad, matrix, symbol) = (shape, k, s, p, m, ConvolutionKernels.col2imSymbol(x.dtype))
        default:
            return nil
        }
        guard image.count == 4 else { return nil }
        let outH = getConvOutsize(inputSize: image[2], kernelSize: kernel.first, stride: stride.first, pad: pad.first)
        let outW = getConvOutsize(inputSize: image[3], kernelSize: kernel.second, stride: stride.second, pad: pad.second)
        let geometry = ConvolutionKernels.Geometry(
            n: Int64(image[0]), c: Int64(image[1]), h: Int64(image[2]), w: Int64(image[3]),
            kh: Int64(kernel.first), kw: Int64(kernel.second), sh: Int64(stride.first), sw: Int64(stride.second),
            ph: Int64(pad.first), pw: Int64(pad.second), oh: Int64(outH), ow: Int64(outW))
        let input = x.isContiguous ? x : try contiguousCopy(x)
        let out = NDArray.empty(result, on: device)
        let function = try gpu.function(symbol, module: "convolution", source: ConvolutionKernels.text)
        let arguments = LaunchArguments()
        arguments.append(input.address)
        arguments.append(out.address)
        arguments.append(geometry)
        arguments.append(Int32(matrix ? 1 : 0))
        try launch(function, blocks: blocks(result.count), threads: CUDABackend.threads, arguments, keeping: input)
        return out
    }
}
