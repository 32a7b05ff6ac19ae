"""The training benchmarks with PyTorch on the CPU (run only when torch is installed)."""
import math
import sys

import numpy as np
import torch
from dezero.datasets import get_spiral

from harness import measure


def train_spiral(epochs=300):
    np.random.seed(0)
    x, t = get_spiral(train=True)
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    model = torch.nn.Sequential(torch.nn.Linear(2, 10), torch.nn.Sigmoid(), torch.nn.Linear(10, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    data_size, batch_size = len(x), 30
    for _ in range(epochs):
        index = torch.from_numpy(np.random.permutation(data_size))
        for i in range(math.ceil(data_size / batch_size)):
            batch = index[i * batch_size:(i + 1) * batch_size]
            loss = torch.nn.functional.cross_entropy(model(x[batch]), t[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    torch.set_num_threads(2)
    measure("spiral MLP training, 300 epochs (step 48)", train_spiral, 1, 3)
    x = torch.rand(100, 784)
    t = torch.randint(0, 10, (100,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 1000), torch.nn.ReLU(), torch.nn.Linear(1000, 1000),
                                torch.nn.ReLU(), torch.nn.Linear(1000, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def train_step():
        loss = torch.nn.functional.cross_entropy(model(x), t)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    measure("MLP 784-1000-1000-10 train step, batch 100 f32", train_step, 5, runs)


if __name__ == "__main__":
    main()
