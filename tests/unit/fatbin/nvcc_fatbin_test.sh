#!/bin/sh
# Builds a CUDA program with nvcc and checks that `ptxvm fatbin` lists its compressed PTX
# entry and that --extract writes PTX text with the kernels in it.
# usage: nvcc_fatbin_test.sh PTXVM NVCC SOURCE.cu WORKDIR
set -eu
ptxvm=$1 nvcc=$2 src=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$nvcc" -cudart shared -arch=sm_75 -o "$work/prog" "$src" || fail "nvcc could not build $src"
"$ptxvm" fatbin "$work/prog" >"$work/list.txt" || fail "ptxvm fatbin exited $?"
cat "$work/list.txt"
grep -Eq '^ *[0-9]+ +ptx +compute_75 +[0-9]+\.[0-9]+ +[a-z0-9,]*zstd' "$work/list.txt" ||
  fail "no zstd-compressed compute_75 PTX entry listed"
grep -Eq '^ *[0-9]+ +elf +sm_75 ' "$work/list.txt" || fail "no sm_75 ELF entry listed"

"$ptxvm" fatbin "$work/prog" --extract "$work/out" >"$work/extract.txt" ||
  fail "ptxvm fatbin --extract exited $?"
cat "$work/extract.txt"
n=0
for f in $(grep '\.ptx$' "$work/extract.txt"); do
  [ -s "$f" ] || fail "$f is missing or empty"
  # nvcc strips the PTX's comments and leaves blank lines: the first text must be the
  # "//" banner or the .version directive.
  first=$(grep -v '^[[:space:]]*$' "$f" | head -n 1)
  case "$first" in
  //* | .version*) ;;
  *) fail "$f starts with '$first', not // or .version" ;;
  esac
  grep -q '\.entry' "$f" || fail "$f has no .entry"
  grep -q 'vec_add' "$f" || fail "$f lacks the vec_add kernel"
  n=$((n + 1))
done
[ "$n" -ge 1 ] || fail "--extract wrote no .ptx file"

# Uncompressed PTX (nvcc --no-compress) reads the same way.
"$nvcc" -cudart shared -arch=sm_75 --no-compress -o "$work/prog_nc" "$src" || fail "nvcc --no-compress"
"$ptxvm" fatbin "$work/prog_nc" --extract "$work/out_nc" >"$work/list_nc.txt" || fail "uncompressed listing"
grep -Eq '^ *[0-9]+ +ptx +compute_75 ' "$work/list_nc.txt" || fail "no PTX entry in the uncompressed build"
if grep -Eq '^ *[0-9]+ +ptx .*zstd' "$work/list_nc.txt"; then fail "--no-compress PTX listed as zstd"; fi
cmp -s "$(grep '\.ptx$' "$work/list_nc.txt" | head -n 1)" "$(grep '\.ptx$' "$work/extract.txt" | head -n 1)" ||
  fail "compressed and uncompressed builds extract different PTX"

# The choice for a device: the module's PTX; the device-link stub nvcc adds holds no kernels.
"$ptxvm" fatbin "$work/prog" --choose 80 >"$work/choose.txt" || fail "--choose 80 exited $?"
grep -Eq 'container [0-9]+, compute capability 8\.0: entry [0-9]+ \(compute_75\)' "$work/choose.txt" ||
  fail "compute_75 PTX not chosen for 8.0"

# SASS only: an error that says how to rebuild with PTX.
"$nvcc" -cudart shared -gencode arch=compute_75,code=sm_75 -o "$work/prog_sass" "$src" || fail "nvcc sass-only"
if "$ptxvm" fatbin "$work/prog_sass" --choose 75 >"$work/sass.txt" 2>"$work/sass_err.txt"; then
  fail "a SASS-only program got a PTX choice"
fi
grep -q 'only SASS (sm_75)' "$work/sass.txt" || fail "SASS-only not explained"
grep -q 'arch=compute_75,code=compute_75' "$work/sass_err.txt" || fail "no rebuild hint"

# A file that is not a CUDA program fails with a diagnostic.
if "$ptxvm" fatbin "$src" 2>"$work/err.txt"; then fail "a .cu source was accepted"; fi
grep -q 'error' "$work/err.txt" || fail "no diagnostic for a non-fatbin input"
echo PASS
