// A kernel that writes through a NULL pointer: the launch itself succeeds, the next
// synchronizing call returns cudaErrorIllegalAddress, the error is sticky (later calls
// return it too), and the host process keeps running to print its verdict.
#include "check.h"

__global__ void good(int *p) { p[threadIdx.x] = threadIdx.x; }

__global__ void bad(int *p, int which) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i == which) *(volatile int *)p = 42; // p is NULL
}

int main() {
  int *d;
  CUDA_CHECK(cudaMalloc(&d, 64 * sizeof(int)));
  good<<<1, 64>>>(d);
  LAUNCH_CHECK();
  bad<<<8, 64>>>(nullptr, 300);
  cudaError_t launch = cudaGetLastError();
  EXPECT(launch == cudaSuccess, "launch itself: %s", cudaGetErrorName(launch));
  cudaError_t sync = cudaDeviceSynchronize();
  EXPECT(sync == cudaErrorIllegalAddress, "cudaDeviceSynchronize: %s", cudaGetErrorName(sync));
  // Sticky: the context is unusable until the process ends.
  cudaError_t again = cudaDeviceSynchronize();
  EXPECT(again == cudaErrorIllegalAddress, "second synchronize: %s", cudaGetErrorName(again));
  int h[64];
  cudaError_t copy = cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  EXPECT(copy == cudaErrorIllegalAddress, "cudaMemcpy after the fault: %s", cudaGetErrorName(copy));
  good<<<1, 64>>>(d);
  cudaError_t relaunch = cudaGetLastError();
  EXPECT(relaunch == cudaErrorIllegalAddress, "launch after the fault: %s", cudaGetErrorName(relaunch));
  EXPECT(strcmp(cudaGetErrorName(cudaErrorIllegalAddress), "cudaErrorIllegalAddress") == 0,
         "cudaGetErrorName");
  return check_finish("fault_null");
}
