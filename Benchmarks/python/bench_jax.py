"""W1-W3 and W5 with JAX on the CPU: each step one `jax.jit` function (parameters in, updated
parameters out, their buffers donated); W5 is the trace, lowering and XLA compile of W1's step."""
import sys
import time

import jax
import jax.numpy as jnp

from harness import measure, report, wants
from workloads import W1, W2, W3, W5, chain_input, mlp_problem, spiral_problem, train_spiral


def mlp(params, x, activation):
    """An MLP over [W (in, out), b, ...]: activation between the layers."""
    for i in range(0, len(params) - 2, 2):
        x = activation(x @ params[i] + params[i + 1])
    return x @ params[-2] + params[-1]


def train_step(activation, lr):
    """A jitted SGD step of a classifier: (params, x, t) -> (new params, loss)."""
    def loss(params, x, t):
        logp = jax.nn.log_softmax(mlp(params, x, activation))
        return -jnp.mean(jnp.take_along_axis(logp, t[:, None], axis=1))

    def step(params, x, t):
        value, grads = jax.value_and_grad(loss)(params, x, t)
        return [p - lr * g for p, g in zip(params, grads)], value
    return jax.jit(step, donate_argnums=0)


class Trainer:
    """Holds the parameters between steps: `trainer(x, t)` runs one step, returns the loss."""
    def __init__(self, step, params):
        self.step, self.params = step, [jnp.asarray(p) for p in params]

    def __call__(self, x, t):
        self.params, loss = self.step(self.params, x, t)
        return loss


def chain(x):
    """W3's function: sum(exp(-y*y) * sin(x) + x/3), y = tanh(2x + 1)."""
    y = jnp.tanh(2 * x + 1)
    return jnp.sum(jnp.exp(-y * y) * jnp.sin(x) + x / 3)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    problem = spiral_problem()
    x, t, params, perms = problem
    if wants(W5):
        samples = []
        for _ in range(3):
            jax.clear_caches()
            start = time.perf_counter()
            train_step(jax.nn.sigmoid, 1.0).lower(params, x[perms[0][:30]], t[perms[0][:30]]).compile()
            samples.append(time.perf_counter() - start)
        report(W5, samples)

    step = train_step(jax.nn.sigmoid, 1.0)
    measure(W1, lambda: train_spiral(Trainer(step, params), problem), 1, 3)

    if wants(W2):
        x, t, params = mlp_problem()
        x, t = jnp.asarray(x), jnp.asarray(t)
        trainer = Trainer(train_step(jax.nn.relu, 0.01), params)
        measure(W2, lambda: trainer(x, t).block_until_ready(), 5, runs)

    if wants(W3):
        x = jnp.asarray(chain_input())
        f = jax.jit(jax.value_and_grad(chain))
        measure(W3, lambda: jax.block_until_ready(f(x)), 1, min(runs, 11))


if __name__ == "__main__":
    main()
