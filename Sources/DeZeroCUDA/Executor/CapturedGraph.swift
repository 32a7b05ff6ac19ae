@_spi(Device) import DeZeroArray

/// One run of a program captured as a CUDA graph, with the device buffers it reads and writes:
/// a replay copies the new arguments and bindings into its buffers, launches the graph, and
/// hands out copies of the results and stores (the next replay overwrites the buffers).
final class CapturedGraph: @unchecked Sendable {
    let backend: CUDABackend
    let graph: OpaquePointer?
    let exec: OpaquePointer?
    let arguments: [NDArray]
    let bindings: [NDArray?]
    let results: [NDArray]
    let stores: [(binding: Int, array: NDArray)]
    /// Every value of the captured run: the graph's kernels read and write their buffers.
    let retained: [NDArray]
    /// The temporaries freed during the capture (reduction partials, contiguous copies): the
    /// graph reuses their blocks on every replay, so they go back to the allocator with it.
    let held: [(block: UInt64, byteCount: Int)]

    init(
        backend: CUDABackend, graph: OpaquePointer?, exec: OpaquePointer?, arguments: [NDArray], bindings: [NDArray?],
        results: [NDArray], stores: [(binding: Int, array: NDArray)], retained: [NDArray],
        held: [(block: UInt64, byteCount: Int)]
    ) {
        self.held = held
        self.backend = backend
        self.graph = graph
        self.exec = exec
        self.arguments = arguments
        self.bindings = bindings
        self.results = results
        self.stores = stores
        self.retained = retained
    }

    /// Runs the graph on new arguments and bindings (of the captured shapes).
    func replay(arguments: [NDArray], bindings: [NDArray?]) throws(CUDAError) -> (results: [NDArray], stores: [(binding: Int, array: NDArray)]) {
        for (buffer, x) in zip(self.arguments, arguments) { try backend.copy(x, into: buffer) }
        for (buffer, x) in zip(self.bindings, bindings) {
            if let buffer, let x { try backend.copy(x, into: buffer) }
        }
        try backend.gpu.enter()
        try backend.gpu.driver.launch(graph: exec, backend.gpu.stream)
        return (
            try results.map { (x) throws(CUDAError) in try backend.duplicate(x) },
            try stores.map { (store) throws(CUDAError) in (store.binding, try backend.duplicate(store.array)) })
    }

    deinit {
        try? backend.gpu.synchronize()
        backend.gpu.driver.destroy(graph: graph, exec: exec)
        for (block, bytes) in held { backend.allocator.deallocate(block, byteCount: bytes) }
    }
}
