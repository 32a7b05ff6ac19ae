#!/usr/bin/env bash
# `make bench`: our benchmarks and the Python peers' in one run, as a table of medians and ratios.
# Peers: NumPy 1.23 and the Python DeZero in .venv, PyTorch when installed there
# (`.venv/bin/pip install torch`), and the system python3's NumPy when present.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${BENCH_RUNS:-21}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
swift build -c release --product dezero-bench >&2
python="$(bash scripts/python-env.sh)"
.build/release/dezero-bench "$runs" | tee "$out/ours.jsonl" >&2
peers=()
"$python" Benchmarks/python/bench_numpy.py "$runs" | tee "$out/numpy.jsonl" >&2
peers+=("NumPy-$("$python" -c 'import numpy; print(numpy.__version__)')=$out/numpy.jsonl")
"$python" Benchmarks/python/bench_dezero.py "$runs" | tee "$out/dezero.jsonl" >&2
peers+=("DeZero=$out/dezero.jsonl")
if "$python" -c "import torch" >/dev/null 2>&1; then
    "$python" Benchmarks/python/bench_torch.py "$runs" | tee "$out/torch.jsonl" >&2
    peers+=("PyTorch=$out/torch.jsonl")
fi
if python3 -c "import numpy" >/dev/null 2>&1; then
    python3 Benchmarks/python/bench_numpy.py "$runs" | tee "$out/numpy-system.jsonl" >&2
    peers+=("NumPy-$(python3 -c 'import numpy; print(numpy.__version__)')=$out/numpy-system.jsonl")
fi
echo
python3 scripts/bench_table.py "$out/ours.jsonl" "${peers[@]}"
