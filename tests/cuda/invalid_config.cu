// Launch configuration errors: a 2048-thread block, a zero-sized grid and a block with
// z > 64 give cudaErrorInvalidConfiguration from cudaGetLastError (which then clears it: not
// sticky), too much dynamic shared memory is refused, and a correct launch still works.
#include "check.h"

__global__ void touch(int *p) { p[blockIdx.x * blockDim.x + threadIdx.x] = 1; }
__global__ void uses_shared(int *p) {
  extern __shared__ int s[];
  s[threadIdx.x] = threadIdx.x;
  __syncthreads();
  p[threadIdx.x] = s[blockDim.x - 1 - threadIdx.x];
}

int main() {
  int *d;
  CUDA_CHECK(cudaMalloc(&d, 4096 * sizeof(int)));
  touch<<<1, 2048>>>(d);
  cudaError_t e = cudaGetLastError();
  EXPECT(e == cudaErrorInvalidConfiguration, "2048 threads: %s", cudaGetErrorName(e));
  e = cudaGetLastError();
  EXPECT(e == cudaSuccess, "cudaGetLastError clears the error: %s", cudaGetErrorName(e));
  touch<<<0, 32>>>(d);
  e = cudaGetLastError();
  EXPECT(e == cudaErrorInvalidConfiguration, "zero grid: %s", cudaGetErrorName(e));
  touch<<<1, dim3(1, 1, 65)>>>(d);
  e = cudaGetLastError();
  EXPECT(e == cudaErrorInvalidConfiguration, "block z 65: %s", cudaGetErrorName(e));
  uses_shared<<<1, 32, 1 << 30>>>(d);
  e = cudaGetLastError();
  EXPECT(e != cudaSuccess, "1 GiB of dynamic shared memory was accepted");
  EXPECT(cudaPeekAtLastError() == cudaSuccess, "error cleared");
  // A valid launch after all that.
  CUDA_CHECK(cudaMemset(d, 0, 4096 * sizeof(int)));
  touch<<<4, 1024>>>(d);
  LAUNCH_CHECK();
  int h[4096];
  CUDA_CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  int ones = 0;
  for (int i = 0; i < 4096; i++) ones += h[i];
  EXPECT(ones == 4096, "valid launch wrote %d of 4096", ones);
  uses_shared<<<1, 32, 32 * sizeof(int)>>>(d);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d, 32 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < 32; i++) EXPECT(h[i] == 31 - i, "shared reversal %d: %d", i, h[i]);
  return check_finish("invalid_config");
}
