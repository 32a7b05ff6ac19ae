"""The benchmarks run with the Python DeZero (issue 12's W1-W3 among them); prints one JSON object
per case, like dezero-bench."""
import math
import sys

import numpy as np
import dezero.functions as F
import dezero.layers as L
from dezero import Variable
from dezero.datasets import get_spiral
from dezero.models import MLP, Sequential
from dezero.optimizers import SGD, Adam

from harness import measure, wants
from workloads import W1, W2, W3, chain_input


def goldstein(x, y):
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    return z


def train_spiral(epochs=300):
    """Book step 48 (W1)."""
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
    measure(W1, train_spiral, 1, 3)

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
    measure(W2, train_step, 5, runs)
    if wants(W3):
        x = chain_input()

        def chain():
            v = Variable(x)
            y = F.tanh(2 * v + 1)
            F.sum(F.exp(-y * y) * F.sin(v) + v / 3).backward()
        measure(W3, chain, 1, min(runs, 11))
    gan = "DCGAN train step, batch 128 (examples/gan.py)"
    if wants(gan):
        measure(gan, gan_step(), 1, min(runs, 5))


def gan_step():
    """One training step of examples/gan.py (discriminator, then generator), batch 128."""
    batch_size, hidden_size = 128, 62
    np.random.seed(0)
    gen = Sequential(
        L.Linear(1024), L.BatchNorm(), F.relu,
        L.Linear(128 * 7 * 7), L.BatchNorm(), F.relu,
        lambda x: F.reshape(x, (-1, 128, 7, 7)),
        L.Deconv2d(64, kernel_size=4, stride=2, pad=1), L.BatchNorm(), F.relu,
        L.Deconv2d(1, kernel_size=4, stride=2, pad=1), F.sigmoid)
    dis = Sequential(
        L.Conv2d(64, kernel_size=4, stride=2, pad=1), F.leaky_relu,
        L.Conv2d(128, kernel_size=4, stride=2, pad=1), L.BatchNorm(), F.leaky_relu,
        F.flatten,
        L.Linear(1024), L.BatchNorm(), F.leaky_relu,
        L.Linear(1), F.sigmoid)
    dis(gen(np.random.rand(1, hidden_size)))
    for layer in dis.layers + gen.layers:
        if layer.__class__.__name__.lower() in ("conv2d", "linear", "deconv2d"):
            layer.W.data = 0.02 * np.random.randn(*layer.W.data.shape)
    opt_g = Adam(alpha=0.0002, beta1=0.5).setup(gen)
    opt_d = Adam(alpha=0.0002, beta1=0.5).setup(dis)
    x = np.random.rand(batch_size, 1, 28, 28).astype(np.float32)
    label_real = np.ones(batch_size).astype(int)
    label_fake = np.zeros(batch_size).astype(int)

    def step():
        z = np.random.randn(batch_size, hidden_size).astype(np.float32)
        fake = gen(z)
        loss_d = F.binary_cross_entropy(dis(x), label_real) + F.binary_cross_entropy(dis(fake.data), label_fake)
        gen.cleargrads()
        dis.cleargrads()
        loss_d.backward()
        opt_d.update()
        loss_g = F.binary_cross_entropy(dis(fake), label_real)
        gen.cleargrads()
        dis.cleargrads()
        loss_g.backward()
        opt_g.update()
    return step


if __name__ == "__main__":
    main()
