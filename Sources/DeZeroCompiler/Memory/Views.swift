extension Operation {
    /// Whether the instruction runs as a *view* of its operand's buffer instead of writing one of
    /// its own: `reshape`, `expand_dims` and `squeeze`, which change the shape of a C-contiguous
    /// array and leave its bytes (and the order of its elements) as they are.
    ///
    /// This is the memory plan's one rule for aliases. When the operand is in the arena (itself
    /// or as a view of an arena value), the result takes no buffer: it is a view of the operand's
    /// root buffer, at the same offset, and every read of the view keeps that buffer live (an
    /// alias extends its root's live range). When the operand is external (an argument, a
    /// `load`, a constant: arrays whose layout is not known when planning), the result is
    /// materialized in a buffer of its own. `transpose` and `broadcast_to` change the order of the
    /// elements, so they are not views here: the executor writes their results.
    public var isView: Bool {
        switch self {
        case .array(.reshape), .array(.expandDims), .array(.squeeze): true
        default: false
        }
    }
}
