"""W1-W3 with PyTorch's eager mode on the CPU (run when torch is installed)."""
import sys

import torch

from harness import measure, wants
from torch_models import chain, chain_step, mlp, spiral_step, train_step
from workloads import W1, W2, W3, mlp_problem, spiral_problem, train_spiral


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    torch.set_num_threads(2)
    problem = spiral_problem()

    def w1():
        """A fresh model each run: the book's training from its first step."""
        model = mlp(problem[2], torch.nn.Sigmoid)
        train_spiral(spiral_step(train_step(model, 1.0)), problem)
    measure(W1, w1, 1, 3)

    x, t, params = mlp_problem()
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    step = train_step(mlp(params, torch.nn.ReLU), 0.01)
    measure(W2, lambda: step(x, t), 5, runs)

    if wants(W3):
        measure(W3, chain_step(chain), 1, min(runs, 11))


if __name__ == "__main__":
    main()
