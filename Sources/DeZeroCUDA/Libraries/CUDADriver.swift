import Synchronization

/// The CUDA driver API (libcuda), loaded with dlopen; only the `_v2` entry points where there are
/// several. Each wrapper throws ``CUDAError/driver(call:code:name:)`` when the call fails.
final class CUDADriver: Sendable {
    typealias Result = Int32
    typealias Pointer = UInt64  // CUdeviceptr

    private typealias Init = @convention(c) (UInt32) -> Result
    private typealias IntOut = @convention(c) (UnsafeMutablePointer<Int32>) -> Result
    private typealias DeviceGet = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Result
    private typealias Attribute = @convention(c) (UnsafeMutablePointer<Int32>, Int32, Int32) -> Result
    private typealias Name = @convention(c) (UnsafeMutablePointer<CChar>, Int32, Int32) -> Result
    private typealias Retain = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, Int32) -> Result
    private typealias Handle = @convention(c) (OpaquePointer?) -> Result
    private typealias Void0 = @convention(c) () -> Result
    private typealias Alloc = @convention(c) (UnsafeMutablePointer<Pointer>, Int) -> Result
    private typealias Free = @convention(c) (Pointer) -> Result
    private typealias HtoD = @convention(c) (Pointer, UnsafeRawPointer?, Int, OpaquePointer?) -> Result
    private typealias DtoH = @convention(c) (UnsafeMutableRawPointer?, Pointer, Int, OpaquePointer?) -> Result
    private typealias DtoD = @convention(c) (Pointer, Pointer, Int, OpaquePointer?) -> Result
    private typealias MemInfo = @convention(c) (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>) -> Result
    private typealias LoadData = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, UnsafeRawPointer) -> Result
    private typealias GetFunction = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, OpaquePointer?, UnsafePointer<CChar>) -> Result
    private typealias Launch = @convention(c) (
        OpaquePointer?, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, OpaquePointer?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Result
    private typealias StreamCreate = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, UInt32) -> Result
    private typealias EventCreate = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, UInt32) -> Result
    private typealias EventRecord = @convention(c) (OpaquePointer?, OpaquePointer?) -> Result
    private typealias Elapsed = @convention(c) (UnsafeMutablePointer<Float>, OpaquePointer?, OpaquePointer?) -> Result
    private typealias BeginCapture = @convention(c) (OpaquePointer?, Int32) -> Result
    private typealias EndCapture = @convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>) -> Result
    private typealias Instantiate = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, OpaquePointer?, UInt64) -> Result
    private typealias GraphLaunch = @convention(c) (OpaquePointer?, OpaquePointer?) -> Result
    private typealias ErrorName = @convention(c) (Result, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Result

    /// The library it was loaded from.
    let path: String
    private let library: DynamicLibrary
    private let cuInit: Init, cuDriverGetVersion: IntOut, cuDeviceGetCount: IntOut, cuDeviceGet: DeviceGet
    private let cuDeviceGetAttribute: Attribute, cuDeviceGetName: Name
    private let cuDevicePrimaryCtxRetain: Retain, cuCtxSetCurrent: Handle, cuCtxSynchronize: Void0
    private let cuMemAlloc: Alloc, cuMemFree: Free, cuMemGetInfo: MemInfo
    private let cuMemcpyHtoDAsync: HtoD, cuMemcpyDtoHAsync: DtoH, cuMemcpyDtoDAsync: DtoD
    private let cuModuleLoadData: LoadData, cuModuleGetFunction: GetFunction, cuLaunchKernel: Launch
    private let cuStreamCreate: StreamCreate, cuStreamSynchronize: Handle
    private let cuEventDestroy: Handle
    private let cuEventCreate: EventCreate, cuEventRecord: EventRecord, cuEventSynchronize: Handle, cuEventElapsedTime: Elapsed
    private let cuStreamBeginCapture: BeginCapture, cuStreamEndCapture: EndCapture
    private let cuGraphInstantiate: Instantiate, cuGraphLaunch: GraphLaunch, cuGraphExecDestroy: Handle, cuGraphDestroy: Handle
    private let cuGetErrorName: ErrorName

    /// Loads libcuda from `DEZERO_CUDA_LIBRARY`, the loader's paths or the driver's folders and
    /// initializes it.
    init() throws(CUDAError) {
        let library = try DynamicLibrary("libcuda", candidates: LibrarySearch.candidates(
            variable: "DEZERO_CUDA_LIBRARY", sonames: ["libcuda.so.1", "libcuda.so"], stem: "libcuda.so"))
        self.library = library
        path = library.path
        func f<T>(_ name: String, _ type: T.Type) throws(CUDAError) -> T { try library.function(name, as: type) }
        cuInit = try f("cuInit", Init.self)
        cuDriverGetVersion = try f("cuDriverGetVersion", IntOut.self)
        cuDeviceGetCount = try f("cuDeviceGetCount", IntOut.self)
        cuDeviceGet = try f("cuDeviceGet", DeviceGet.self)
        cuDeviceGetAttribute = try f("cuDeviceGetAttribute", Attribute.self)
        cuDeviceGetName = try f("cuDeviceGetName", Name.self)
        cuDevicePrimaryCtxRetain = try f("cuDevicePrimaryCtxRetain", Retain.self)
        cuCtxSetCurrent = try f("cuCtxSetCurrent", Handle.self)
        cuCtxSynchronize = try f("cuCtxSynchronize", Void0.self)
        cuMemAlloc = try f("cuMemAlloc_v2", Alloc.self)
        cuMemFree = try f("cuMemFree_v2", Free.self)
        cuMemGetInfo = try f("cuMemGetInfo_v2", MemInfo.self)
        cuMemcpyHtoDAsync = try f("cuMemcpyHtoDAsync_v2", HtoD.self)
        cuMemcpyDtoHAsync = try f("cuMemcpyDtoHAsync_v2", DtoH.self)
        cuMemcpyDtoDAsync = try f("cuMemcpyDtoDAsync_v2", DtoD.self)
        cuModuleLoadData = try f("cuModuleLoadData", LoadData.self)
        cuModuleGetFunction = try f("cuModuleGetFunction", GetFunction.self)
        cuLaunchKernel = try f("cuLaunchKernel", Launch.self)
        cuStreamCreate = try f("cuStreamCreate", StreamCreate.self)
        cuStreamSynchronize = try f("cuStreamSynchronize", Handle.self)
        cuEventCreate = try f("cuEventCreate", EventCreate.self)
        cuEventRecord = try f("cuEventRecord", EventRecord.self)
        cuEventDestroy = try f("cuEventDestroy_v2", Handle.self)
        cuEventSynchronize = try f("cuEventSynchronize", Handle.self)
        cuEventElapsedTime = try f("cuEventElapsedTime", Elapsed.self)
        cuStreamBeginCapture = try f("cuStreamBeginCapture_v2", BeginCapture.self)
        cuStreamEndCapture = try f("cuStreamEndCapture", EndCapture.self)
        cuGraphInstantiate = try f("cuGraphInstantiateWithFlags", Instantiate.self)
        cuGraphLaunch = try f("cuGraphLaunch", GraphLaunch.self)
        cuGraphExecDestroy = try f("cuGraphExecDestroy", Handle.self)
        cuGraphDestroy = try f("cuGraphDestroy", Handle.self)
        cuGetErrorName = try f("cuGetErrorName", ErrorName.self)
        try check(cuInit(0), "cuInit")
    }

    /// Throws when `result` is not CUDA_SUCCESS.
    func check(_ result: Result, _ call: String) throws(CUDAError) {
        guard result != 0 else { return }
        var name: UnsafePointer<CChar>?
        let known = cuGetErrorName(result, &name) == 0 && name != nil
        throw .driver(call: call, code: result, name: known ? String(cString: name!) : "CUDA error")
    }

    // MARK: Devices and contexts

    var driverVersion: Int { var v: Int32 = 0; _ = cuDriverGetVersion(&v); return Int(v) }

    func deviceCount() throws(CUDAError) -> Int {
        var n: Int32 = 0
        try check(cuDeviceGetCount(&n), "cuDeviceGetCount")
        return Int(n)
    }

    func device(_ ordinal: Int) throws(CUDAError) -> Int32 {
        var d: Int32 = 0
        try check(cuDeviceGet(&d, Int32(ordinal)), "cuDeviceGet")
        return d
    }

    func attribute(_ attribute: Int32, of device: Int32) throws(CUDAError) -> Int {
        var v: Int32 = 0
        try check(cuDeviceGetAttribute(&v, attribute, device), "cuDeviceGetAttribute")
        return Int(v)
    }

    func name(of device: Int32) -> String {
        var bytes = [CChar](repeating: 0, count: 256)
        guard cuDeviceGetName(&bytes, 256, device) == 0 else { return "unknown" }
        return String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func primaryContext(_ device: Int32) throws(CUDAError) -> OpaquePointer? {
        var context: OpaquePointer?
        try check(cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain")
        return context
    }

    func setCurrent(_ context: OpaquePointer?) throws(CUDAError) { try check(cuCtxSetCurrent(context), "cuCtxSetCurrent") }
    func synchronize() throws(CUDAError) { try check(cuCtxSynchronize(), "cuCtxSynchronize") }

    // MARK: Memory

    func allocate(_ byteCount: Int) throws(CUDAError) -> Pointer {
        var p: Pointer = 0
        try check(cuMemAlloc(&p, Swift.max(byteCount, 1)), "cuMemAlloc_v2(\(byteCount) bytes)")
        return p
    }
    func free(_ p: Pointer) throws(CUDAError) { try check(cuMemFree(p), "cuMemFree_v2") }
    func memoryInfo() throws(CUDAError) -> (free: Int, total: Int) {
        var free = 0, total = 0
        try check(cuMemGetInfo(&free, &total), "cuMemGetInfo_v2")
        return (free, total)
    }
    func copy(_ destination: Pointer, fromHost source: UnsafeRawPointer, _ n: Int, _ stream: OpaquePointer?) throws(CUDAError) {
        try check(cuMemcpyHtoDAsync(destination, source, n, stream), "cuMemcpyHtoDAsync_v2")
    }
    func copy(toHost destination: UnsafeMutableRawPointer, _ source: Pointer, _ n: Int, _ stream: OpaquePointer?) throws(CUDAError) {
        try check(cuMemcpyDtoHAsync(destination, source, n, stream), "cuMemcpyDtoHAsync_v2")
    }
    func copy(_ destination: Pointer, _ source: Pointer, _ n: Int, _ stream: OpaquePointer?) throws(CUDAError) {
        try check(cuMemcpyDtoDAsync(destination, source, n, stream), "cuMemcpyDtoDAsync_v2")
    }

    // MARK: Modules and launches

    func loadModule(_ image: [UInt8]) throws(CUDAError) -> OpaquePointer? {
        var module: OpaquePointer?
        let result = image.withUnsafeBytes { cuModuleLoadData(&module, $0.baseAddress!) }
        try check(result, "cuModuleLoadData")
        return module
    }

    func function(_ module: OpaquePointer?, _ name: String) throws(CUDAError) -> OpaquePointer? {
        var function: OpaquePointer?
        try check(cuModuleGetFunction(&function, module, name), "cuModuleGetFunction(\(name))")
        return function
    }

    func launch(
        _ function: OpaquePointer?, grid: (UInt32, UInt32), block: UInt32, sharedBytes: UInt32 = 0,
        stream: OpaquePointer?, parameters: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) throws(CUDAError) {
        try check(cuLaunchKernel(function, grid.0, grid.1, 1, block, 1, 1, sharedBytes, stream, parameters, nil), "cuLaunchKernel")
    }

    // MARK: Streams, events, graphs

    func createStream() throws(CUDAError) -> OpaquePointer? {
        var s: OpaquePointer?
        try check(cuStreamCreate(&s, 1), "cuStreamCreate")  // CU_STREAM_NON_BLOCKING
        return s
    }
    func synchronize(_ stream: OpaquePointer?) throws(CUDAError) { try check(cuStreamSynchronize(stream), "cuStreamSynchronize") }

    func createEvent() throws(CUDAError) -> OpaquePointer? {
        var e: OpaquePointer?
        try check(cuEventCreate(&e, 0), "cuEventCreate")
        return e
    }
    func destroy(event: OpaquePointer?) { _ = cuEventDestroy(event) }
    func record(_ event: OpaquePointer?, _ stream: OpaquePointer?) throws(CUDAError) { try check(cuEventRecord(event, stream), "cuEventRecord") }
    /// Milliseconds between two recorded events (waits for the second).
    func elapsed(_ start: OpaquePointer?, _ end: OpaquePointer?) throws(CUDAError) -> Double {
        try check(cuEventSynchronize(end), "cuEventSynchronize")
        var ms: Float = 0
        try check(cuEventElapsedTime(&ms, start, end), "cuEventElapsedTime")
        return Double(ms)
    }

    func beginCapture(_ stream: OpaquePointer?) throws(CUDAError) {
        try check(cuStreamBeginCapture(stream, 2), "cuStreamBeginCapture_v2")  // CU_STREAM_CAPTURE_MODE_RELAXED
    }
    func endCapture(_ stream: OpaquePointer?) throws(CUDAError) -> OpaquePointer? {
        var graph: OpaquePointer?
        try check(cuStreamEndCapture(stream, &graph), "cuStreamEndCapture")
        return graph
    }
    func instantiate(_ graph: OpaquePointer?) throws(CUDAError) -> OpaquePointer? {
        var exec: OpaquePointer?
        try check(cuGraphInstantiate(&exec, graph, 0), "cuGraphInstantiateWithFlags")
        return exec
    }
    func launch(graph exec: OpaquePointer?, _ stream: OpaquePointer?) throws(CUDAError) { try check(cuGraphLaunch(exec, stream), "cuGraphLaunch") }
    func destroy(graph: OpaquePointer?, exec: OpaquePointer?) {
        _ = cuGraphExecDestroy(exec)
        _ = cuGraphDestroy(graph)
    }

    private static let loaded = Mutex<Swift.Result<CUDADriver, CUDAError>?>(nil)

    /// The process's driver, loaded and initialized on first use (a failure is remembered).
    static func shared() throws(CUDAError) -> CUDADriver {
        let result = loaded.withLock { state -> Swift.Result<CUDADriver, CUDAError> in
            if let state { return state }
            let result: Swift.Result<CUDADriver, CUDAError>
            do throws(CUDAError) { result = .success(try CUDADriver()) } catch { result = .failure(error) }
            state = result
            return result
        }
        return try result.get()
    }
}
