"""W1-W3 written for PyTorch, shared by bench_torch.py (eager) and bench_torch_compile.py: the
models with DeZero's initial parameters, the training steps and W3's function."""
import torch
import torch.nn.functional as F

from workloads import chain_input


def mlp(params, activation):
    """An MLP whose Linear layers start from DeZero-style [W (in, out), b, ...]."""
    layers = []
    for w, b in zip(params[::2], params[1::2]):
        linear = torch.nn.Linear(*w.shape)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w.T))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, activation()]
    return torch.nn.Sequential(*layers[:-1])


def reset(model, params):
    """Puts `params` back into `model` (made by `mlp`), in place."""
    with torch.no_grad():
        for p, value in zip(model.parameters(), params):
            p.copy_(torch.from_numpy(value.T if value.ndim == 2 else value))


def train_step(model, lr):
    """One SGD step of a classifier: (x, t) -> loss."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)

    def step(x, t):
        loss = F.cross_entropy(model(x), t)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss
    return step


def spiral_step(step):
    """W1's step from NumPy batches."""
    return lambda x, t: step(torch.from_numpy(x), torch.from_numpy(t)).item()


def chain(x):
    """W3's function: sum(exp(-y*y) * sin(x) + x/3), y = tanh(2x + 1)."""
    y = torch.tanh(2 * x + 1)
    return torch.sum(torch.exp(-y * y) * torch.sin(x) + x / 3)


def chain_step(f):
    """W3's timed body for `f` (`chain` or its compiled form): forward and backward on W3's x."""
    x = torch.from_numpy(chain_input()).requires_grad_()

    def step():
        x.grad = None
        f(x).backward()
    return step
