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
        guard wants(name) else { return }
        body()
        var samples: [Double] = []
        let clock = ContinuousClock()
        let count = Swift.min(runs ?? self.runs, self.runs)
        for run in 0..<count {
            var elapsed = Duration.zero
            withStackShift(run * 4096 / count / 16 * 16) {
                elapsed = clock.measure {
                    for _ in 0..<inner { body() }
                }
            }
            let c = elapsed.components
            samples.append((Double(c.seconds) + Double(c.attoseconds) * 1e-18) / Double(inner))
        }
        report(name, samples)
    }

    /// Whether any of the cases named `names` runs (for cases with costly setup or their own
    /// timing).
    func wants(_ names: String...) -> Bool {
        names.contains { name in filter.map { name.contains($0) } ?? true }
    }

    /// Prints the median of `samples` (seconds) as a case named `name`.
    func report(_ name: String, _ samples: [Double]) {
        guard wants(name) else { return }
        let median = samples.sorted()[samples.count / 2]
        print("{\"name\": \"\(name)\", \"seconds\": \(median)}")
        fflush(nil)
    }

    /// Prints a memory figure as `{"name": ..., "bytes": ...}`.
    func reportBytes(_ name: String, _ bytes: Int) {
        guard wants(name) else { return }
        print("{\"name\": \"\(name)\", \"bytes\": \(bytes)}")
        fflush(nil)
    }
}

/// Runs `body` with the stack moved down by `bytes` (a multiple of 16 below 4096).
///
/// Each timed run gets its own stack offset within a 4 KiB page, so that a median does not rest
/// on one memory layout. On the development machine a loop of small operations ran 1.7x slower
/// at some stack offsets: with address randomization off it was always slow, and moving the
/// stack by growing the environment switched it on and off (most likely 4 KiB aliasing between
/// stack slots and the heap objects the loop uses). The offset is fixed at process start, so
/// one unlucky process used to decide a whole case.
func withStackShift(_ bytes: Int, _ body: () -> Void) {
    guard bytes > 0 else { return body() }
    let step = Swift.min(bytes, 512)  // larger temporary allocations go to the heap
    withUnsafeTemporaryAllocation(byteCount: step, alignment: 16) { buffer in
        blackHole(buffer.baseAddress)
        withStackShift(bytes - step, body)
    }
}

/// Keeps a value alive and opaque to the optimizer so benchmarked work is not removed.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
