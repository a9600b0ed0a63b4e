// Runtime test for relocatable device code (nvcc -rdc=true, two units): the registered
// fatbinary holds only device-linked SASS, so ptxvm joins the units' PTX from the
// program's relfatbin sections. Calls across units, a shared device variable, a .weak
// template in both units, same-named static functions and printf strings.
#include <cstdio>
#include "rt_rdc.h"

static __device__ __noinline__ int local_fn(int x) { return x + 1000; }
__global__ void use_other_unit(int *p) {
  p[threadIdx.x] = rdc_helper(threadIdx.x) + local_fn(0) + rdc_twice(1);
  atomicAdd(&rdc_counter, 1);
  if (threadIdx.x == 0) printf("use_other_unit %d\n", p[0]);
}

int main() {
  int *d, h[4];
  if (cudaMalloc(&d, sizeof h) != cudaSuccess) return 1;
  use_other_unit<<<1, 4>>>(d);
  cudaError_t e = cudaGetLastError();
  if (e == cudaErrorNotSupported) {
    printf("PTXVM_TEST_SKIPPED: %s\n", cudaGetErrorName(e));
    return 0;
  }
  int counter = 0;
  if (cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess ||
      cudaMemcpyFromSymbol(&counter, rdc_counter, sizeof counter) != cudaSuccess) {
    printf("FAILED: %s\n", cudaGetErrorString(cudaGetLastError()));
    return 1;
  }
  int bad = 0;
  for (int i = 0; i < 4; i++) bad += h[i] != (2 * i + 1) + 1000 + 2;
  printf("h = %d %d %d %d, counter %d\n", h[0], h[1], h[2], h[3], counter);
  if (bad || counter != 104) {
    printf("FAILED\n");
    return 1;
  }
  printf("rt_rdc: all checks passed\n");
  return 0;
}
