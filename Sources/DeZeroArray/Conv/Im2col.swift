/// The output length of a convolution along one axis: DeZero's `get_conv_outsize`,
/// `(inputSize + 2 * pad - kernelSize) // stride + 1` (Python's floor division).
public func getConvOutsize(inputSize: Int, kernelSize: Int, stride: Int, pad: Int) -> Int {
    require(stride > 0, "get_conv_outsize: stride must be positive, got \(stride)")
    return Im2colLayout.floorDiv(inputSize + 2 * pad - kernelSize, stride) + 1
}

/// The output length of a transposed convolution along one axis: DeZero's
/// `get_deconv_outsize`, `stride * (inputSize - 1) + kernelSize - 2 * pad`.
public func getDeconvOutsize(inputSize: Int, kernelSize: Int, stride: Int, pad: Int) -> Int {
    stride * (inputSize - 1) + kernelSize - 2 * pad
}

/// Unfolds the patches a 2-D convolution reads into columns: DeZero's `im2col_array`.
///
/// `img` has shape `(N, C, H, W)`. With `OH = getConvOutsize(H, KH, SH, PH)` (likewise `OW`),
/// the result holds, for every image `n`, channel `c`, kernel position `(j, i)` and output
/// position `(oh, ow)`, the input pixel `(j + SH * oh - PH, i + SW * ow - PW)`, or 0 where that
/// falls in the zero padding. Its layout is DeZero's:
/// - `toMatrix == false`: shape `(N, C, KH, KW, OH, OW)`;
/// - `toMatrix == true`: that array transposed to `(N, OH, OW, C, KH, KW)` and reshaped to
///   `(N * OH * OW, C * KH * KW)`, ready to multiply by the reshaped kernel.
///
/// The result is a new contiguous array of `img`'s dtype.
public func im2col(
    _ img: NDArray, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), pad: (Int, Int) = (0, 0),
    toMatrix: Bool = true
) -> NDArray {
    if Tracing.intercepts {
        let op = ArrayOp.im2col(kernel: .init(kernelSize.0, kernelSize.1), stride: .init(stride.0, stride.1), pad: .init(pad.0, pad.1), toMatrix: toMatrix)
        if let result = Tracing.intercept(op, [img]) { return result }
    }
    require(img.ndim == 4, "im2col: expected an (N, C, H, W) image, got shape \(img.shape)")
    let g = Im2colLayout(
        imageShape: img.shape, kernelSize: kernelSize, stride: stride, pad: pad, in: "im2col")
    let shape = toMatrix ? [g.n * g.oh * g.ow, g.c * g.kh * g.kw] : [g.n, g.c, g.kh, g.kw, g.oh, g.ow]
    var out = NDArray(uninitializedShape: shape, dtype: img.dtype, device: img.device)
    let src = img.contiguous()
    switch img.dtype {
    case .float32: g.unfold(src, into: &out, toMatrix: toMatrix, Float.self, zero: 0)
    case .float64: g.unfold(src, into: &out, toMatrix: toMatrix, Double.self, zero: 0)
    case .int64: g.unfold(src, into: &out, toMatrix: toMatrix, Int64.self, zero: 0)
    case .bool: g.unfold(src, into: &out, toMatrix: toMatrix, Bool.self, zero: false)
    }
    return out
}

/// Folds columns back into an image, adding overlapping patches: DeZero's `col2im_array`, the
/// adjoint of ``im2col(_:kernelSize:stride:pad:toMatrix:)``.
///
/// `col` is laid out as `im2col` lays it out for an image of `imageShape` `(N, C, H, W)`:
/// `(N, C, KH, KW, OH, OW)`, or `(N * OH * OW, C * KH * KW)` when `toMatrix` is true. Every
/// column element is added to the pixel it was read from; elements that came from the zero
/// padding are dropped. Each pixel sums its contributions in the order DeZero's CPU code does
/// (kernel row, then kernel column), so results match it bit for bit. The result is a new
/// contiguous `(N, C, H, W)` array of `col`'s dtype (`bool` is not supported).
public func col2im(
    _ col: NDArray, imageShape: [Int], kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
    pad: (Int, Int) = (0, 0), toMatrix: Bool = true
) -> NDArray {
    if Tracing.intercepts {
        let op = ArrayOp.col2im(
            imageShape: imageShape, kernel: .init(kernelSize.0, kernelSize.1), stride: .init(stride.0, stride.1),
            pad: .init(pad.0, pad.1), toMatrix: toMatrix)
        if let result = Tracing.intercept(op, [col]) { return result }
    }
    require(imageShape.count == 4, "col2im: expected an (N, C, H, W) image shape, got \(imageShape)")
    let g = Im2colLayout(
        imageShape: imageShape, kernelSize: kernelSize, stride: stride, pad: pad, in: "col2im")
    let expected = toMatrix ? [g.n * g.oh * g.ow, g.c * g.kh * g.kw] : [g.n, g.c, g.kh, g.kw, g.oh, g.ow]
    require(
        col.shape == expected || (toMatrix && col.size == expected[0] * expected[1]),
        "col2im: columns of shape \(col.shape) do not match image shape \(imageShape) with kernel \(kernelSize), stride \(stride), pad \(pad) (expected \(expected))")
    var out = NDArray.zeros(imageShape, dtype: col.dtype)
    // Columns are read in place when their axes group into (image, kernel position, output
    // position) with one stride each, as a transposed product's are; else from a C-order copy.
    let src = toMatrix ? col.contiguous() : (g.foldStrides(col) == nil ? col.contiguous() : col)
    let strides = toMatrix ? (g.c * g.kh * g.kw * g.oh * g.ow, 1, g.c * g.kh * g.kw) : g.foldStrides(src)!
    switch col.dtype {
    case .float32: g.fold(src, strides: strides, into: &out, Float.self)
    case .float64: g.fold(src, strides: strides, into: &out, Double.self)
    case .int64: g.fold(src, strides: strides, into: &out, Int64.self)
    case .bool: misuse("col2im: bool columns are not supported")
    }
    return out
}

/// The sizes of one im2col / col2im problem and the loops over them.
struct Im2colLayout {
    let n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow: Int

    init(imageShape: [Int], kernelSize: (Int, Int), stride: (Int, Int), pad: (Int, Int), in function: String) {
        (n, c, h, w) = (imageShape[0], imageShape[1], imageShape[2], imageShape[3])
        (kh, kw) = kernelSize
        (sh, sw) = stride
        (ph, pw) = pad
        require(kh > 0 && kw > 0, "\(function): kernel size must be positive, got \(kernelSize)")
        require(sh > 0 && sw > 0, "\(function): stride must be positive, got \(stride)")
        require(ph >= 0 && pw >= 0, "\(function): pad must not be negative, got \(pad)")
        oh = getConvOutsize(inputSize: h, kernelSize: kh, stride: sh, pad: ph)
        ow = getConvOutsize(inputSize: w, kernelSize: kw, stride: sw, pad: pw)
        require(
            oh > 0 && ow > 0,
            "\(function): kernel \(kernelSize) with pad \(pad) does not fit an image of shape \(imageShape)")
    }

    /// Python's `a // b` for a positive `b`.
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The output columns `lo..<hi` whose input column `i + sw * o - pw` lies inside the image.
    func validOutputColumns(kernelColumn i: Int) -> (lo: Int, hi: Int) {
        let lo = Swift.min(ow, Swift.max(0, -Im2colLayout.floorDiv(i - pw, sw)))
        let hi = Swift.min(ow, Im2colLayout.floorDiv(w - 1 + pw - i, sw) + 1)
        return (lo, Swift.max(lo, hi))
    }

    /// im2col: reads the contiguous image `img` into the contiguous `out`.
    ///
    /// Each image is unfolded into its `(C, KH, KW, OH, OW)` block, where every output row is a
    /// (strided) run of one input row; for the matrix layout that block is unfolded into a
    /// scratch buffer that stays in cache and transposed into the image's `(OH * OW, C * KH * KW)`
    /// rows.
    func unfold<T: NDElement>(_ img: NDArray, into out: inout NDArray, toMatrix: Bool, _: T.Type, zero: T) {
        let src = img.base(T.self), dst = out.base(T.self)
        let block = c * kh * kw * oh * ow
        withExtendedLifetime(img) {
            if toMatrix {
                let scratch = UnsafeMutablePointer<T>.allocate(capacity: block)
                defer { scratch.deallocate() }
                for b in 0..<n {
                    unfoldImage(src + b * c * h * w, into: scratch, zero: zero)
                    Im2colLayout.transpose(scratch, rows: c * kh * kw, columns: oh * ow, into: dst + b * block)
                }
            } else {
                for b in 0..<n {
                    unfoldImage(src + b * c * h * w, into: dst + b * block, zero: zero)
                }
            }
        }
    }

    /// Unfolds one `(C, H, W)` image into its `(C, KH, KW, OH, OW)` block.
    private func unfoldImage<T>(_ image: UnsafeMutablePointer<T>, into dst: UnsafeMutablePointer<T>, zero: T) {
        for ch in 0..<c {
            let plane = image + ch * h * w
            for j in 0..<kh {
                for i in 0..<kw {
                    let out = dst + ((ch * kh + j) * kw + i) * oh * ow
                    let (lo, hi) = validOutputColumns(kernelColumn: i)
                    for y in 0..<oh {
                        let r = out + y * ow
                        let yy = j + sh * y - ph
                        if yy < 0 || yy >= h {
                            r.update(repeating: zero, count: ow)
                            continue
                        }
                        let line = plane + yy * w + i - pw
                        for x in 0..<lo { r[x] = zero }
                        if sw == 1 {
                            for x in lo..<hi { r[x] = line[x] }
                        } else {
                            for x in lo..<hi { r[x] = line[x * sw] }
                        }
                        for x in hi..<ow { r[x] = zero }
                    }
                }
            }
        }
    }

    /// The strides (image, kernel position, output position) of `(N, C, KH, KW, OH, OW)`
    /// columns whose (C, KH, KW) and (OH, OW) axes each step as one, else nil.
    func foldStrides(_ col: NDArray) -> (image: Int, kernel: Int, position: Int)? {
        let s = col.strides
        guard s[1] == s[2] * kh || c == 1, s[2] == s[3] * kw || kh == 1, s[4] == s[5] * ow || oh == 1 else { return nil }
        return (s[0], s[3], s[5])
    }

    /// col2im: adds the columns `col` into the zeroed contiguous image `out`; element
    /// (image b, kernel position (c, j, i), output position (oh, ow)) sits at
    /// `b * image + ((c * KH + j) * KW + i) * kernel + (oh * OW + ow) * position`.
    ///
    /// The kernel row and column are the outer loops, so each pixel adds its contributions in
    /// DeZero's order. Strided layouts (the matrix layout, a transposed product) are read in
    /// place (measured faster than copying them first).
    func fold<T: NDElement & AdditiveArithmetic>(
        _ col: NDArray, strides: (image: Int, kernel: Int, position: Int), into out: inout NDArray, _: T.Type
    ) {
        let src = col.base(T.self), dst = out.base(T.self)
        withExtendedLifetime(col) {
            for b in 0..<n {
                foldImage(
                    src + b * strides.image, kernelStride: strides.kernel, positionStride: strides.position,
                    into: dst + b * c * h * w)
            }
        }
    }

    /// Adds one image's columns into its `(C, H, W)` image.
    private func foldImage<T: AdditiveArithmetic>(
        _ block: UnsafeMutablePointer<T>, kernelStride: Int, positionStride: Int,
        into image: UnsafeMutablePointer<T>
    ) {
        for ch in 0..<c {
            let plane = image + ch * h * w
            for j in 0..<kh {
                for i in 0..<kw {
                    let src = block + ((ch * kh + j) * kw + i) * kernelStride
                    let (lo, hi) = validOutputColumns(kernelColumn: i)
                    for y in 0..<oh {
                        let yy = j + sh * y - ph
                        if yy < 0 || yy >= h { continue }
                        let line = plane + yy * w + i - pw
                        let r = src + y * ow * positionStride
                        if sw == 1 && positionStride == 1 {
                            for x in lo..<hi { line[x] += r[x] }
                        } else {
                            for x in lo..<hi { line[x * sw] += r[x * positionStride] }
                        }
                    }
                }
            }
        }
    }

    /// Writes the transpose of the row-major `rows x columns` matrix `src` into `dst`, in tiles
    /// so both sides stay in cache.
    static func transpose<T>(_ src: UnsafeMutablePointer<T>, rows: Int, columns: Int, into dst: UnsafeMutablePointer<T>) {
        let tile = 32
        for r0 in stride(from: 0, to: rows, by: tile) {
            let r1 = Swift.min(r0 + tile, rows)
            for c0 in stride(from: 0, to: columns, by: tile) {
                let c1 = Swift.min(c0 + tile, columns)
                for col in c0..<c1 {
                    let out = dst + col * rows
                    for row in r0..<r1 { out[row] = src[row * columns + col] }
                }
            }
        }
    }
}
