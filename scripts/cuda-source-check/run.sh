#!/bin/bash
# Checks the generated CUDA source on a machine with a GPU and the CUDA toolkit: NVRTC compiles
# every module for sm_90 with --fmad=false, and the generic kernels (reductions in splits,
# arg-reductions, int and bool sums, strided copy) run with 256-thread blocks against host loops.
# The modules come from the test that writes them:
#   DEZERO_CUDA_SOURCES=DIR swift test --filter CUDASourceExport
# Usage: scripts/cuda-source-check/run.sh DIR
set -e
dir=$(cd "${1:?usage: run.sh DIR (the folder of generated .cu modules)}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
nvcc=$(command -v nvcc || ls /usr/local/cuda*/bin/nvcc 2>/dev/null | head -1)
cuda=${CUDA_HOME:-${nvcc%/bin/nvcc}}
g++ -O1 -o "$dir/check" "$here/check.cpp" -I"$cuda/include" -L"$cuda/lib64" -lnvrtc -lcuda
cd "$dir" && ./check generic.cu $(ls *.cu | grep -v '^generic.cu$')
