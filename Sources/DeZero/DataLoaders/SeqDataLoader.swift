/// Batches for truncated backpropagation through time, as DeZero's `SeqDataLoader` (book
/// step 60): never shuffled, the dataset is split into `batchSize` equal runs and batch `k`
/// takes example `k` of every run, so each row of consecutive batches follows one stretch of the
/// sequence. Row `i` of batch `k` is example `(i * (dataSize / batchSize) + k) % dataSize`.
///
/// An epoch has `ceil(dataSize / batchSize)` batches, as in DeZero.
public final class SeqDataLoader: DataLoader {
    /// A sequence loader of `dataset` with `batchSize` parallel runs.
    public init(_ dataset: any Dataset, batchSize: Int) {
        super.init(dataset, batchSize: batchSize, shuffle: false)
    }

    /// Row `i` reads `(i * jump + iteration) % dataSize` with `jump = dataSize / batchSize`.
    override func batchIndices() -> [Int] {
        let jump = dataSize / batchSize
        return (0..<batchSize).map { (($0 * jump) + iteration) % dataSize }
    }
}
