#!/usr/bin/env bash
# The README's second command and what CI runs (.ci/run): installs what is missing,
# builds the debug preset, runs every ctest (unit, ptx, fatbin, isa, e2e), then the
# sanitizer build's unit tests and the fuzzers.
# Variables: PTXVM_FUZZ_SECONDS (default 60; 0 skips fuzzing), PTXVM_TEST_ASAN (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)
status=0

echo "== build (debug preset: build/)"
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$jobs"

echo "== ctest (build/)"
ctest --test-dir build -j "$jobs" --output-on-failure --timeout 1500 || status=1

if [[ ${PTXVM_TEST_ASAN:-1} != 0 ]]; then
  echo "== ASan+UBSan build: unit tests (build-asan/)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan -j "$jobs" -L unit --output-on-failure || status=1
fi

fuzz_seconds=${PTXVM_FUZZ_SECONDS:-60}
if [[ $fuzz_seconds != 0 && -x fuzz/run_fuzzers.sh ]]; then
  echo "== fuzzers (${fuzz_seconds} s each)"
  fuzz/run_fuzzers.sh "$fuzz_seconds" || status=1
fi

if [[ $status == 0 ]]; then echo "ptxvm: all test stages passed"; else echo "ptxvm: some test stage FAILED"; fi
exit $status
