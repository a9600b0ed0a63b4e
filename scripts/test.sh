#!/usr/bin/env bash
# The README's second command and what CI runs (.ci/run): installs what is missing,
# builds the debug preset, runs every ctest (unit, ptx, fatbin, isa, e2e), then the
# sanitizer builds' quick stages and the fuzzers.
# Variables: PTXVM_FUZZ_SECONDS (default 60; 0 skips fuzzing), PTXVM_TEST_ASAN (default 1),
# PTXVM_TEST_TSAN (default 1).
# The sanitizer stages run a subset that fits CI's budget (the whole script under 15 min on
# two cores); the whole suite also passes there: ctest --preset asan / --preset tsan.
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

# Sanitized builds preload the runtime into nvcc-built programs by themselves
# (tests/CMakeLists.txt); LeakSanitizer stays on for the instrumented unit tests.
if [[ ${PTXVM_TEST_ASAN:-1} != 0 ]]; then
  echo "== ASan+UBSan build (build-asan/): unit tests, malformed PTX, e2e subset"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan -j "$jobs" -L 'unit|e2e_sanitize' \
    --output-on-failure || status=1
  ctest --test-dir build-asan -R '^ptx_malformed$' --output-on-failure || status=1
fi

if [[ ${PTXVM_TEST_TSAN:-1} != 0 ]]; then
  # The threaded parts: exec's worker pool, driver state, runtime registration (nvcc-built).
  echo "== TSan build (build-tsan/): exec and driver unit tests, e2e subset"
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "$jobs"
  ctest --test-dir build-tsan -j "$jobs" --output-on-failure \
    -R '^(unit_exec.*|unit_driver|runtime_nvcc_rt_launch|runtime_nvcc_rt_interop|cuda_e2e_sanitize)$' ||
    status=1
fi

fuzz_seconds=${PTXVM_FUZZ_SECONDS:-60}
if [[ $fuzz_seconds != 0 && -x fuzz/run_fuzzers.sh ]]; then
  echo "== fuzzers (${fuzz_seconds} s each)"
  fuzz/run_fuzzers.sh "$fuzz_seconds" || status=1
fi

if [[ $status == 0 ]]; then echo "ptxvm: all test stages passed"; else echo "ptxvm: some test stage FAILED"; fi
exit $status
