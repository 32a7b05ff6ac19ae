/// An n-dimensional array with a run-time dtype: our NumPy `ndarray`.
///
/// `NDArray` is a copy-on-write value. Views (reshape, transpose, broadcast, slicing) share the
/// storage and differ only in `shape`, `strides` and `offset`; mutating an array that shares its
/// storage copies it first, so a view never changes behind another array's back.
/// Strides are counted in elements, not bytes.
public struct NDArray: Sendable {
    /// The buffer this array views.
    @usableFromInline nonisolated(unsafe) var storage: Storage
    /// The element type.
    public private(set) var dtype: DType
    /// The length of each axis.
    public private(set) var shape: [Int]
    /// The distance, in elements, between neighbours along each axis (0 for broadcast axes).
    public private(set) var strides: [Int]
    /// The index of element `[0, 0, ...]` in the storage, in elements.
    @usableFromInline var offset: Int

    /// Wraps an existing storage as a view.
    @usableFromInline
    init(storage: Storage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// A new C-contiguous array whose elements are not initialized; callers fill every element.
    @usableFromInline
    init(uninitializedShape shape: [Int], dtype: DType, device: Device = .cpu) {
        for d in shape {
            require(d >= 0, "NDArray: negative dimension in shape \(shape)")
        }
        let count = shape.reduce(1, *)
        self.init(
            storage: Storage.allocate(byteCount: count * dtype.itemSize, device: device), dtype: dtype,
            shape: shape, strides: NDArray.contiguousStrides(shape), offset: 0)
    }

    /// A new C-contiguous array of `template`'s shape whose elements are not initialized. It
    /// shares `template`'s shape and strides arrays where it can: allocating them costs more
    /// than the arithmetic on a small array.
    @usableFromInline
    init(uninitializedLike template: NDArray, dtype: DType) {
        self.init(
            storage: Storage.allocate(byteCount: template.size * dtype.itemSize, device: template.device),
            dtype: dtype, shape: template.shape,
            strides: template.hasCOrderStrides ? template.strides : NDArray.contiguousStrides(template.shape),
            offset: 0)
    }

    /// An array of `values` laid out in C order with the given shape (a 1-D array by default).
    public init<T: NDElement>(_ values: [T], shape: [Int]? = nil) {
        let shape = shape ?? [values.count]
        require(
            shape.reduce(1, *) == values.count,
            "NDArray(_:shape:): \(values.count) values cannot fill shape \(shape)")
        self.init(uninitializedShape: shape, dtype: T.dtype)
        values.withUnsafeBufferPointer { src in
            storage.bytes.bindMemory(to: T.self, capacity: values.count)
                .update(from: src.baseAddress!, count: values.count)
        }
        Tracing.recorder?.hostConstant(self)
    }

    /// A 0-d array holding `value`.
    public init<T: NDElement>(scalar value: T) {
        // Built directly: autograd on scalars makes one of these per operation.
        self.init(
            storage: Storage.allocate(byteCount: T.dtype.itemSize), dtype: T.dtype, shape: [], strides: [], offset: 0)
        storage.bytes.assumingMemoryBound(to: T.self).initialize(to: value)
        Tracing.recorder?.hostConstant(self)
    }

    /// An array of the given dtype and shape whose C-ordered elements are copied from raw
    /// little-endian `bytes` (as stored in a `.npy` file).
    public init(dtype: DType, shape: [Int], bytes: UnsafeRawBufferPointer) {
        self.init(uninitializedShape: shape, dtype: dtype)
        require(
            bytes.count == storage.byteCount,
            "NDArray(dtype:shape:bytes:): \(bytes.count) bytes given, \(shape) \(dtype) needs \(storage.byteCount)")
        if bytes.count > 0 {
            storage.bytes.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
        Tracing.recorder?.hostConstant(self)
    }

    /// C-order strides, in elements, of a contiguous array of this shape.
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= Swift.max(shape[axis], 1)
        }
        return strides
    }

    // MARK: - Shape facts

    /// The number of axes.
    public var ndim: Int { shape.count }
    /// The number of elements.
    public var size: Int { shape.reduce(1, *) }
    /// Where the elements live.
    public var device: Device { storage.device }
    /// Whether the elements are laid out in C order without gaps, starting at `offset`.
    public var isContiguous: Bool {
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != step { return false }
            step *= shape[axis]
        }
        return true
    }

    /// Whether `strides` are exactly the C-order strides of `shape` (``contiguousStrides(_:)``).
    @usableFromInline
    var hasCOrderStrides: Bool {
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            if strides[axis] != step { return false }
            step *= Swift.max(shape[axis], 1)
        }
        return true
    }

    /// Normalizes a possibly negative axis for an array of `ndim` axes, or stops with a message
    /// (`function`, built only then, names the operation).
    @inlinable
    public static func normalizeAxis(_ axis: Int, ndim: Int, in function: @autoclosure () -> String) -> Int {
        let a = axis < 0 ? axis + ndim : axis
        require(
            a >= 0 && a < Swift.max(ndim, 0),
            "\(function()): axis \(axis) is out of bounds for an array of dimension \(ndim)")
        return a
    }

    // MARK: - Raw access

    /// A typed pointer to element `[0, 0, ...]`; valid while the storage lives.
    @inlinable
    func base<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.bytes.assumingMemoryBound(to: T.self) + offset
    }

    /// A C-contiguous array with the same elements: `self` when already contiguous.
    public func contiguous() -> NDArray {
        isContiguous ? self : copy()
    }

    /// A new C-contiguous array with the same dtype and elements, sharing nothing with `self`.
    public func copy() -> NDArray {
        astype(dtype, forceCopy: true)
    }

    /// Calls `body` with the elements in C order, viewed as `T` (which must match `dtype`).
    public func withUnsafeBufferPointer<T: NDElement, R>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) rethrows -> R {
        require(T.dtype == dtype, "NDArray.withUnsafeBufferPointer: array is \(dtype), asked for \(T.dtype)")
        Tracing.recorder?.hostRead(self, "withUnsafeBufferPointer")
        let c = device.isCPU ? contiguous() : toCPU()
        return try withExtendedLifetime(c) {
            try body(UnsafeBufferPointer(start: c.base(T.self), count: c.size))
        }
    }

    /// Calls `body` with the raw little-endian bytes of the elements in C order.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        Tracing.recorder?.hostRead(self, "withUnsafeBytes")
        let c = device.isCPU ? contiguous() : toCPU()
        return try withExtendedLifetime(c) {
            try body(UnsafeRawBufferPointer(
                start: UnsafeRawPointer(c.storage.bytes + c.offset * dtype.itemSize),
                count: c.size * dtype.itemSize))
        }
    }

    /// Makes the storage unique and contiguous, then calls `body` with the elements in C order.
    /// Host arrays only: an array on a device stops with a message (move it with `toCPU()`).
    public mutating func withUnsafeMutableBufferPointer<T: NDElement, R>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        require(T.dtype == dtype, "NDArray.withUnsafeMutableBufferPointer: array is \(dtype), asked for \(T.dtype)")
        require(
            device.isCPU,
            "NDArray.withUnsafeMutableBufferPointer: the array lives on \(device), not in host memory; call toCPU() first")
        Tracing.recorder?.hostRead(self, "withUnsafeMutableBufferPointer")
        makeUniqueContiguous()
        return try body(UnsafeMutableBufferPointer(start: base(T.self), count: size))
    }

    /// Ensures this array owns a contiguous storage nobody else references (copy-on-write).
    @usableFromInline
    mutating func makeUniqueContiguous() {
        if !isKnownUniquelyReferenced(&storage) || !isContiguous
            || storage.byteCount != size * dtype.itemSize
        {
            self = copy()
        }
    }

    // MARK: - Elements

    /// All elements in C order, converted to `T` as `astype` would.
    public func scalars<T: NDElement>(as type: T.Type = T.self) -> [T] {
        Tracing.recorder?.hostRead(self, "scalars()")
        let c = device.isCPU ? astype(T.dtype).contiguous() : toCPU().astype(T.dtype)
        return withExtendedLifetime(c) {
            Array(UnsafeBufferPointer(start: c.base(T.self), count: c.size))
        }
    }

    /// The only element of a one-element array, as `Double` (NumPy's `item()`).
    public func item() -> Double {
        require(size == 1, "NDArray.item: can only convert an array of size 1, got shape \(shape)")
        Tracing.recorder?.hostRead(self, "item()")
        return element(atOffset: offset)
    }

    /// The element at a storage offset, as `Double` (copied from the device for an array on one).
    @usableFromInline
    func element(atOffset position: Int) -> Double {
        if !device.isCPU { return deviceElement(atOffset: position) }
        let raw = storage.bytes
        switch dtype {
        case .bool: return raw.assumingMemoryBound(to: Bool.self)[position] ? 1 : 0
        case .int64: return Double(raw.assumingMemoryBound(to: Int64.self)[position])
        case .float32: return Double(raw.assumingMemoryBound(to: Float.self)[position])
        case .float64: return raw.assumingMemoryBound(to: Double.self)[position]
        }
    }
}

// MARK: - Devices

extension NDArray {
    /// The array on `device`: `self` when it is there already, otherwise a contiguous copy made
    /// there (through the host between two devices), as CuPy's `cp.asarray` / `.get()`. A view
    /// on a device comes to the host without the backend computing anything: the bytes between
    /// its first and last element are copied and gathered on the host.
    public func to(_ device: Device) -> NDArray {
        if self.device == device { return self }
        let moved = copied(to: device)
        Tracing.recorder?.moved(self, to: moved)
        return moved
    }

    /// A contiguous copy of the elements on `device` (not `self`'s device).
    private func copied(to device: Device) -> NDArray {
        let from = self.device
        if !from.isCPU && !device.isCPU { return toCPU().to(device) }
        let itemSize = dtype.itemSize
        if device.isCPU {
            // The bytes the view reaches are copied as they lie and the view is made contiguous
            // on the host: moving to the CPU never asks the backend to compute (a backend's host
            // fallback calls toCPU() on its operands).
            guard size > 0 else { return NDArray(uninitializedShape: shape, dtype: dtype) }
            var low = offset, high = offset
            for (n, s) in zip(shape, strides) where n > 1 {
                if s < 0 { low += s * (n - 1) } else { high += s * (n - 1) }
            }
            let span = NDArray(uninitializedShape: [high - low + 1], dtype: dtype)
            withExtendedLifetime(self) {
                storage.backend.unsafelyUnwrapped.copy(
                    toHost: span.storage.bytes,
                    from: UnsafeRawPointer(storage.deviceAddress.unsafelyUnwrapped + low * itemSize),
                    byteCount: (high - low + 1) * itemSize)
            }
            let view = NDArray(storage: span.storage, dtype: dtype, shape: shape, strides: strides, offset: offset - low)
            return view.hasCOrderStrides ? view : view.copy()
        }
        let c = contiguous()
        let out = NDArray(uninitializedShape: shape, dtype: dtype, device: device)
        let byteCount = size * itemSize
        if byteCount > 0 {
            withExtendedLifetime(c) {
                out.storage.backend.unsafelyUnwrapped.copy(
                    fromHost: UnsafeRawPointer(c.storage.bytes + c.offset * itemSize),
                    to: out.storage.deviceAddress.unsafelyUnwrapped, byteCount: byteCount)
            }
        }
        return out
    }

    /// The array on CUDA device `index` (DeZero's `to_gpu`, `cupy.asarray`).
    public func toGPU(_ index: Int = 0) -> NDArray { to(.cuda(index)) }

    /// The array in host memory (DeZero's `to_cpu`, CuPy's `.get()`).
    public func toCPU() -> NDArray { to(.cpu) }

    /// One element of an array on a device, copied to the host.
    @inline(never)
    func deviceElement(atOffset position: Int) -> Double {
        let itemSize = dtype.itemSize
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { buffer in
            storage.backend.unsafelyUnwrapped.copy(
                toHost: buffer.baseAddress!,
                from: UnsafeRawPointer(storage.deviceAddress.unsafelyUnwrapped + position * itemSize),
                byteCount: itemSize)
        }
        return Swift.withUnsafeBytes(of: word) { raw in
            switch dtype {
            case .bool: raw.load(as: Bool.self) ? 1 : 0
            case .int64: Double(raw.load(as: Int64.self))
            case .float32: Double(raw.load(as: Float.self))
            case .float64: raw.load(as: Double.self)
            }
        }
    }
}

// MARK: - What a device backend reaches (SPI)

/// The layout of arrays as a ``DeviceBackend`` needs it: `import @_spi(Device) DeZeroArray`.
@_spi(Device)
extension NDArray {
    /// The address of element `[0, 0, ...]`: the storage's first byte plus `offset * itemSize`
    /// (a device address for an array on a device, a host pointer for one on the CPU). Valid
    /// while an array viewing the storage lives (keep one alive around its use, e.g. with
    /// `withExtendedLifetime`).
    public var deviceAddress: UnsafeMutableRawPointer {
        let start = storage.deviceAddress ?? storage.bytes
        return start + offset * dtype.itemSize
    }

    /// The index, in elements, of element `[0, 0, ...]` in the storage.
    public var storageOffset: Int { offset }

    /// The storage's size in bytes.
    public var storageByteCount: Int { storage.byteCount }

    /// Whether `strides` are exactly the C-order strides of `shape`, with no gaps
    /// (``isContiguous`` also accepts any stride on axes of length 1).
    public var hasContiguousStrides: Bool { hasCOrderStrides }

    /// A new C-contiguous array on `device` whose elements are not initialized (the backend
    /// writes every element).
    public static func uninitialized(shape: [Int], dtype: DType, device: Device) -> NDArray {
        NDArray(uninitializedShape: shape, dtype: dtype, device: device)
    }

    /// A view of this array's storage with another layout (in elements); the caller keeps every
    /// element it can reach inside the storage.
    public func view(shape: [Int], strides: [Int], offset: Int, dtype: DType? = nil) -> NDArray {
        require(shape.count == strides.count, "NDArray.view: \(shape.count) lengths and \(strides.count) strides")
        return NDArray(storage: storage, dtype: dtype ?? self.dtype, shape: shape, strides: strides, offset: offset)
    }
}
