import CKernels

/// Counts the bytes of array storage allocated and freed while a closure runs: the peak memory
/// of a training step, as a benchmark reports it.
///
/// It counts what arrays hold (each storage's byte count, small inline buffers included), not
/// what the allocator or the cache of freed large blocks keeps; buffers outside arrays (BLAS's
/// own) are not seen. It counts every thread's arrays: measure with nothing else running. Off,
/// it costs each allocation and free one load of a C global.
public enum StorageBytes {
    /// What ``StorageBytes/measure(_:)`` counted.
    public struct Count: Sendable {
        /// The highest number of bytes allocated and not yet freed at any moment, counted from
        /// the start. A storage that existed before and was freed inside counts negative, so
        /// this is how far above its starting point the memory in arrays rose.
        public let peak: Int
        /// Bytes allocated minus bytes freed, at the end.
        public let net: Int
    }

    /// Runs `body` with the counting on (one measurement at a time in the process).
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, count: Count) {
        ck_storage_bytes_reset()
        ck_set_storage_counting(1)
        defer { ck_set_storage_counting(0) }
        let result = try body()
        return (result, Count(peak: Int(ck_storage_bytes_peak()), net: Int(ck_storage_bytes_live())))
    }

    /// Notes an allocation (positive) or a free (negative) of `bytes` while counting.
    @inline(__always)
    static func note(_ bytes: Int) {
        if ck_storage_is_counting() != 0 { ck_storage_bytes_add(Int64(bytes)) }
    }
}
