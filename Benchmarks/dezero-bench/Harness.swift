import Foundation

/// Times closures and reports medians, one JSON object per line, so `scripts/bench.sh` can put
/// them beside the Python peers' figures.
struct Harness {
    /// How many timed runs each case gets (after one warm-up run).
    var runs: Int
    /// Only cases whose name contains this run (all when nil); from `BENCH_FILTER`.
    var filter = ProcessInfo.processInfo.environment["BENCH_FILTER"]

    /// Runs `body` `runs` times (fewer when the case asks for fewer; each run repeating it
    /// `inner` times) and prints the median seconds per call as `{"name": ..., "seconds": ...}`.
    func measure(_ name: String, inner: Int = 1, runs: Int? = nil, _ body: () -> Void) {
        if let filter, !name.contains(filter) { return }
        body()
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<Swift.min(runs ?? self.runs, self.runs) {
            let elapsed = clock.measure {
                for _ in 0..<inner { body() }
            }
            let c = elapsed.components
            samples.append((Double(c.seconds) + Double(c.attoseconds) * 1e-18) / Double(inner))
        }
        samples.sort()
        let median = samples[samples.count / 2]
        print("{\"name\": \"\(name)\", \"seconds\": \(median)}")
        fflush(nil)
    }
}

/// Keeps a value alive and opaque to the optimizer so benchmarked work is not removed.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
