#!/usr/bin/env bash
# Parse+verify throughput of the PTX front end: builds bench_parse (release) in BUILD_DIR,
# generates an ~8 MB module from the corpus, and prints the median MB/s of 5 rounds.
# Usage: bench/parse/run_bench_parse.sh [BUILD_DIR (build-release)] [ITERATIONS (10)]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-release}
iterations=${2:-10}
nvcc=${NVCC:-${CUDA_HOME:-/usr/local/cuda}/bin/nvcc}
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$build" bench_parse >/dev/null
python3 "$root/bench/parse/make_big_ptx.py" --nvcc "$nvcc" --build "$build/bench-parse" \
  --out "$build/bench-parse/big.ptx" --mb "${PTXVM_BENCH_MB:-8}"
"$build/bin/bench_parse" "$build/bench-parse/big.ptx" "$iterations" --parse-only
"$build/bin/bench_parse" "$build/bench-parse/big.ptx" "$iterations"
"$build/bin/bench_parse" "$build/bench-parse/big.ptx" "$iterations" --keep-memory
