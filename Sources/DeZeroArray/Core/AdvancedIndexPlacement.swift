/// Where NumPy puts the broadcast block of an index's advanced items among the basic result
/// dimensions: where the advanced items stand when they are adjacent, in front otherwise.
///
/// Walk the index items in order, calling ``noteBasic()`` for each slice, new axis or ellipsis
/// and ``noteAdvanced(basicCount:)`` for each advanced item (an index array, or an integer next
/// to one); then read ``position``.
public struct AdvancedIndexPlacement: Sendable {
    /// 0: no advanced item yet, 1: in the first run of them, 2: after it, 3: not adjacent.
    private var run = 0
    /// The number of basic dimensions before the first advanced item.
    private var first = 0

    /// No items seen yet.
    public init() {}

    /// A basic item (slice, new axis, ellipsis) comes next.
    public mutating func noteBasic() {
        if run == 1 { run = 2 }
    }

    /// An advanced item comes next, after `basicCount` basic result dimensions.
    public mutating func noteAdvanced(basicCount: Int) {
        if run == 0 {
            run = 1
            first = basicCount
        } else if run == 2 {
            run = 3
        }
    }

    /// Where the advanced block goes among the basic dimensions.
    public var position: Int { run == 3 ? 0 : first }
}
