/// A collection of examples read one at a time by index, as DeZero's `Dataset`: `dataset.count`
/// is Python's `len(dataset)` and `dataset[i]` its `dataset[i]`, an input `x` and its target `t`,
/// each already passed through the dataset's transforms.
///
/// ``DataLoader`` stacks examples into batches, so every `x` of a dataset should have one shape,
/// and every `t` too.
public protocol Dataset {
    /// The number of examples.
    var count: Int { get }

    /// The example at `index` (in `0..<count`; negative counts from the end, as in Python).
    subscript(index: Int) -> (x: NDArray, t: NDArray) { get }
}

/// A dataset whose examples are the rows of two arrays, `data` and `label`, read through
/// optional transforms: DeZero's `Dataset` base class with its `data`, `label`, `transform` and
/// `target_transform` attributes. Conforming types get ``Dataset/count`` and the subscript for free.
public protocol ArrayDataset: Dataset {
    /// The inputs, one example per row (index of the first axis).
    var data: NDArray { get }
    /// The targets, one per row of `data`.
    var label: NDArray { get }
    /// Applied to each `data[i]` as it is read; `nil` leaves it as stored.
    var transform: (any Transform)? { get }
    /// Applied to each `label[i]` as it is read; `nil` leaves it as stored.
    var targetTransform: (any Transform)? { get }
}

extension ArrayDataset {
    /// The number of rows of `data`.
    public var count: Int { data.shape[0] }

    /// `(transform(data[index]), targetTransform(label[index]))`; `label[index]` of a 1-D label
    /// array is a 0-d array, as NumPy's scalar.
    public subscript(index: Int) -> (x: NDArray, t: NDArray) {
        let n = count
        require(
            index >= -n && index < n,
            "\(Self.self)[\(index)]: index out of range for a dataset of \(n) examples; pass an index in 0..<\(n)")
        let i = index < 0 ? index + n : index
        let x = data[i]
        let t = label[i]
        return (transform.map { $0(x) } ?? x, targetTransform.map { $0(t) } ?? t)
    }
}

/// A dataset over arrays you already have: row `i` of `data` is example `i`'s input and row `i`
/// of `label` its target (`TensorDataset(data: x, label: t)`).
public struct TensorDataset: ArrayDataset, Sendable {
    /// The inputs, one example per row.
    public var data: NDArray
    /// The targets, one per row of `data`.
    public var label: NDArray
    /// Applied to each input as it is read.
    public var transform: (any Transform)?
    /// Applied to each target as it is read.
    public var targetTransform: (any Transform)?

    /// A dataset of the rows of `data` and `label`, which must have the same length.
    public init(
        data: NDArray, label: NDArray, transform: (any Transform)? = nil, targetTransform: (any Transform)? = nil
    ) {
        require(
            data.ndim >= 1 && label.ndim >= 1,
            "TensorDataset: data and label need a first axis to index examples; got shapes \(data.shape) and \(label.shape)")
        require(
            data.shape[0] == label.shape[0],
            "TensorDataset: data has \(data.shape[0]) rows (shape \(data.shape)) but label has \(label.shape[0]) (shape \(label.shape)); pass one label per example")
        self.data = data
        self.label = label
        self.transform = transform
        self.targetTransform = targetTransform
    }
}
