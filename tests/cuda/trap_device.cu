// __trap() in one thread of one block: the launch is accepted, the next synchronizing call
// returns cudaErrorLaunchFailure, the error is sticky, and the host keeps running. Blocks
// that ran before the trap may have written their results; none after it is required to.
#include "check.h"

__global__ void maybe_trap(int *out, int bad_block) {
  if (blockIdx.x == bad_block && threadIdx.x == 7) __trap();
  out[blockIdx.x * blockDim.x + threadIdx.x] = 1;
}

int main() {
  int *d;
  CUDA_CHECK(cudaMalloc(&d, 64 * 32 * sizeof(int)));
  maybe_trap<<<64, 32>>>(d, -1); // no trap
  LAUNCH_CHECK();
  int h[64 * 32];
  CUDA_CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  int ones = 0;
  for (int i = 0; i < 64 * 32; i++) ones += h[i];
  EXPECT(ones == 64 * 32, "no-trap launch wrote %d", ones);
  maybe_trap<<<64, 32>>>(d, 40);
  EXPECT(cudaGetLastError() == cudaSuccess, "the launch itself is accepted");
  cudaError_t e = cudaDeviceSynchronize();
  EXPECT(e == cudaErrorLaunchFailure, "after __trap: %s", cudaGetErrorName(e));
  e = cudaDeviceSynchronize();
  EXPECT(e == cudaErrorLaunchFailure, "sticky: %s", cudaGetErrorName(e));
  return check_finish("trap_device");
}
