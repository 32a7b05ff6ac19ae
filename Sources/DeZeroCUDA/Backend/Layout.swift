/// A strided view as the generic kernels take it by value (`dz_layout`: rank, then shape and
/// strides in elements, 8 axes at most).
struct Layout {
    var rank: Int32 = 0
    var shape: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)
    var strides: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The most axes a layout holds.
    static let maxRank = 8

    /// The layout of a view, its axes merged where one stride steps over the next axis whole
    /// and its length-1 axes dropped (the same elements in the same C order, cheaper offsets).
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
        self.init(exactShape: mergedShape, strides: mergedStrides)
    }

    /// The layout of exactly these axes.
    init(exactShape shape: [Int], strides: [Int]) {
        precondition(shape.count <= Layout.maxRank, "Layout: \(shape.count) axes, the GPU kernels take at most \(Layout.maxRank)")
        rank = Int32(shape.count)
        withUnsafeMutableBytes(of: &self.shape) { raw in
            for (k, d) in shape.enumerated() { raw.storeBytes(of: Int64(d), toByteOffset: 8 * k, as: Int64.self) }
        }
        withUnsafeMutableBytes(of: &self.strides) { raw in
            for (k, s) in strides.enumerated() { raw.storeBytes(of: Int64(s), toByteOffset: 8 * k, as: Int64.self) }
        }
    }
}
