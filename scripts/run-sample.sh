#!/usr/bin/env bash
# The README's first command: installs what is missing, builds ptxvm, builds
# examples/vector_add.cu with nvcc (-cudart shared) and runs it on ptxvm.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$(nproc)"

cuda_home=${CUDA_HOME:-/usr/local/cuda}
mkdir -p build/examples
"$cuda_home/bin/nvcc" -cudart shared -arch=sm_75 -o build/examples/vector_add examples/vector_add.cu

echo "== ptxvm fatbin build/examples/vector_add"
build/bin/ptxvm fatbin build/examples/vector_add
rm -rf build/examples/ptx && mkdir -p build/examples/ptx
build/bin/ptxvm fatbin build/examples/vector_add --extract build/examples/ptx >/dev/null
for f in build/examples/ptx/*.ptx; do
  echo "== ptxvm ptx $f (canonical PTX, first lines)"
  build/bin/ptxvm ptx "$f" | head -n 20
done
echo "== ptxvm run build/examples/vector_add"
build/bin/ptxvm run build/examples/vector_add
