"""The autograd benchmarks run with the Python DeZero; prints one JSON object per case, like dezero-bench."""
import json
import sys
import time

import math

import numpy as np
import dezero.functions as F
from dezero import Variable
from dezero.datasets import get_spiral
from dezero.models import MLP
from dezero.optimizers import SGD


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


def train_spiral(epochs=300):
    """Book step 48."""
    np.random.seed(0)
    x, t = get_spiral(train=True)
    model = MLP((10, 3))
    optimizer = SGD(1.0).setup(model)
    data_size, batch_size = len(x), 30
    max_iter = math.ceil(data_size / batch_size)
    for _ in range(epochs):
        index = np.random.permutation(data_size)
        sum_loss = 0.0
        for i in range(max_iter):
            batch_index = index[i * batch_size:(i + 1) * batch_size]
            y = model(x[batch_index])
            loss = F.softmax_cross_entropy(y, t[batch_index])
            model.cleargrads()
            loss.backward()
            optimizer.update()
            sum_loss += float(loss.data) * len(batch_index)
    return sum_loss / data_size


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
    measure("spiral MLP training, 300 epochs (step 48)", train_spiral, 1, 3)

    np.random.seed(0)
    x = np.random.rand(100, 784).astype(np.float32)
    t = np.random.randint(0, 10, size=100)
    model = MLP((1000, 1000, 10), activation=F.relu)
    optimizer = SGD(0.01).setup(model)

    def train_step():
        loss = F.softmax_cross_entropy(model(x), t)
        model.cleargrads()
        loss.backward()
        optimizer.update()
    measure("MLP 784-1000-1000-10 train step, batch 100 f32", train_step, 5, runs)


if __name__ == "__main__":
    main()
