import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// The reference-counted buffer behind one or more ``NDArray`` views.
///
/// Arrays share a storage until one of them is mutated (copy-on-write); mutation happens only
/// through a uniquely referenced storage, which is what makes sharing it across threads sound
/// (``NDArray`` holds it as `nonisolated(unsafe)`: `ManagedBuffer` cannot be `Sendable`).
///
/// Small buffers (up to 4 KiB) live in the same allocation as the object (one `malloc`: autograd
/// on scalars and small batches creates many); large ones get their own 64-byte aligned block so
/// SIMD loops and BLAS run at full speed.
///
/// A storage on a device (``Device/cuda(_:)``) holds an address from its ``DeviceBackend``
/// instead (no inline buffer), freed through the backend; its host pointer ``bytes`` is nil and
/// reading it stops the program with a message. ``StorageBytes`` counts host bytes only.
@usableFromInline
final class Storage: ManagedBuffer<Storage.Header, UInt64> {
    /// Where the bytes are and who owns them.
    @usableFromInline
    struct Header {
        /// The first byte, in host memory (nil for a storage on a device).
        @usableFromInline var bytes: UnsafeMutableRawPointer?
        /// Size in bytes.
        @usableFromInline let byteCount: Int
        /// Where the bytes live.
        @usableFromInline let device: Device
        /// Whether `bytes` is a separate allocation this storage frees.
        let ownsBlock: Bool
    }

    /// Buffers up to this many bytes are stored inline (8-byte aligned, which small arrays'
    /// loops do not mind): one allocation instead of two.
    static let inlineLimit = 4096

    /// Allocates `byteCount` uninitialized bytes on `device`.
    @usableFromInline
    static func allocate(byteCount: Int, device: Device = .cpu) -> Storage {
        if !device.isCPU { return allocate(byteCount: byteCount, on: device) }
        let inline = byteCount <= inlineLimit
        let words = inline ? (byteCount + 7) / 8 : 0
        let buffer = create(minimumCapacity: words) { _ in
            Header(bytes: nil, byteCount: byteCount, device: device, ownsBlock: !inline)
        }
        let storage = unsafeDowncast(buffer, to: Storage.self)
        storage.withUnsafeMutablePointers { header, elements in
            header.pointee.bytes = inline ? UnsafeMutableRawPointer(elements) : allocateBlock(byteCount: byteCount)
        }
        Tracing.recorder?.allocated(storage)
        StorageBytes.note(byteCount)
        return storage
    }

    /// Allocates `byteCount` bytes of `device`'s memory through its backend.
    @inline(never)
    static func allocate(byteCount: Int, on device: Device) -> Storage {
        let backend = DeviceBackends.required(device, for: "NDArray")
        let address = backend.allocate(byteCount: Swift.max(byteCount, 1))
        // The header stays plain data (a reference in it would make every CPU storage's
        // deallocation destroy it): the device address is kept in the first element word.
        let buffer = create(minimumCapacity: 1) { _ in
            Header(bytes: nil, byteCount: byteCount, device: device, ownsBlock: false)
        }
        let storage = unsafeDowncast(buffer, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { $0.pointee = UInt64(UInt(bitPattern: address)) }
        Tracing.recorder?.allocated(storage)
        return storage
    }

    // The header is reached through its pointer: a plain `header` access would pay a dynamic
    // exclusivity check on every array created and every element access.

    /// Buffers this large are placed on 2 MiB boundaries and offered transparent huge pages, as
    /// NumPy does for arrays of 4 MiB and more: fewer page faults and TLB misses on big arrays.
    static let hugePageLimit = 4 << 20

    /// A separate 64-byte (or, for huge buffers, 2 MiB) aligned block of `byteCount` bytes;
    /// blocks of 1 MiB and more come from and go back to the ``BlockCache``.
    private static func allocateBlock(byteCount: Int) -> UnsafeMutableRawPointer {
        guard byteCount >= BlockCache.minimumByteCount else {
            return UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
        }
        let capacity = BlockCache.capacity(for: byteCount)
        if let block = BlockCache.take(capacity: capacity) { return block }
        guard capacity >= hugePageLimit else {  // one alignment per size class
            return UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        }
        let block = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 2 << 20)
        #if os(Linux)
        _ = madvise(block, capacity, MADV_HUGEPAGE)
        #endif
        return block
    }

    /// Frees a block from ``allocateBlock(byteCount:)``, or keeps it in the ``BlockCache``.
    private static func freeBlock(_ block: UnsafeMutableRawPointer, byteCount: Int) {
        if byteCount >= BlockCache.minimumByteCount,
            BlockCache.keep(block, capacity: BlockCache.capacity(for: byteCount))
        {
            return
        }
        block.deallocate()
    }

    /// The first byte in host memory; valid while the storage lives. A storage on a device has
    /// none: asking stops the program with a message (one test of the pointer just loaded).
    @inlinable var bytes: UnsafeMutableRawPointer {
        if let bytes = withUnsafeMutablePointerToHeader({ $0.pointee.bytes }) { return bytes }
        hostAccessStop()
    }

    /// The stop of ``bytes`` on a device storage.
    @usableFromInline @inline(never)
    func hostAccessStop() -> Never {
        misuse(
            "NDArray: the elements of this array live on \(device) and cannot be read or written on the host; call toCPU() first")
    }

    /// The device address of a storage on a device (nil on the CPU).
    var deviceAddress: UnsafeMutableRawPointer? {
        if device.isCPU { return nil }
        return withUnsafeMutablePointerToElements { UnsafeMutableRawPointer(bitPattern: UInt($0.pointee)) }
    }
    /// The backend of a storage on a device (nil on the CPU): the one registered for its device
    /// (a device's backend is never replaced).
    var backend: (any DeviceBackend)? { DeviceBackends.backend(for: device) }
    /// Size in bytes.
    @inlinable var byteCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.byteCount } }
    /// Where the bytes live.
    @inlinable var device: Device { withUnsafeMutablePointerToHeader { $0.pointee.device } }

    /// Frees a device storage's memory through its device's backend.
    @inline(never)
    private static func freeOnDevice(_ storage: Storage, byteCount: Int) {
        guard let address = storage.deviceAddress, let backend = storage.backend else { return }
        backend.free(address, byteCount: Swift.max(byteCount, 1))
    }

    deinit {
        withUnsafeMutablePointerToHeader { header in
            if !header.pointee.device.isCPU {
                Storage.freeOnDevice(self, byteCount: header.pointee.byteCount)
                return
            }
            StorageBytes.note(-header.pointee.byteCount)
            if header.pointee.ownsBlock, let block = header.pointee.bytes {
                Storage.freeBlock(block, byteCount: header.pointee.byteCount)
            }
        }
    }
}
