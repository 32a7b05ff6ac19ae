/// One item of a NumPy-style index, as ``NDArray``'s subscripts read it.
///
/// Anything that conforms to ``NDIndex`` turns itself into one of these cases; the subscripts
/// never look at the concrete type.
public enum NDIndexItem: Sendable {
    /// A single position along one axis; negative values count from the end. Removes the axis.
    case integer(Int)
    /// A strided range along one axis, as Python's `start:stop:step`. Keeps the axis.
    case slice(NDSlice)
    /// NumPy's `...`: as many full slices as needed to index every axis.
    case ellipsis
    /// NumPy's `np.newaxis` (`None`): inserts an axis of length 1.
    case newAxis
    /// An `int64` array (integer, "fancy" indexing) or a `bool` array (a mask).
    case array(NDArray)
}

/// A value that can appear in an ``NDArray`` subscript, as an item of a NumPy index tuple.
///
/// Conforming types and what they mean (as in NumPy):
///
/// | Swift | NumPy | kind |
/// |---|---|---|
/// | `2`, `-1` (`Int`) | `x[2]`, `x[-1]` | basic: picks one position, removes the axis |
/// | `1..<3`, `1...2`, `2...`, `..<2`, `...1` | `x[1:3]`, `x[1:3]`, `x[2:]`, `x[:2]`, `x[:2]` | basic slice |
/// | `NDSlice(start:stop:step:)`, `.all` | `x[a:b:c]`, `x[:]` | basic slice (negative steps too) |
/// | `.ellipsis` | `x[...]` | basic |
/// | `.newAxis` | `x[None]` | basic |
/// | `NDArray` of `int64`, `[Int]` | `x[np.array([0, 2])]`, `x[[0, 2]]` | advanced (integer) |
/// | `NDArray` of `bool` | `x[mask]` | advanced (boolean mask) |
///
/// Negative bounds of Swift ranges count from the end as in Python: `(-3)..<(-1)` is `x[-3:-1]`,
/// and `(-3)...(-1)` / `...(-1)` run through the last element. Swift ranges need
/// `lowerBound <= upperBound`, so mixed-sign bounds such as NumPy's `x[1:-1]` are written
/// `NDSlice(start: 1, stop: -1)`.
///
/// An index made of basic items only gives a view that shares storage with the array; one with
/// any advanced item gives a copy. See ``NDArray/subscript(_:)``.
public protocol NDIndex: Sendable {
    /// What this value means as an item of an index.
    var ndIndexItem: NDIndexItem { get }
}

/// A Python slice `start:stop:step` with optional parts; negative values count from the end.
///
/// `NDSlice(start: nil, stop: nil, step: -1)` is `x[::-1]`; out-of-range bounds are clipped as in
/// Python, so `NDSlice(start: -100, stop: 100)` is the whole axis.
public struct NDSlice: NDIndex, Hashable, CustomStringConvertible {
    /// The first position (Python's default when nil: the start, or the end for negative steps).
    public var start: Int?
    /// The position the slice stops before (Python's default when nil: past the last position).
    public var stop: Int?
    /// The distance between positions; nil means 1. Must not be 0.
    public var step: Int?

    /// The slice `start:stop:step`; leave a part out (nil) for Python's default.
    public init(start: Int? = nil, stop: Int? = nil, step: Int? = nil) {
        self.start = start
        self.stop = stop
        self.step = step
    }

    /// This slice as an index item.
    public var ndIndexItem: NDIndexItem { .slice(self) }

    /// Python's `slice.indices(length)`: the normalized start, stop and step for an axis of
    /// `length` elements, with bounds clipped the way Python clips them.
    public func indices(length: Int) -> (start: Int, stop: Int, step: Int) {
        let step = self.step ?? 1
        require(step != 0, "slice step cannot be zero")
        func clip(_ value: Int?, default fallback: Int) -> Int {
            guard var v = value else { return fallback }
            if v < 0 {
                v += length
                if v < 0 { v = step < 0 ? -1 : 0 }
            } else if v >= length {
                v = step < 0 ? length - 1 : length
            }
            return v
        }
        return (
            clip(start, default: step < 0 ? length - 1 : 0),
            clip(stop, default: step < 0 ? -1 : length),
            step
        )
    }

    /// The number of positions this slice selects on an axis of `length` elements.
    public func count(length: Int) -> Int {
        let (start, stop, step) = indices(length: length)
        if step > 0 {
            return start < stop ? (stop - start - 1) / step + 1 : 0
        }
        return stop < start ? (start - stop - 1) / (-step) + 1 : 0
    }

    /// Python's spelling, e.g. `1:5:2`, `::-1`, `:`.
    public var description: String {
        let s = start.map(String.init) ?? "", e = stop.map(String.init) ?? ""
        if let step { return "\(s):\(e):\(step)" }
        return "\(s):\(e)"
    }
}

extension NDIndex where Self == NDSlice {
    /// The whole axis, NumPy's `:`.
    public static var all: NDSlice { NDSlice() }
}

/// The index items that are neither numbers nor ranges: NumPy's `...` and `np.newaxis`.
///
/// Write them as `.ellipsis` and `.newAxis` inside a subscript: `x[.ellipsis, 0]`,
/// `x[.newAxis, .all]`.
public struct NDIndexMarker: NDIndex, Hashable, CustomStringConvertible {
    let isEllipsis: Bool

    /// `.ellipsis` or `.newAxis`.
    public var ndIndexItem: NDIndexItem { isEllipsis ? .ellipsis : .newAxis }

    /// `...` or `None`, as Python prints them.
    public var description: String { isEllipsis ? "..." : "None" }
}

extension NDIndex where Self == NDIndexMarker {
    /// NumPy's `...`: stands for as many full slices as the other items leave axes unindexed.
    public static var ellipsis: NDIndexMarker { NDIndexMarker(isEllipsis: true) }
    /// NumPy's `np.newaxis`: inserts an axis of length 1 at its place in the result.
    public static var newAxis: NDIndexMarker { NDIndexMarker(isEllipsis: false) }
}

// MARK: - Conformances

extension Int: NDIndex {
    /// A single position; negative values count from the end.
    public var ndIndexItem: NDIndexItem { .integer(self) }
}

extension Range: NDIndex where Bound == Int {
    /// `a..<b` is the slice `a:b`.
    public var ndIndexItem: NDIndexItem { .slice(NDSlice(start: lowerBound, stop: upperBound)) }
}

extension ClosedRange: NDIndex where Bound == Int {
    /// `a...b` is the slice `a:b+1` (`a:` when `b` is -1, the last position).
    public var ndIndexItem: NDIndexItem {
        .slice(NDSlice(start: lowerBound, stop: upperBound == -1 ? nil : upperBound + 1))
    }
}

extension PartialRangeFrom: NDIndex where Bound == Int {
    /// `a...` is the slice `a:`.
    public var ndIndexItem: NDIndexItem { .slice(NDSlice(start: lowerBound)) }
}

extension PartialRangeUpTo: NDIndex where Bound == Int {
    /// `..<b` is the slice `:b`.
    public var ndIndexItem: NDIndexItem { .slice(NDSlice(stop: upperBound)) }
}

extension PartialRangeThrough: NDIndex where Bound == Int {
    /// `...b` is the slice `:b+1` (`:` when `b` is -1, the last position).
    public var ndIndexItem: NDIndexItem { .slice(NDSlice(stop: upperBound == -1 ? nil : upperBound + 1)) }
}

extension Array: NDIndex where Element == Int {
    /// A list of positions, NumPy's `x[[0, 0, 1]]`: integer (advanced) indexing.
    public var ndIndexItem: NDIndexItem { .array(NDArray(map { Int64($0) })) }
}

extension NDArray: NDIndex {
    /// An `int64` array indexes by position (advanced indexing); a `bool` array is a mask.
    public var ndIndexItem: NDIndexItem { .array(self) }
}
