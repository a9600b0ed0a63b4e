// FIXED (cache_long_names in tests/cuda covers it). With PTXVM_CACHE_DIR set, two kernels whose mangled
// names share a long prefix failed with a duplicate symbol: the cached object's symbol
// name was cut to a fixed length. Run: PTXVM_CACHE_DIR=$(mktemp -d) LD_LIBRARY_PATH=<build>/lib /tmp/x
#include <cstdio>
#include <cuda_runtime.h>

// Distinct type names, so that the mangling's substitutions cannot shorten the name.
struct FirstVeryLongTypeNameThatMakesTheMangledKernelNameLongLikeThrustDoes {};
struct SecondVeryLongTypeNameThatMakesTheMangledKernelNameLongLikeThrustDoes {};
struct ThirdVeryLongTypeNameThatMakesTheMangledKernelNameLongLikeThrustDoes {};
template <typename A, typename B, typename C, typename D>
__global__ void kernel_with_a_long_name(int *p, int v) { p[threadIdx.x] = v; }

using F = FirstVeryLongTypeNameThatMakesTheMangledKernelNameLongLikeThrustDoes;
using S = SecondVeryLongTypeNameThatMakesTheMangledKernelNameLongLikeThrustDoes;
using T = ThirdVeryLongTypeNameThatMakesTheMangledKernelNameLongLikeThrustDoes;
using L1 = int;
using L2 = float;

int main() {
  int *d, h[64];
  cudaMalloc(&d, sizeof h);
  kernel_with_a_long_name<F, S, T, L1><<<1, 64>>>(d, 1);
  cudaError_t e1 = cudaDeviceSynchronize();
  kernel_with_a_long_name<F, S, T, L2><<<1, 64>>>(d, 2);
  cudaError_t e2 = cudaGetLastError();
  if (e2 == cudaSuccess) e2 = cudaDeviceSynchronize();
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  bool ok = e1 == cudaSuccess && e2 == cudaSuccess && h[0] == 2 && h[63] == 2;
  printf("first %s, second %s, h[0] %d\n%s\n", cudaGetErrorName(e1), cudaGetErrorName(e2), h[0],
         ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
