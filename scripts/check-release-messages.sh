#!/usr/bin/env bash
# Checks that misuse stops a release build with the library's message on standard error
# (Swift's `precondition` drops its message under -O; the library's `require` and `misuse` keep
# it). Builds dezero-examples in release mode and runs its hidden `misuse` subcommand.
set -euo pipefail
cd "$(dirname "$0")/.."
swift="${SWIFT:-swift}"
"$swift" build -c release --product dezero-examples >&2
binary="$("$swift" build -c release --show-bin-path)/dezero-examples"

failures=0
# expect CASE MESSAGE: `dezero-examples misuse CASE` must exit non-zero with MESSAGE on stderr.
expect() {
    local status=0 stderr
    stderr="$("$binary" misuse "$1" 2>&1 >/dev/null)" || status=$?
    if [[ $status -eq 0 ]]; then
        echo "FAIL misuse $1: exited with status 0" >&2
        failures=$((failures + 1))
    elif [[ "$stderr" != *"$2"* ]]; then
        echo "FAIL misuse $1: exit status $status, stderr lacks: $2" >&2
        echo "$stderr" | head -5 | sed 's/^/    /' >&2
        failures=$((failures + 1))
    else
        echo "ok   misuse $1: $2"
    fi
}

expect matmul "matmul: shapes [2, 3] and [4, 2] are not aligned: 3 (dim 1) != 4 (dim 0); transpose one operand or fix the layer size"
expect linear "L.Linear: input of shape [5, 4] does not fit W of shape [3, 2] (expected (N, 3))"
exit $((failures > 0))
