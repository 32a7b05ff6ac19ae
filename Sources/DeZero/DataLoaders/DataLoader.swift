/// Cuts a dataset into minibatches, as DeZero's `DataLoader`: `for (x, t) in loader { ... }`
/// runs one epoch, `x` and `t` being the stacked inputs and targets of up to `batchSize`
/// examples (`np.array([example[0] for example in batch])` in DeZero).
///
/// The loader is its own iterator, like the Python one: it keeps its position, and after the last
/// batch of an epoch it ends the loop and calls ``reset()``, so the next `for` loop is the next
/// epoch. With `shuffle` each epoch's order is `Random.permutation(count)` drawn from the
/// **global** generator at each reset, the first one when the loader is made: seeded programs
/// see the same order as DeZero's.
///
/// Every example's `x` must have the same shape (and every `t`); a batch that mixes shapes stops
/// the program with a message naming the examples.
public class DataLoader: Sequence, IteratorProtocol {
    /// The dataset read.
    public let dataset: any Dataset
    /// Examples per batch (the last batch of an epoch may hold fewer).
    public let batchSize: Int
    /// Whether each epoch visits the examples in a new random order.
    public let shuffle: Bool
    /// The number of examples, `dataset.count` when the loader was made.
    public let dataSize: Int
    /// Batches per epoch, `ceil(dataSize / batchSize)`.
    public let maxIter: Int
    /// Batches handed out in the current epoch.
    public private(set) var iteration = 0
    /// This epoch's order of example indices.
    public private(set) var index: [Int] = []
    /// Where the batches are made: `.cpu` until ``toGPU(_:)`` (DeZero's `gpu` flag).
    public private(set) var device: Device = .cpu

    /// A loader of `dataset` in batches of `batchSize`, in random order when `shuffle` (the
    /// default, which draws the first epoch's order now).
    public init(_ dataset: any Dataset, batchSize: Int, shuffle: Bool = true) {
        require(batchSize > 0, "\(Self.self): batchSize \(batchSize) must be positive")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        dataSize = dataset.count
        maxIter = (dataSize + batchSize - 1) / batchSize
        reset()
    }

    /// Starts a new epoch: position 0 and, with `shuffle`, a new order from the global generator.
    public func reset() {
        iteration = 0
        if shuffle {
            index = Random.permutation(dataSize).scalars(as: Int64.self).map { Int($0) }
        } else {
            index = Array(0..<dataSize)
        }
    }

    /// The loader itself: iterating goes on from its current position. Spelled out (rather than
    /// left to `Sequence`'s default for iterators, which requires `Self == Iterator`) so that
    /// `for (x, t) in loader` also compiles for subclasses such as ``SeqDataLoader``.
    public func makeIterator() -> DataLoader { self }

    /// The next batch of this epoch, or `nil` (after a ``reset()``) when the epoch is over.
    public func next() -> (x: NDArray, t: NDArray)? {
        if iteration >= maxIter {
            reset()
            return nil
        }
        let batch = makeBatch(batchIndices())
        iteration += 1
        return batch
    }

    /// The dataset indices of the batch at the current `iteration`.
    func batchIndices() -> [Int] {
        let start = iteration * batchSize
        return Array(index[start..<Swift.min(start + batchSize, dataSize)])
    }

    /// The examples at `indices`, their inputs and targets each stacked along a new first axis.
    func makeBatch(_ indices: [Int]) -> (x: NDArray, t: NDArray) {
        let examples = indices.map { dataset[$0] }
        return (
            Self.stackExamples(examples.map(\.x), indices: indices, part: "x").to(device),
            Self.stackExamples(examples.map(\.t), indices: indices, part: "t").to(device)
        )
    }

    /// Makes the following batches on `device` (stacked on the host, then copied).
    public func to(_ device: Device) { self.device = device }
    /// Makes the following batches on CUDA device `index` (DeZero's `DataLoader.to_gpu`).
    public func toGPU(_ index: Int = 0) { to(.cuda(index)) }
    /// Makes the following batches in host memory (DeZero's `DataLoader.to_cpu`).
    public func toCPU() { to(.cpu) }

    /// `stack(arrays)`, after checking they share a shape and a dtype, with a message naming the
    /// first example that differs.
    static func stackExamples(_ arrays: [NDArray], indices: [Int], part: String) -> NDArray {
        let first = arrays[0]
        for (k, a) in arrays.enumerated() where a.shape != first.shape || a.dtype != first.dtype {
            misuse(
                "\(Self.self): cannot stack a batch: example \(indices[k]) has \(part) of shape \(a.shape) (\(a.dtype)) "
                    + "but example \(indices[0]) has \(first.shape) (\(first.dtype)); every example's \(part) must have "
                    + "one shape and dtype (make them agree with a transform, or use batchSize: 1)")
        }
        return stack(arrays)
    }
}
