"""The autograd benchmarks run with the Python DeZero; prints one JSON object per case, like dezero-bench."""
import json
import sys
import time

import numpy as np
from dezero import Variable


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


def goldstein(x, y):
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    return z


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    x = Variable(np.array(2.0))
    measure("x + x, 0-d, forward", lambda: x + x, 10_000, runs)

    def forward_backward():
        x.cleargrad()
        y = x + x
        y.backward()
    measure("x + x, 0-d, forward+backward", forward_backward, 10_000, runs)

    def goldstein_10000():
        for _ in range(10_000):
            a, b = Variable(np.array(1.0)), Variable(np.array(1.0))
            z = goldstein(a, b)
            z.backward()
    measure("Goldstein-Price gradient x10000", goldstein_10000, 1, max(3, runs // 4))


if __name__ == "__main__":
    main()
