#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz/ with clang and runs each for N seconds
# (default 60); fails if any target does not build or finds a crash, leak, timeout or
# sanitizer report. Crashing inputs land in build-fuzz/artifacts/<target>/.
# Usage: fuzz/run_fuzzers.sh [SECONDS]   Env: PTXVM_FUZZ_CC (clang-19), PTXVM_FUZZ_JOBS.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
cc=${PTXVM_FUZZ_CC:-clang-19}
targets=(fuzz_ptx fuzz_fatbin)

if ! command -v "$cc" >/dev/null; then
  echo "run_fuzzers: $cc not found (install clang-19 and libclang-rt-19-dev)" >&2
  exit 1
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER="$cc" -DPTXVM_FUZZ=ON \
  -DPTXVM_SANITIZE= >/dev/null
ninja -C "$build" -j "${PTXVM_FUZZ_JOBS:-$(nproc)}" "${targets[@]}"

# A dictionary for fuzz_ptx from the front end's own tables (opcodes, suffixes, special
# registers) plus the directives, so mutations splice whole PTX words.
dict=$build/ptx.dict
{
  sed -n 's/^PTX_OP([A-Z0-9_]*, *\("[^"]*"\).*/\1/p' "$root/src/ptx/ops.def"
  sed -n 's/^PTX_MOD([A-Z0-9_]*, *\("[^"]*"\).*/\1/p' "$root/src/ptx/mods.def"
  sed -n 's/^PTX_SREG([A-Z0-9_]*, *\("[^"]*"\).*/\1/p' "$root/src/ptx/sregs.def"
  for d in .version .target .address_size .entry .func .visible .extern .weak .common .reg .param \
           .global .shared .const .local .align .file .loc .section .pragma .maxntid .reqntid \
           .minnctapersm .maxnreg .branchtargets .callprototype .calltargets .noreturn; do
    echo "\"$d\""
  done
} | sort -u >"$dict"

status=0
for t in "${targets[@]}"; do
  seeds=$root/fuzz/${t#fuzz_}/corpus
  work=$build/corpus/$t         # grows as the fuzzer finds new coverage; the seeds stay untouched
  artifacts=$build/artifacts/$t
  mkdir -p "$work" "$artifacts"
  extra=()
  [[ $t == fuzz_ptx && -s $dict ]] && extra=(-dict="$dict")
  echo "== $t: ${seconds} s, seeds from ${seeds#$root/}"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$build/bin/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "${extra[@]}" "$work" "$seeds" 2>"$build/$t.log"; then
    echo "run_fuzzers: $t FAILED; log: $build/$t.log, inputs: $artifacts/" >&2
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$build/$t.log" | head -20 >&2 || true
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build/$t.log" | tail -2
  fi
done
exit $status
