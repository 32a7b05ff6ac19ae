"""PyTorch on CUDA, the peer of the GPU benchmark table (scripts/gpu-check.sh runs it on the GPU
machine): prints one JSON line per case, `{"name", "seconds", "peer", "device"}`, the median
seconds per call, as the other peers' scripts do (a copy also gives `bytes_per_second`).

    python3 bench_gpu_torch.py [RUNS] [--device cuda|cpu] [--small] [--no-compile]

Cases (names from workloads.py; the sizes are in the names):
  - G0: device-to-device copy of 64M float32 (`dst.copy_(src)`), bytes read + written / time;
  - W3 at 64M float32: sum(exp(-y*y)*sin(x) + x/3), y = tanh(2x+1), forward + backward, eager
    and torch.compile;
  - W2, the MLP 784-1000-1000-10 SGD step (softmax cross entropy) at batch 100 and 4096, float32
    (TF32 off, as cuBLAS's default), eager and torch.compile;
  - W1's step (book step 48: 2-10-3, sigmoid, SGD lr 1, batch 30), eager and one CUDA graph
    replayed (the whole step captured, PyTorch's documented recipe).
torch.compile (mode default, dynamic=False, one fresh compile per case) reports its compile
time as a case of its own, "..., torch.compile compile time": the first call less a steady one.
On CUDA the time is read with CUDA events around `inner` calls after warm-ups; on the CPU with
perf_counter after a synchronize. `--device cpu --small` is the smoke test for machines without
a GPU (1M elements, batches 100 and 256, 3 runs). A case that fails prints its error on
standard error and the others still run. BENCH_FILTER=text keeps the cases whose name contains it.
"""
import argparse
import json
import sys
import time
import traceback

import numpy as np
import torch
import torch._dynamo
import torch.nn.functional as F

from harness import wants
from torch_models import chain, mlp, train_step
from workloads import (GPU_BATCHES, GPU_N, chain_input, gpu_copy_name, gpu_w1_name, gpu_w2_name,
                       gpu_w3_name, mlp_problem, spiral_problem, SPIRAL_BATCH)

COMPILE_TIME = ", torch.compile compile time"


class Bench:
    def __init__(self, device, runs, warmup):
        self.device = torch.device(device)
        self.cuda = self.device.type == "cuda"
        self.runs = runs
        self.warmup = warmup

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize()

    def time_calls(self, body, inner):
        """Seconds per call of `inner` calls of `body`, as the GPU (or the CPU) saw them."""
        if self.cuda:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(inner):
                body()
            end.record()
            end.synchronize()
            return start.elapsed_time(end) / 1e3 / inner
        self.sync()
        t0 = time.perf_counter()
        for _ in range(inner):
            body()
        self.sync()
        return (time.perf_counter() - t0) / inner

    def measure(self, name, peer, body, inner=1, runs=None, extra=None):
        """Warm-ups, then the median of `runs` timings; prints the case and returns its seconds."""
        for _ in range(self.warmup):
            body()
        self.sync()
        samples = sorted(self.time_calls(body, inner) for _ in range(runs or self.runs))
        seconds = samples[len(samples) // 2]
        self.report(name, peer, seconds, **(extra(seconds) if extra else {}))
        return seconds

    def report(self, name, peer, seconds, **extra):
        print(json.dumps({"name": name, "seconds": seconds, "peer": peer, "device": self.device.type, **extra}),
              flush=True)

    def first_call(self, body):
        """Wall seconds of one call (a compile), synchronized."""
        self.sync()
        t0 = time.perf_counter()
        body()
        self.sync()
        return time.perf_counter() - t0


def section(title, fn):
    """Runs one group of cases; a failure is printed and the next group runs."""
    start = time.perf_counter()
    try:
        fn()
    except Exception:  # noqa: BLE001 - one failing case must not lose the others' figures
        print(f"bench_gpu_torch: {title} failed:", file=sys.stderr)
        traceback.print_exc()
    print(f"bench_gpu_torch: {title}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


def copy_cases(b, n):
    name = gpu_copy_name(n)
    if not wants(name):
        return
    src = torch.randn(n, device=b.device)
    dst = torch.empty_like(src)
    moved = 2 * src.numel() * src.element_size()
    b.measure(name, "PyTorch", lambda: dst.copy_(src), inner=10,
              extra=lambda s: {"bytes_per_second": moved / s})


def chain_cases(b, n, compile_too):
    name = gpu_w3_name(n)
    if not wants(name):
        return
    x = torch.from_numpy(chain_input(n)).to(b.device).requires_grad_()

    def step_of(f):
        def step():
            x.grad = None
            f(x).backward()
        return step
    b.measure(name, "PyTorch", step_of(chain), inner=1, runs=min(b.runs, 11))
    if compile_too:
        torch._dynamo.reset()
        step = step_of(torch.compile(chain, dynamic=False))
        first = b.first_call(step)
        steady = b.measure(name, "torch.compile", step, inner=1, runs=min(b.runs, 11))
        b.report(name + COMPILE_TIME, "torch.compile", first - steady)


def mlp_cases(b, batches, compile_too):
    for batch in batches:
        name = gpu_w2_name(batch)
        if not wants(name):
            continue
        x, t, params = mlp_problem(batch)
        x, t = torch.from_numpy(x).to(b.device), torch.from_numpy(t).to(b.device)
        step = train_step(mlp(params, torch.nn.ReLU).to(b.device), 0.01)
        b.measure(name, "PyTorch", lambda: step(x, t), inner=5)
        if compile_too:
            torch._dynamo.reset()
            step = torch.compile(train_step(mlp(params, torch.nn.ReLU).to(b.device), 0.01), dynamic=False)
            first = b.first_call(lambda: step(x, t))
            steady = b.measure(name, "torch.compile", lambda: step(x, t), inner=5)
            b.report(name + COMPILE_TIME, "torch.compile", first - steady)


def spiral_cases(b):
    name = gpu_w1_name()
    if not wants(name):
        return
    x, t, params, perms = spiral_problem(epochs=1)
    index = perms[0][:SPIRAL_BATCH]
    xb, tb = torch.from_numpy(x[index]).to(b.device), torch.from_numpy(t[index]).to(b.device)
    step = train_step(mlp(params, torch.nn.Sigmoid).to(b.device), 1.0)
    b.measure(name, "PyTorch", lambda: step(xb, tb), inner=20)
    if not b.cuda:
        print("bench_gpu_torch: the CUDA graph case runs on CUDA only", file=sys.stderr)
        return
    # The whole step in one CUDA graph: warm-ups on a side stream, grads set to None before the
    # capture (backward allocates them from the graph's pool), then replays of the same step.
    model = mlp(params, torch.nn.Sigmoid).to(b.device)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    static_x, static_t = xb.clone(), tb.clone()

    def eager_step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(static_x), static_t)
        loss.backward()
        optimizer.step()
        return loss
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            eager_step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    optimizer.zero_grad(set_to_none=True)
    with torch.cuda.graph(graph):
        loss = F.cross_entropy(model(static_x), static_t)
        loss.backward()
        optimizer.step()
    b.measure(name, "PyTorch CUDA graph", graph.replay, inner=20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", nargs="?", type=int, default=21, help="timed runs per case (21)")
    parser.add_argument("--device", default="cuda", help="cuda (default) or cpu")
    parser.add_argument("--small", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--no-compile", action="store_true", help="leave the torch.compile cases out")
    args = parser.parse_args()
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit("bench_gpu_torch: torch sees no CUDA device (use --device cpu --small for a smoke test)")
    runs = min(args.runs, 3) if args.small else args.runs
    n = 1_000_000 if args.small else GPU_N
    batches = (100, 256) if args.small else GPU_BATCHES
    b = Bench(args.device, runs, warmup=1 if args.small else 3)
    torch.manual_seed(0)
    if b.cuda:
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        props = torch.cuda.get_device_properties(b.device)
        print(f"bench_gpu_torch: torch {torch.__version__}, CUDA {torch.version.cuda}, {props.name}, "
              f"{props.multi_processor_count} SMs, {props.total_memory / 2**30:.0f} GiB", file=sys.stderr)
    else:
        torch.set_num_threads(2)
        print(f"bench_gpu_torch: torch {torch.__version__} on the CPU (smoke test)", file=sys.stderr)
    compile_too = not args.no_compile
    section("copy", lambda: copy_cases(b, n))
    section("W1 step", lambda: spiral_cases(b))
    section("W2", lambda: mlp_cases(b, batches, compile_too))
    section("W3", lambda: chain_cases(b, n, compile_too))


if __name__ == "__main__":
    main()
