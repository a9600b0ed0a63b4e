#!/usr/bin/env bash
# Installs the Debian packages ptxvm needs to build, test and benchmark, if any is missing.
# As root it runs apt-get; otherwise it prints the apt-get line to run and fails.
# The CUDA toolkit (nvcc, headers) is not a Debian package: it must be at $CUDA_HOME
# (default /usr/local/cuda).
set -euo pipefail

packages=(
  build-essential cmake ninja-build python3   # build and test drivers
  llvm-19-dev                                 # the code generator (LLVM 19 C API)
  libzstd-dev                                 # fatbinary decompression
  clang-19 libclang-rt-19-dev                 # libFuzzer targets
  pocl-opencl-icd ocl-icd-opencl-dev          # OpenCL twins of the benchmarks
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "ptxvm: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "ptxvm: missing packages; run as root:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

cuda_home=${CUDA_HOME:-/usr/local/cuda}
if [[ ! -x $cuda_home/bin/nvcc ]]; then
  echo "ptxvm: the CUDA toolkit (nvcc, headers) is needed at $cuda_home (set CUDA_HOME)" >&2
  exit 1
fi
