/// Converting elements stored in Fortran (column-major) order, as `.npy` files with
/// `'fortran_order': True` hold them, into our C (row-major) order.
enum FortranOrder {
    /// Copies the elements of an array shaped `shape`, laid out in Fortran order at `source`,
    /// into C order at `destination`. Both buffers hold `shape.product * itemSize` bytes.
    static func toCOrder(
        _ source: UnsafeRawPointer, into destination: UnsafeMutableRawPointer, shape: [Int], itemSize: Int
    ) {
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        // In Fortran order the first axis varies fastest.
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in shape.indices.dropFirst() { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        switch itemSize {
        case 1: copy(UInt8.self, source, destination, shape, fortranStrides)
        case 2: copy(UInt16.self, source, destination, shape, fortranStrides)
        case 4: copy(UInt32.self, source, destination, shape, fortranStrides)
        case 8: copy(UInt64.self, source, destination, shape, fortranStrides)
        default: misuse("FortranOrder.toCOrder: unexpected item size \(itemSize)")
        }
    }

    /// Walks the destination in C order with an odometer over `shape`, tracking the source offset.
    private static func copy<T>(
        _: T.Type, _ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer, _ shape: [Int],
        _ strides: [Int]
    ) {
        let src = source.assumingMemoryBound(to: T.self)
        let dst = destination.assumingMemoryBound(to: T.self)
        guard let last = shape.indices.last else {
            dst[0] = src[0]
            return
        }
        let inner = shape[last]
        let innerStride = strides[last]
        var index = [Int](repeating: 0, count: shape.count)
        var sourceOffset = 0
        var out = 0
        let total = shape.reduce(1, *)
        while out < total {
            var s = sourceOffset
            for _ in 0..<inner {
                dst[out] = src[s]
                s += innerStride
                out += 1
            }
            // Advance the outer axes.
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                sourceOffset += strides[axis]
                if index[axis] < shape[axis] { break }
                sourceOffset -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
