/// Raw access for the compiler's executors (`@_spi(Executor) import DeZeroArray`): arrays they
/// allocate and fill through pointers, outside the copy-on-write rules that protect users.
extension NDArray {
    /// A new C-contiguous array of `shape` whose elements are not initialized; the caller
    /// writes every element through ``unsafeElements`` before anyone reads it.
    @_spi(Executor)
    public static func uninitialized(_ dtype: DType, _ shape: [Int]) -> NDArray {
        NDArray(uninitializedShape: shape, dtype: dtype)
    }

    /// The address of element `[0, 0, ...]`, valid while this array (or another sharing its
    /// storage) lives. Writing through it changes every array sharing the storage: executors
    /// write only into arrays they have just allocated.
    @_spi(Executor)
    public var unsafeElements: UnsafeMutableRawPointer {
        storage.bytes + offset * dtype.itemSize
    }
}
