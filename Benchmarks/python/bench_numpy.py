"""The NDArray microbenchmarks run with NumPy; prints one JSON object per case, like dezero-bench."""
import sys

import numpy as np

from harness import measure


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    n = 1_000_000
    i = np.arange(n)
    x = ((i % 1000).astype(np.float32) * np.float32(0.001) - np.float32(0.5)).astype(np.float32)
    y = ((i % 777).astype(np.float32) * np.float32(0.002) + np.float32(0.1)).astype(np.float32)
    measure("add 1M f32", lambda: x + y, 10, runs)
    measure("mul 1M f32", lambda: x * y, 10, runs)
    measure("exp 1M f32", lambda: np.exp(x), 10, runs)
    measure("tanh 1M f32", lambda: np.tanh(x), 10, runs)
    measure("sum 1M f32", lambda: x.sum(), 10, runs)
    j = np.arange(1024 * 1024)
    a = ((j % 97).astype(np.float32) * np.float32(0.01)).reshape(1024, 1024)
    b = ((j % 89).astype(np.float32) * np.float32(0.01)).reshape(1024, 1024)
    measure("matmul 1024x1024 f32", lambda: a @ b, 1, runs)
    k = np.arange(784 * 1000)
    p = ((np.arange(100 * 784) % 97).astype(np.float32) * np.float32(0.01)).reshape(100, 784)
    q = ((k % 89).astype(np.float32) * np.float32(0.01)).reshape(784, 1000)
    measure("matmul 100x784 @ 784x1000 f32", lambda: p @ q, 10, runs)
    s = ((np.arange(300) % 17).astype(np.float32) * np.float32(0.1) - np.float32(0.8)).reshape(30, 10)
    t = ((np.arange(300) % 13).astype(np.float32) * np.float32(0.1) + np.float32(0.2)).reshape(30, 10)
    bias = np.arange(10).astype(np.float32) * np.float32(0.1)
    w = ((np.arange(30) % 7).astype(np.float32) * np.float32(0.1)).reshape(10, 3)
    measure("add 30x10 f32", lambda: s + t, 1000, runs)
    measure("add 30x10 + 10 (bias) f32", lambda: s + bias, 1000, runs)
    measure("mul 30x10 by scalar f32", lambda: s * 0.5, 1000, runs)
    measure("exp 30x10 f32", lambda: np.exp(s), 1000, runs)
    measure("sum axis 1 30x10 f32", lambda: s.sum(axis=1, keepdims=True), 1000, runs)
    measure("matmul 30x10 @ 10x3 f32", lambda: s @ w, 1000, runs)


if __name__ == "__main__":
    main()
