#!/usr/bin/env bash
# The GPU check: the one script run on the GPU machine (no Swift there), from the repository root,
# over binaries built here by scripts/build-gpu-check.sh and carried in .gpu/:
#
#   bash scripts/gpu-check.sh            # OUT=folder for the logs (./gpu-out when unset)
#
# 1. Machine facts (GPU, driver, glibc, python3's torch, compilers) into $OUT/facts.txt.
# 2. Finds libcuda.so.1 (the driver's), libnvrtc.so.N and libcublas.so.N (N = the driver's CUDA
#    major, else the newest; in the CUDA toolkit's folders or python3's site-packages/nvidia/*/lib)
#    and exports DEZERO_CUDA_LIBRARY, DEZERO_NVRTC_LIBRARY, DEZERO_CUBLAS_LIBRARY; the folders of
#    NVRTC (its libnvrtc-builtins) and cuBLAS (its libcublasLt) go on LD_LIBRARY_PATH.
# 3. Unpacks .gpu/bin/NAME.xz into /tmp/dezero-gpu-check/bin/NAME (GPU_CHECK_BIN); .gpu/lib, if
#    any, goes on LD_LIBRARY_PATH.
# 4. Runs each step under `timeout`, its output teed into $OUT/steps.txt; a failing or timed-out
#    step is noted and the next one runs: the parity suite's three parts (dezero-gpu-check eager,
#    compiled, training), book step 52 on the GPU and on the CPU (dezero-examples), the GPU
#    benchmarks (dezero-gpu-check bench), then PyTorch on the same card
#    (Benchmarks/python/bench_gpu_torch.py).
# 5. A summary (each step's exit status and seconds) into $OUT/summary.txt.
# The steps fit 8 minutes: the timeouts below add up to 8 (override with GPU_CHECK_*_TIMEOUT).
# GPU_CHECK_PYTHON (python3) and GPU_CHECK_TORCH_ARGS (none) let it be tried on a machine without
# a GPU: GPU_CHECK_PYTHON=.venv-peers/bin/python GPU_CHECK_TORCH_ARGS="--device cpu --small".
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-./gpu-out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY=${GPU_CHECK_PYTHON:-python3}
export PYTHONUNBUFFERED=1
export DEZERO_KERNEL_CACHE=${DEZERO_KERNEL_CACHE:-/tmp/dezero-gpu-check/kernels}
script_start=$(date +%s)

# ---- 1. facts ----------------------------------------------------------------------------
facts() {
    echo "date: $(date -u +%FT%TZ)"
    echo "uname: $(uname -srm)"
    echo "cpus: $(nproc)"
    echo "glibc: $(ldd --version 2>&1 | head -1)"
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi -L
        nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader
        nvidia-smi | grep -o 'CUDA Version: [0-9.]*' | head -1
    else
        echo "nvidia-smi: not found"
    fi
    echo "python3: $(command -v "$PY") $("$PY" --version 2>&1)"
    "$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 | tail -1
    for tool in clang cc gcc nvcc xz; do echo "$tool: $(command -v $tool || echo none)"; done
}
facts 2>&1 | tee "$OUT/facts.txt"

# ---- 2. CUDA libraries -------------------------------------------------------------------
cuda_major=$(nvidia-smi 2>/dev/null | grep -o 'CUDA Version: [0-9]*' | head -1 | grep -o '[0-9]*$' || true)
site_libs=$("$PY" -c 'import site, glob; [print(d) for p in site.getsitepackages() for d in sorted(glob.glob(p + "/nvidia/*/lib"))]' 2>/dev/null || true)
search_dirs=(/usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib
    /usr/local/cuda*/lib64 /usr/local/cuda*/targets/x86_64-linux/lib $site_libs)

# candidates PATTERN: every match of PATTERN (a file name glob) in the folders, then ldconfig's,
# leaving out stubs, the toolkit's forward-compatibility driver and NVRTC's builtins and .alt.
candidates() {
    local d f
    for d in "${search_dirs[@]}"; do
        for f in "$d"/$1; do [ -e "$f" ] && echo "$f"; done
    done
    ldconfig -p 2>/dev/null | awk -v p="$1" '{ n = $1; gsub(/\./, "\\.", p); gsub(/\*/, ".*", p); if (n ~ "^" p "$") print $NF }'
}
pick() { # pick BASE: BASE.so.$cuda_major if found, else the newest BASE.so.N
    local all
    all=$(candidates "$1.so.[0-9]*" | grep -v -e stubs -e /compat/ -e builtins -e '\.alt\.' | awk '!seen[$0]++')
    [ -n "$all" ] || return 1
    if [ -n "$cuda_major" ] && echo "$all" | grep -q "/$1\.so\.$cuda_major\$"; then
        echo "$all" | grep "/$1\.so\.$cuda_major\$" | head -1
    else
        echo "$all" | awk -F'[.]so[.]' '{print $NF "\t" $0}' | sort -k1,1nr | cut -f2 | head -1
    fi
}
{
    echo "driver CUDA major: ${cuda_major:-unknown}"
    echo "searched: ${search_dirs[*]} and ldconfig -p"
    echo "libcuda candidates:";  candidates 'libcuda.so.1' | awk '!seen[$0]++' | sed 's/^/  /'
    echo "libnvrtc candidates:"; candidates 'libnvrtc.so*' | awk '!seen[$0]++' | sed 's/^/  /'
    echo "libcublas candidates:"; candidates 'libcublas.so*' | awk '!seen[$0]++' | sed 's/^/  /'
} 2>&1 | tee -a "$OUT/facts.txt"
cuda_lib=$(candidates 'libcuda.so.1' | grep -v -e stubs -e /compat/ | head -1)
nvrtc_lib=$(pick libnvrtc || true)
cublas_lib=$(pick libcublas || true)
[ -n "$cuda_lib" ] && export DEZERO_CUDA_LIBRARY=$cuda_lib
[ -n "$nvrtc_lib" ] && export DEZERO_NVRTC_LIBRARY=$nvrtc_lib
[ -n "$cublas_lib" ] && export DEZERO_CUBLAS_LIBRARY=$cublas_lib
for lib in "$nvrtc_lib" "$cublas_lib"; do
    [ -n "$lib" ] || continue
    case ":${LD_LIBRARY_PATH:-}:" in
        *":$(dirname "$lib"):"*) ;;
        *) export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;;
    esac
done
{
    echo "DEZERO_CUDA_LIBRARY=${DEZERO_CUDA_LIBRARY:-(not found)}"
    echo "DEZERO_NVRTC_LIBRARY=${DEZERO_NVRTC_LIBRARY:-(not found)}"
    echo "DEZERO_CUBLAS_LIBRARY=${DEZERO_CUBLAS_LIBRARY:-(not found)}"
    [ -n "$nvrtc_lib" ] && echo "beside NVRTC: $(cd "$(dirname "$nvrtc_lib")" && ls libnvrtc-builtins* 2>/dev/null | tr '\n' ' ')"
    echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
} 2>&1 | tee -a "$OUT/facts.txt"

# ---- 3. unpack the binaries --------------------------------------------------------------
# Outside the tree, so that a local try never leaves 80 MiB binaries in what `carry` sends.
bindir=${GPU_CHECK_BIN:-/tmp/dezero-gpu-check/bin}
mkdir -p "$bindir"
[ -d .gpu/lib ] && export LD_LIBRARY_PATH="$PWD/.gpu/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
for packed in .gpu/bin/*; do
    [ -f "$packed" ] || continue
    binary="$bindir/$(basename "${packed%.xz}")"
    if [ "$packed" = "${packed%.xz}" ]; then
        cp "$packed" "$binary"
    elif command -v xz >/dev/null; then
        xz -dc "$packed" >"$binary"
    else
        "$PY" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$packed" "$binary"
    fi
    chmod +x "$binary"
    echo "unpacked $binary ($(du -h "$binary" | cut -f1)); ldd:" | tee -a "$OUT/facts.txt"
    ldd "$binary" 2>&1 | sed 's/^/  /' | tee -a "$OUT/facts.txt"
done

# ---- 4. the steps ------------------------------------------------------------------------
summary=()
# step NAME SECONDS COMMAND...: runs COMMAND under timeout, its lines prefixed with [NAME] and
# teed into $OUT/steps.txt (one file: the device tool brings back at most 8).
step() {
    local name=$1 limit=$2 start rc
    shift 2
    echo "==== $name (timeout ${limit}s): $*"
    start=$(date +%s)
    timeout -k 10 "$limit" "$@" 2>&1 | sed "s/^/[$name] /" | tee -a "$OUT/steps.txt"
    rc=${PIPESTATUS[0]}
    local took=$(($(date +%s) - start)) verdict=ok
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then verdict="TIMED OUT"; elif [ "$rc" -ne 0 ]; then verdict="FAILED (exit $rc)"; fi
    echo "==== $name: $verdict after ${took}s"
    summary+=("$(printf '%-10s %-18s %4ss  %s' "$name" "$verdict" "$took" "$*")")
}
skip() {
    echo "==== $1: skipped ($2)"
    summary+=("$(printf '%-10s %-18s %4s   %s' "$1" "skipped" "-" "$2")")
}

check=$bindir/dezero-gpu-check
examples=$bindir/dezero-examples
# Each part in its own process, so that one crash does not hide the others' results.
if [ -x "$check" ]; then
    for part in eager compiled training; do
        step "$part" "${GPU_CHECK_PARITY_TIMEOUT:-50}" env DEZERO_LOG=cuda "$check" "$part"
    done
else
    skip parity "no $check"
fi
if [ -x "$examples" ]; then
    # Book step 52 on the GPU and the same run on the CPU: the accuracy curves must agree.
    mnist=(--synthetic --epochs 3 --limit 10000 --seed 0)
    step step52-gpu "${GPU_CHECK_STEP52_TIMEOUT:-45}" "$examples" step52 --gpu "${mnist[@]}"
    step step52-cpu "${GPU_CHECK_STEP52_TIMEOUT:-45}" "$examples" step52 "${mnist[@]}"
else
    skip step52 "no $examples"
fi
if [ -x "$check" ]; then
    step bench-w3 "${GPU_CHECK_BENCH_TIMEOUT:-60}" "$check" bench copy W3
    step bench-steps "${GPU_CHECK_BENCH_TIMEOUT:-60}" "$check" bench MLP spiral
else
    skip bench "no $check"
fi
# shellcheck disable=SC2086 # GPU_CHECK_TORCH_ARGS is a list of words
step torch "${GPU_CHECK_TORCH_TIMEOUT:-120}" bash -c "cd Benchmarks/python && exec \"\$0\" bench_gpu_torch.py \"\$@\"" "$PY" ${GPU_CHECK_TORCH_ARGS:-}

# ---- 5. summary --------------------------------------------------------------------------
{
    echo "==== summary ($(($(date +%s) - script_start))s in all; logs in $OUT)"
    for line in "${summary[@]}"; do echo "$line"; done
    echo "JSON lines: $(cat "$OUT"/*.txt 2>/dev/null | grep -c '] {')"
} 2>&1 | tee "$OUT/summary.txt"
