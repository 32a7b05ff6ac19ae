"""Issue 12's workloads W1-W3 as the peers run them: the case names (the same as dezero-bench's)
and the inputs, made with NumPy exactly as DeZero makes them, so every peer trains on the same
data in the same order."""
import numpy as np

W1 = "W1 spiral MLP training, 300 epochs x 10 steps (step 48)"
W2 = "W2 MLP 784-1000-1000-10 train step, batch 100 f32"
W3 = "W3 sum(exp(-y*y)*sin(x) + x/3), y = tanh(2x+1), 4M f32, forward+backward"
W5 = "W5 trace + compile of W1's step"

SPIRAL_BATCH = 30


def get_spiral(train=True):
    """DeZero's `dezero.datasets.get_spiral` (the peers' environment has no DeZero)."""
    np.random.seed(1984 if train else 2020)
    num_data, num_class, input_dim = 100, 3, 2
    data_size = num_class * num_data
    x = np.zeros((data_size, input_dim), dtype=np.float32)
    t = np.zeros(data_size, dtype=np.int64)
    for j in range(num_class):
        for i in range(num_data):
            rate = i / num_data
            radius = 1.0 * rate
            theta = j * 4.0 + 4.0 * rate + np.random.randn() * 0.2
            ix = num_data * j + i
            x[ix] = np.array([radius * np.sin(theta), radius * np.cos(theta)]).flatten()
            t[ix] = j
    indices = np.random.permutation(num_data * num_class)
    return x[indices], t[indices]


def linear_weight(in_size, out_size):
    """A weight as DeZero's `L.Linear` draws it: randn(in, out) * sqrt(1 / in), float32."""
    return (np.random.randn(in_size, out_size).astype(np.float32) * np.sqrt(1 / in_size)).astype(np.float32)


def spiral_problem(epochs=300):
    """Book step 48's data, initial parameters and batch order, drawn in the book's order
    (DeZero draws the weights at the first step, after the first epoch's permutation):
    x, t, [W1, b1, W2, b2] (W as (in, out)) and one permutation per epoch."""
    np.random.seed(0)
    x, t = get_spiral()
    perms = [np.random.permutation(len(x))]
    params = [linear_weight(2, 10), np.zeros(10, np.float32), linear_weight(10, 3), np.zeros(3, np.float32)]
    perms += [np.random.permutation(len(x)) for _ in range(epochs - 1)]
    return x, t, params, perms


def train_spiral(step, problem):
    """Book step 48's loop around `step(x_batch, t_batch) -> loss` (NumPy batches in, a scalar
    out), each loss read on the host. Returns the last epoch's mean loss."""
    x, t, _, perms = problem
    for index in perms:
        sum_loss = 0.0
        for i in range(0, len(index), SPIRAL_BATCH):
            batch = index[i:i + SPIRAL_BATCH]
            sum_loss += float(step(x[batch], t[batch])) * len(batch)
    return sum_loss / len(x)


def mlp_problem(batch=100):
    """W2's batch (`batch` x 784 uniform float32, labels in 0..<10) and DeZero-style initial
    parameters [W1, b1, W2, b2, W3, b3] of the MLP 784-1000-1000-10."""
    np.random.seed(0)
    x = np.random.rand(batch, 784).astype(np.float32)
    t = np.random.randint(0, 10, size=batch)
    sizes = [784, 1000, 1000, 10]
    params = []
    for i, o in zip(sizes, sizes[1:]):
        params += [linear_weight(i, o), np.zeros(o, np.float32)]
    return x, t, params


def chain_input(n=4_000_000):
    """W3's x: `n` (4M) float32 standard normal samples, seed 0."""
    np.random.seed(0)
    return np.random.randn(n).astype(np.float32)


# The GPU table's cases (scripts/gpu-check.sh; the names dezero-gpu-check's bench must print):
# W1's step, W2 at two batch sizes and W3 at 64M elements, each with ", GPU" at the end, and a
# device-to-device copy as the memory ceiling. The sizes are parameters so that a CPU smoke run
# (bench_gpu_torch.py --small) names what it ran.
GPU_N = 64_000_000
GPU_BATCHES = (100, 4096)


def count_text(n):
    """4_000_000 -> "4M", 1_000_000 -> "1M", 1000 -> "1000"."""
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else str(n)


def gpu_copy_name(n=GPU_N):
    return f"G0 device-to-device copy, {count_text(n)} f32, GPU"


def gpu_w1_name():
    return "W1 spiral MLP train step, batch 30 (step 48), GPU"


def gpu_w2_name(batch):
    return f"W2 MLP 784-1000-1000-10 train step, batch {batch} f32, GPU"


def gpu_w3_name(n=GPU_N):
    return f"W3 sum(exp(-y*y)*sin(x) + x/3), y = tanh(2x+1), {count_text(n)} f32, forward+backward, GPU"
