// dezero-bench [RUNS]: prints one JSON line per case (median seconds per call, or bytes);
// BENCH_FILTER=text runs only the cases whose name contains it. scripts/bench.sh puts the
// figures beside the Python peers'. The cases live in functions outside this file: top-level
// code is main-actor isolated, and its closures would time Swift's isolation checks too.
let harness = Harness(runs: Int(CommandLine.arguments.dropFirst().first ?? "") ?? 21)
arrayBenchmarks(harness)
autogradBenchmarks(harness)
trainingBenchmarks(harness)
compilerBenchmarks(harness)
elementwiseBenchmark(harness)
memoryBenchmark(harness)
compileTimeBenchmark(harness)
ganBenchmark(harness)
