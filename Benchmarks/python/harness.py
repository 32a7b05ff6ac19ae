"""The timing loop the Python peers share, the same as dezero-bench's Harness: one warm-up
call, then `runs` timed runs of `inner` calls; prints the median seconds per call as one JSON
line, `{"name": ..., "seconds": ...}`. BENCH_FILTER=text runs only the cases whose name
contains it."""
import json
import os
import time

FILTER = os.environ.get("BENCH_FILTER")


def wants(*names):
    """Whether any of the cases `names` runs (to skip a costly setup)."""
    return any(FILTER is None or FILTER in name for name in names)


def measure(name, body, inner=1, runs=21):
    if not wants(name):
        return
    body()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(inner):
            body()
        samples.append((time.perf_counter() - start) / inner)
    report(name, samples)


def report(name, samples):
    """Prints the median of `samples` (seconds) as the case `name`."""
    if wants(name):
        samples = sorted(samples)
        print(json.dumps({"name": name, "seconds": samples[len(samples) // 2]}), flush=True)
