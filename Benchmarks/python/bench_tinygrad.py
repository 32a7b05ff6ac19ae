"""W1-W3 with tinygrad on the CPU: each step one `TinyJit` function (captured on its second
call, replayed after)."""
import sys

from tinygrad import Tensor, TinyJit, nn
from tinygrad.helpers import Context

from harness import measure, wants
from workloads import W1, W2, W3, chain_input, mlp_problem, spiral_problem, train_spiral


class MLP:
    """Linear layers over DeZero-style [W (in, out), b, ...], `activation` between them."""
    def __init__(self, params, activation):
        self.layers = [nn.Linear(*w.shape) for w in params[::2]]
        self.activation = activation
        self.reset(params)

    def reset(self, params):
        """Puts `params` back, in place."""
        for layer, w, b in zip(self.layers, params[::2], params[1::2]):
            layer.weight.assign(Tensor(w.T.copy())).realize()
            layer.bias.assign(Tensor(b)).realize()

    def __call__(self, x):
        for layer in self.layers[:-1]:
            x = self.activation(layer(x))
        return self.layers[-1](x)


def train_step(model, lr):
    """A jitted SGD step of a classifier: (x, t) -> loss."""
    optimizer = nn.optim.SGD(nn.state.get_parameters(model), lr=lr)

    @TinyJit
    def step(x, t):
        with Context(TRAINING=1):
            optimizer.zero_grad()
            loss = model(x).sparse_categorical_crossentropy(t).backward()
            # The loss realized with the update: realized after it, it would see the new weights.
            return loss.realize(*optimizer.schedule_step())
    return step


def chain(x):
    """W3's function and its gradient: sum(exp(-y*y) * sin(x) + x/3), y = tanh(2x + 1)."""
    y = (2 * x + 1).tanh()
    loss = ((-y * y).exp() * x.sin() + x / 3).sum()
    grad = loss.gradient(x)[0]
    Tensor.realize(loss, grad)
    return loss, grad


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    if wants(W1):
        problem = spiral_problem()
        model = MLP(problem[2], Tensor.sigmoid)
        jitted = train_step(model, 1.0)
        step = lambda x, t: jitted(Tensor(x), Tensor(t)).item()

        def w1():
            model.reset(problem[2])
            train_spiral(step, problem)
        measure(W1, w1, 1, 3)

    if wants(W2):
        x, t, params = mlp_problem()
        x, t = Tensor(x).realize(), Tensor(t).realize()
        step = train_step(MLP(params, Tensor.relu), 0.01)
        measure(W2, lambda: step(x, t), 5, runs)

    if wants(W3):
        x = Tensor(chain_input()).realize()
        f = TinyJit(chain)
        measure(W3, lambda: f(x), 1, min(runs, 11))


if __name__ == "__main__":
    main()
