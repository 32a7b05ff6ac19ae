import DeZeroCompiler

/// A strided view as the generic kernels take it by value: the bytes of a `dz_layout`
/// (``DeZeroCompiler/CUDAGenericKernels/layout(shape:strides:)``), its axes merged where one
/// stride steps over the next axis whole and its length-1 axes dropped (the same elements in
/// the same C order, cheaper offsets).
struct Layout {
    /// The 17 words of the `dz_layout`.
    let words: [Int64]

    init(shape: [Int], strides: [Int]) {
        var mergedShape: [Int] = [], mergedStrides: [Int] = []
        for (d, s) in zip(shape, strides) where d != 1 {
            if let last = mergedStrides.last, last == s * d {
                mergedShape[mergedShape.count - 1] *= d
                mergedStrides[mergedStrides.count - 1] = s
            } else {
                mergedShape.append(d)
                mergedStrides.append(s)
            }
        }
        words = CUDAGenericKernels.layout(shape: mergedShape, strides: mergedStrides)
    }
}
