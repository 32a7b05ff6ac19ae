@_spi(Device) import DeZeroArray
import DeZeroCompiler

extension CUDABackend {
    /// Threads per block of the reductions (a power of two: the tree halves it).
    static let reductionThreads = 256

    /// `sum`, `max` or `min` over `axes` (all when nil): one block per output element; a long
    /// reduction into few outputs is split over more blocks and their partial results reduced
    /// by a second launch.
    func reduce(_ kind: ReductionKind, _ x: NDArray, axes: [Int]?, result: TensorType) throws(CUDAError) -> NDArray {
        let reducedAxes = Set((axes ?? Array(0..<x.ndim)).map { $0 < 0 ? $0 + x.ndim : $0 })
        let kept = (0..<x.ndim).filter { !reducedAxes.contains($0) }
        let reduced = (0..<x.ndim).filter { reducedAxes.contains($0) }
        let outputs = kept.reduce(1) { $0 * x.shape[$1] }
        let count = reduced.reduce(1) { $0 * x.shape[$1] }
        let out = NDArray.empty(result, on: device)
        guard outputs > 0 else { return out }
        let keptLayout = Layout(shape: kept.map { x.shape[$0] }, strides: kept.map { x.strides[$0] })
        let reducedLayout = Layout(shape: reduced.map { x.shape[$0] }, strides: reduced.map { x.strides[$0] })
        let symbol = { (input: DType) in CUDAGenericKernels.reduceSymbol(kind, input) }
        // Enough blocks to fill the GPU when the outputs alone do not.
        let splits = outputs >= gpu.multiprocessors * 2 ? 1 : max(1, min(count / (CUDABackend.reductionThreads * 32), 1024))
        if splits == 1 {
            try launchReduction(symbol(x.dtype), x, keptLayout, reducedLayout, out, outputs: outputs, count: count, splits: 1)
            return out
        }
        let partials = NDArray.empty(TensorType(result.dtype, [outputs * splits]), on: device)
        try launchReduction(symbol(x.dtype), x, keptLayout, reducedLayout, partials, outputs: outputs, count: count, splits: splits)
        try launchReduction(
            symbol(result.dtype), partials, Layout(shape: [outputs], strides: [splits]), Layout(shape: [splits], strides: [1]),
            out, outputs: outputs, count: splits, splits: 1)
        return out
    }

    private func launchReduction(
        _ symbol: String, _ x: NDArray, _ kept: Layout, _ reduced: Layout, _ out: NDArray, outputs: Int, count: Int, splits: Int
    ) throws(CUDAError) {
        let function = try gpu.function(symbol, module: "generic", source: CUDAGenericKernels.text)
        let arguments = LaunchArguments()
        arguments.append(x.address)
        arguments.append(kept)
        arguments.append(reduced)
        arguments.append(out.address)
        arguments.append(Int64(outputs))
        arguments.append(Int64(count))
        arguments.append(Int32(splits))
        try launch(function, blocks: min(outputs, 65535 * 16), splits: splits, threads: CUDABackend.reductionThreads, arguments, keeping: (x, out))
    }

    /// `argmax` (`greater`) or `argmin` over `axis` (the flattened array when nil).
    func argReduce(greater: Bool, _ x: NDArray, axis: Int?, result: TensorType) throws(CUDAError) -> NDArray {
        let reduced = axis.map { [$0 < 0 ? $0 + x.ndim : $0] } ?? Array(0..<x.ndim)
        let kept = (0..<x.ndim).filter { !reduced.contains($0) }
        let outputs = kept.reduce(1) { $0 * x.shape[$1] }
        let count = reduced.reduce(1) { $0 * x.shape[$1] }
        let out = NDArray.empty(result, on: device)
        guard outputs > 0 else { return out }
        let function = try gpu.function(CUDAGenericKernels.argReduceSymbol(greater: greater, x.dtype), module: "generic", source: CUDAGenericKernels.text)
        let arguments = LaunchArguments()
        arguments.append(x.address)
        arguments.append(Layout(shape: kept.map { x.shape[$0] }, strides: kept.map { x.strides[$0] }))
        arguments.append(Layout(shape: reduced.map { x.shape[$0] }, strides: reduced.map { x.strides[$0] }))
        arguments.append(out.address)
        arguments.append(Int64(outputs))
        arguments.append(Int64(count))
        try launch(function, blocks: min(outputs, 65535 * 16), threads: CUDABackend.reductionThreads, arguments, keeping: x)
        return out
    }
}
