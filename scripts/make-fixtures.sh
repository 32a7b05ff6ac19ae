#!/usr/bin/env bash
# `make fixtures`: regenerates every committed test fixture by running the real NumPy / DeZero
# (scripts/fixtures/*.py in the .venv made by scripts/python-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(bash scripts/python-env.sh)"
for script in scripts/fixtures/*.py; do
    echo "running $script"
    "$python" "$script"
done
