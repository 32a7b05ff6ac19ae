/// The reference-counted buffer behind one or more ``NDArray`` views.
///
/// Arrays share a storage until one of them is mutated (copy-on-write); mutation happens only
/// through a uniquely referenced storage, which is what makes the unchecked `Sendable` sound.
@usableFromInline
final class Storage: @unchecked Sendable {
    /// The first byte; 64-byte aligned for large buffers so SIMD loops run at full speed (16 for
    /// small ones, where an aligned allocation would cost more than it saves).
    @usableFromInline let bytes: UnsafeMutableRawPointer
    /// Size in bytes.
    @usableFromInline let byteCount: Int
    /// Where the bytes live.
    @usableFromInline let device: Device

    /// Allocates `byteCount` uninitialized bytes.
    @usableFromInline
    init(byteCount: Int, device: Device = .cpu) {
        self.byteCount = byteCount
        self.device = device
        bytes = UnsafeMutableRawPointer.allocate(
            byteCount: max(byteCount, 1), alignment: byteCount >= 4096 ? 64 : 16)
    }

    deinit { bytes.deallocate() }
}
