import DeZeroArray
import Testing

/// The storage byte counter behind the benchmarks' peak memory. Tests on other threads allocate
/// and free meanwhile (the counter sees every thread), hence the wide margin.
@Suite struct StorageBytesTests {
    @Test func peakCountsAnArrayThatLivedInside() {
        let (sum, count) = StorageBytes.measure { NDArray.ones([1 << 23], dtype: .float64).sum().item() }
        #expect(sum == Double(1 << 23))
        #expect(count.peak >= 8 << 20, "a 64 MiB array lived inside")
    }
}
