#!/usr/bin/env bash
# `make bench`: our benchmarks and the Python peers' in one run, as a table of medians and ratios.
# Peers: NumPy 1.23 and the Python DeZero in .venv; PyTorch (eager and torch.compile), JAX and
# tinygrad in .venv-peers when scripts/install-bench-peers.sh made it (PyTorch also from .venv
# where installed there); the system python3's NumPy when present. BENCH_RUNS sets the runs per
# case (21), BENCH_FILTER=text keeps the cases whose name contains it (W runs issue 12's table).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${BENCH_RUNS:-21}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
swift build -c release --product dezero-bench >&2
python="$(bash scripts/python-env.sh)"
peers_python="$PWD/.venv-peers/bin/python"
[ -x "$peers_python" ] || peers_python="$python"
.build/release/dezero-bench "$runs" | tee "$out/ours.jsonl" >&2
peers=()

# peer LABEL PYTHON SCRIPT MODULE: runs Benchmarks/python/SCRIPT when PYTHON imports MODULE.
peer() {
    if "$2" -c "import $4" >/dev/null 2>&1; then
        "$2" "Benchmarks/python/$3" "$runs" | tee "$out/$1.jsonl" >&2 || echo "bench: $3 failed; its figures so far are kept" >&2
        peers+=("$1=$out/$1.jsonl")
    else
        echo "bench: $1 skipped ($4 is not installed; see scripts/install-bench-peers.sh)" >&2
    fi
}
peer DeZero "$python" bench_dezero.py dezero
peer PyTorch "$peers_python" bench_torch.py torch
peer torch.compile "$peers_python" bench_torch_compile.py torch
peer JAX "$peers_python" bench_jax.py jax
peer tinygrad "$peers_python" bench_tinygrad.py tinygrad
peer "NumPy-$("$python" -c 'import numpy; print(numpy.__version__)')" "$python" bench_numpy.py numpy
if python3 -c "import numpy" >/dev/null 2>&1; then
    peer "NumPy-$(python3 -c 'import numpy; print(numpy.__version__)')" python3 bench_numpy.py numpy
fi
echo
python3 scripts/bench_table.py "$out/ours.jsonl" "${peers[@]}"
