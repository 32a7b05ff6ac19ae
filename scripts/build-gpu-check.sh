#!/usr/bin/env bash
# Builds release executables that run on a machine with no Swift toolchain, no OpenBLAS, no zlib
# and no Graphviz (the GPU machine of scripts/gpu-check.sh), into .gpu/bin/.
#
#   bash scripts/build-gpu-check.sh [PRODUCT...]
#
# PRODUCT defaults to dezero-gpu-check (the parity suite and GPU benchmarks); scripts/gpu-check.sh
# also runs dezero-examples (book step 52) when it is built.
# The recipe, all of it on the command line (Package.swift is unchanged):
#   - --static-swift-stdlib: the Swift runtime and Foundation are linked in;
#   - --pkg-config-path .build-gpu/pkgconfig: openblas.pc and zlib.pc that point at a folder of
#     static archives only (libopenblas.a, libz.a, libstdc++.a, ...), so `-lopenblas`, `-lz`
#     and `-lstdc++` find the .a files before the system's .so files;
#   - -Xswiftc -DDEZERO_NO_NETWORK: DeZero without URLSession, so FoundationNetworking and
#     libcurl stay out (dataset downloads then fail with a message);
#   - -rpath $ORIGIN/../lib: shared libraries that could not be linked statically are copied
#     into .gpu/lib/ and found there.
# What remains is glibc (libc, libm, ld-linux) and libgcc_s; dlopen works as usual, so
# libcuda, libnvrtc and libcublas are loaded at run time from the machine's own copies.
# Each binary is stripped and compressed: .gpu/bin/NAME.xz (scripts/gpu-check.sh unpacks it);
# the uncompressed one is .build-gpu/gpu-bin/NAME, to try here.
# The build folder is .build-gpu (kept apart from .build, whose flags differ).
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
scratch=.build-gpu
static="$PWD/$scratch/static-libs"
pcdir="$PWD/$scratch/pkgconfig"
out=.gpu

products=("$@")
if [ ${#products[@]} -eq 0 ]; then
    products=(dezero-gpu-check)
fi

# The static archives: the first existing copy of each.
find_archive() {
    local name=$1 d
    for d in /usr/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/openblas-pthread /usr/lib/gcc/x86_64-linux-gnu/*/ /usr/lib64 /usr/lib; do
        if [ -e "$d/$name" ]; then readlink -f "$d/$name"; return 0; fi
    done
    return 1
}
rm -rf "$static" "$pcdir"
mkdir -p "$static" "$pcdir"
for a in libopenblas.a libz.a; do
    f=$(find_archive $a) || { echo "build-gpu-check: $a not found (apt-get install libopenblas-dev zlib1g-dev)" >&2; exit 1; }
    ln -s "$f" "$static/$a"
done
# The C++ runtime (-lstdc++ of the static Swift runtime), static where the archive exists
# (else linked dynamically, and its .so copied below); the Fortran runtime likewise, if asked.
for a in libstdc++.a libgfortran.a libquadmath.a; do
    if f=$(find_archive $a); then ln -s "$f" "$static/$a"; fi
done

blas_include=/usr/include/x86_64-linux-gnu/openblas-pthread
[ -d "$blas_include" ] || blas_include=/usr/include/openblas
blas_libs="-L$static -lopenblas"
# The static OpenBLAS holds LAPACK's Fortran objects too, but only the CBLAS routines are
# referenced, so libgfortran is not linked (Debian 12 has no libgfortran.a); were it needed,
# the link would fail on _gfortran_ symbols: add -lgfortran to Libs, and ldd's list below
# then carries libgfortran.so.5 and libquadmath.so.0.
cat >"$pcdir/openblas.pc" <<EOF
Name: openblas
Description: OpenBLAS, static (scripts/build-gpu-check.sh)
Version: 0
Libs: $blas_libs
Cflags: -I$blas_include
EOF
cat >"$pcdir/zlib.pc" <<EOF
Name: zlib
Description: zlib, static (scripts/build-gpu-check.sh)
Version: 0
Libs: -L$static -lz
Cflags:
EOF

flags=(-c release --scratch-path "$scratch" --static-swift-stdlib --pkg-config-path "$pcdir"
    -Xswiftc -DDEZERO_NO_NETWORK
    -Xlinker -rpath -Xlinker '$ORIGIN/../lib')

start=$(date +%s)
for p in "${products[@]}"; do
    echo "== building $p"
    "$SWIFT" build "${flags[@]}" --product "$p"
done
bin=$("$SWIFT" build "${flags[@]}" --show-bin-path)
end=$(date +%s)

# Strip into $scratch/gpu-bin (to try here), then compress into .gpu/bin/NAME.xz: a static
# binary is about 80 MiB (OpenBLAS's kernels for every x86 processor and ICU's data are most of
# it) and about 16 MiB compressed; scripts/gpu-check.sh unpacks it outside the tree. Shared libraries
# that are not glibc's (or libgcc_s, which every Linux has) are copied into .gpu/lib.
glibc='^(linux-vdso|libc|libm|libdl|libpthread|librt|libutil|libgcc_s)\.so|ld-linux-x86-64\.so'
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib" "$scratch/gpu-bin"
status=0
for p in "${products[@]}"; do
    local_bin="$scratch/gpu-bin/$p"
    cp "$bin/$p" "$local_bin"
    strip "$local_bin"
    echo "== ldd $local_bin"
    ldd "$local_bin" | sed 's/^/   /'
    while read -r name arrow path _; do
        if [[ "$name" =~ $glibc ]] || [ "$arrow" != "=>" ]; then continue; fi
        if [ "$path" = "not" ]; then
            echo "build-gpu-check: $p needs $name, which is not found here" >&2
            status=1
            continue
        fi
        cp -L "$path" "$out/lib/$name"
        echo "   carried: $name"
    done < <(ldd "$local_bin")
    xz -6 -T1 -c "$local_bin" >"$out/bin/$p.xz"
done
rmdir "$out/lib" 2>/dev/null || true

echo "== .gpu (swift build took $((end - start)) s)"
for f in "$scratch"/gpu-bin/* "$out"/bin/* "$out"/lib/*; do
    [ -e "$f" ] || continue
    printf "%8.1f MiB  %s\n" "$(awk -v b="$(stat -c %s "$f")" 'BEGIN {print b / 1048576}')" "$f"
done
total=$(du -sb "$out" | cut -f1)
awk -v t="$total" 'BEGIN {printf "%8.1f MiB  .gpu in all (what carry: [\".gpu\"] sends; the tree travels within 64 MiB)\n", t / 1048576}'
exit $status
