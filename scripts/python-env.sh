#!/usr/bin/env bash
# Creates .venv with the Python peers: NumPy 1.23 (what the Python DeZero needs), matplotlib < 3.8
# and DeZero itself. Fixture scripts and benchmarks run in it. Prints the interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import numpy, dezero" >/dev/null 2>&1; then
    python3 -m venv .venv >&2
    .venv/bin/pip install -q --disable-pip-version-check "numpy==1.23.5" "matplotlib<3.8" dezero >&2
fi
echo "$PWD/.venv/bin/python"
