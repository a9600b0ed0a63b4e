// Reproducer (tests/apps/KNOWN_ISSUES.md): a module with one kernel ptxvm cannot compile
// (`unused_fp16` uses add.f16) and one plain kernel (`plain`). Only `plain` is launched; on
// a GPU it runs. On ptxvm the launch fails with cudaErrorNotSupported because the whole
// module is compiled at once.
#include <cstdio>
#include <cuda_fp16.h>
__global__ void unused_fp16(half *h) { h[threadIdx.x] = __hadd(h[threadIdx.x], h[threadIdx.x]); }
__global__ void plain(int *out) { out[threadIdx.x] = threadIdx.x * 3; }
int main() {
  int *d, h[32];
  cudaMalloc(&d, sizeof h);
  plain<<<1, 32>>>(d);
  cudaError_t launch = cudaGetLastError(), sync = cudaDeviceSynchronize();
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  int bad = launch != cudaSuccess || sync != cudaSuccess;
  for (int i = 0; i < 32 && !bad; i++) bad += h[i] != i * 3;
  printf("launch %s, sync %s\n%s\n", cudaGetErrorName(launch), cudaGetErrorName(sync), bad ? "FAILED" : "PASSED");
  return bad != 0;
}
