#!/usr/bin/env bash
# Creates .venv-nvrtc with NVIDIA's NVRTC from PyPI (about 90 MB; no GPU or driver needed), which
# the CUDA kernel checks of `make test` use to compile every generated kernel to PTX and to an
# sm_90 cubin. Prints the path of libnvrtc; prints nothing and exits 0 when it cannot be installed
# (then those checks skip and say so).
set -uo pipefail
cd "$(dirname "$0")/.."
lib() { ls .venv-nvrtc/lib/python3*/site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12 2>/dev/null | head -1; }
if [ -z "$(lib)" ]; then
    { python3 -m venv .venv-nvrtc &&
        .venv-nvrtc/bin/pip install -q --disable-pip-version-check nvidia-cuda-nvrtc-cu12==12.9.86; } >&2 ||
        { echo "install-nvrtc: could not install nvidia-cuda-nvrtc-cu12; the NVRTC checks will skip" >&2; exit 0; }
fi
[ -n "$(lib)" ] && echo "$PWD/$(lib)"
exit 0
