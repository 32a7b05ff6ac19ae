extension MemoryPlan {
    /// The plan's figures, one a line, as `dezero-ir --stats` prints them:
    ///
    /// ```
    /// memory buffers: 31 for 40 arena values (6 views, 3 in place)
    /// memory arena: 10816 bytes (the plan)
    /// memory live peak: 9984 bytes (a lower bound of the arena)
    /// memory freed at last use: 11104 bytes (no arena, no in-place reuse)
    /// memory unplanned: 40816 bytes (every value allocated, none released)
    /// ```
    public var summary: [String] {
        let views = locations.values.filter { if case .view = $0 { true } else { false } }.count
        let arenaValues = buffers.map(\.values.count).reduce(0, +) + views
        return [
            "memory buffers: \(buffers.count) for \(arenaValues) arena values (\(views) views, \(inPlace.count) in place)",
            "memory arena: \(arenaBytes) bytes (the plan)",
            "memory live peak: \(liveBytesPeak) bytes (a lower bound of the arena)",
            "memory freed at last use: \(releasedBytesPeak) bytes (no arena, no in-place reuse)",
            "memory unplanned: \(unplannedBytes) bytes (every value allocated, none released)",
        ]
    }
}
