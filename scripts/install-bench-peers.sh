#!/usr/bin/env bash
# Creates .venv-peers with the peers of `make bench` that compile (PyTorch with torch.compile, JAX,
# tinygrad; run on the CPU), apart from .venv: the Python DeZero there needs NumPy 1.23, these need a
# newer one. scripts/bench.sh runs their scripts when this environment exists. Prints the
# interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-peers/bin/python ] || ! .venv-peers/bin/python -c "import torch, jax, tinygrad" >/dev/null 2>&1; then
    python3 -m venv .venv-peers >&2
    # PyPI's torch wheel brings CUDA libraries (most of the 6 GB) that these CPU runs do not
    # use, but torch does not import without them. torch.compile's CPU backend needs g++.
    .venv-peers/bin/pip install -q --disable-pip-version-check numpy torch "jax[cpu]" tinygrad >&2
fi
echo "$PWD/.venv-peers/bin/python"
