// Reproducer (tests/apps/KNOWN_ISSUES.md): the simplest separate-compilation program. Build
// with `nvcc -cudart shared -arch=sm_75 -rdc=true -o /tmp/rdc tests/apps/repro/rdc_plain.cu`.
// No dynamic parallelism, one translation unit: the registered fatbinary (.nv_fatbin)
// holds only the device-linked sm_75 ELF; this TU's PTX is in the __nv_relfatbin section.
#include <cstdio>
#include <cuda_runtime.h>
__device__ int twice(int x) { return 2 * x; }
__global__ void k(int *out) { out[threadIdx.x] = twice(threadIdx.x); }
int main() {
  int *d, h[32];
  cudaMalloc(&d, sizeof h);
  k<<<1, 32>>>(d);
  cudaError_t e = cudaDeviceSynchronize();
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  int bad = e != cudaSuccess;
  for (int i = 0; i < 32 && !bad; i++) bad += h[i] != 2 * i;
  printf("%s\n%s\n", cudaGetErrorName(e), bad ? "FAILED" : "PASSED");
  return bad != 0;
}
