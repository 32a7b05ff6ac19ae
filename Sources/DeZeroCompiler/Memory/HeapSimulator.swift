/// Places buffers with known sizes and live ranges in one arena, as XLA's heap simulator does
/// (`GlobalDecreasingSizeBestFitHeap`): buffers are taken in order of decreasing size (ties: the
/// earlier start, then the earlier buffer); each goes into the smallest gap that fits among the
/// buffers already placed whose live ranges overlap its own, or after the last of them when no
/// gap fits. Offsets are multiples of `alignment`.
enum HeapSimulator {
    /// The offset of each buffer, in the order given.
    static func place(_ buffers: [(bytes: Int, range: LiveRange)], alignment: Int) -> [Int] {
        func aligned(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }
        let order = buffers.indices.sorted {
            (buffers[$0].bytes, -buffers[$0].range.start, -$0) > (buffers[$1].bytes, -buffers[$1].range.start, -$1)
        }
        var offsets = [Int](repeating: 0, count: buffers.count)
        var placed: [Int] = []
        for i in order {
            let (bytes, range) = buffers[i]
            guard bytes > 0 else { continue }  // an empty buffer occupies nothing: offset 0
            let busy = placed.filter { buffers[$0].range.overlaps(range) }.sorted { offsets[$0] < offsets[$1] }
            var best: (offset: Int, gap: Int)?
            var cursor = 0  // the end of the busy bytes below the gap being looked at
            for j in busy {
                let start = aligned(cursor), gap = offsets[j] - start
                if gap >= bytes, best.map({ gap < $0.gap }) ?? true { best = (start, gap) }
                cursor = max(cursor, offsets[j] + buffers[j].bytes)
            }
            offsets[i] = best?.offset ?? aligned(cursor)
            placed.append(i)
        }
        return offsets
    }

    /// The largest sum of the sizes of the buffers live at one instruction: no placement of
    /// these buffers takes less.
    static func livePeak(_ buffers: [(bytes: Int, range: LiveRange)]) -> Int {
        guard let last = buffers.map(\.range.end).max(), let first = buffers.map(\.range.start).min() else { return 0 }
        var change = [Int](repeating: 0, count: last - first + 2)
        for (bytes, range) in buffers {
            change[range.start - first] += bytes
            change[range.end - first + 1] -= bytes
        }
        var live = 0, peak = 0
        for delta in change {
            live += delta
            peak = max(peak, live)
        }
        return peak
    }
}
