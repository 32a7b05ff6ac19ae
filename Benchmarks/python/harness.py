"""The timing loop the Python peers share, the same as dezero-bench's Harness: one warm-up
call, then `runs` timed runs of `inner` calls; prints the median seconds per call as one JSON
line, `{"name": ..., "seconds": ...}`."""
import json
import time


def measure(name, body, inner=1, runs=21):
    body()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(inner):
            body()
        samples.append((time.perf_counter() - start) / inner)
    samples.sort()
    print(json.dumps({"name": name, "seconds": samples[len(samples) // 2]}), flush=True)
