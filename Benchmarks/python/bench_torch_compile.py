"""W1-W3 and W5 with `torch.compile` on the CPU (Inductor's C++ backend): the steady state after
the compile, and the compile itself as W5. The whole training step is compiled (a graph break at
`backward()`, as torch.compile handles training steps)."""
import sys
import time

import torch
import torch._dynamo

from harness import measure, report, wants
from torch_models import chain, chain_step, mlp, reset, spiral_step, train_step
from workloads import W1, W2, W3, W5, mlp_problem, spiral_problem, train_spiral


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    torch.set_num_threads(2)
    problem = spiral_problem()
    x0, t0 = (torch.from_numpy(a[problem[3][0][:30]]) for a in problem[:2])

    if wants(W5):
        # A fresh compile each run (Inductor's on-disk cache kept, as our C compiler's).
        samples = []
        for _ in range(3):
            torch._dynamo.reset()
            step = torch.compile(train_step(mlp(problem[2], torch.nn.Sigmoid), 1.0))
            start = time.perf_counter()
            step(x0, t0)
            first = time.perf_counter() - start
            start = time.perf_counter()
            step(x0, t0)
            samples.append(first - (time.perf_counter() - start))
        report(W5, samples)

    if wants(W1):
        # One model and compiled step, its parameters reset before each run.
        model = mlp(problem[2], torch.nn.Sigmoid)
        step = spiral_step(torch.compile(train_step(model, 1.0)))

        def w1():
            reset(model, problem[2])
            train_spiral(step, problem)
        measure(W1, w1, 1, 3)

    if wants(W2):
        x, t, params = mlp_problem()
        x, t = torch.from_numpy(x), torch.from_numpy(t)
        step = torch.compile(train_step(mlp(params, torch.nn.ReLU), 0.01))
        step(x, t)
        measure(W2, lambda: step(x, t), 5, runs)

    if wants(W3):
        measure(W3, chain_step(torch.compile(chain)), 1, min(runs, 11))


if __name__ == "__main__":
    main()
