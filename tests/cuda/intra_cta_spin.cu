// Warps of one CTA waiting for each other through shared memory, without bar.sync: warp 0
// spins (with nanosleep, as libcu++'s cuda::barrier does on sm_70-sm_75) until warp 1 has
// set a flag. On a GPU warps are scheduled independently and this ends at once; on ptxvm a
// group runs until it suspends, and nanosleep is where a spinning group yields to the
// others. The kernel gives up after a bounded number of tries so the program ends:
// "gave up" is the bug.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void k(int *out) {
  __shared__ volatile int flag;
  if (threadIdx.x == 0) flag = 0;
  __syncthreads();
  if (threadIdx.x == 32) flag = 1;  // warp 1
  if (threadIdx.x == 0) {           // warp 0
    int tries = 0;
    while (flag == 0 && tries < 1000000) {
      __nanosleep(100);
      tries++;
    }
    out[0] = flag;
  }
}

int main() {
  int *d, h = -1;
  cudaMalloc(&d, 4);
  k<<<1, 64>>>(d);
  cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess) e = cudaDeviceSynchronize();
  cudaMemcpy(&h, d, 4, cudaMemcpyDeviceToHost);
  if (e != cudaSuccess || h != 1) {
    printf("%s, flag %d (warp 0 gave up: warp 1 never ran while it spun)\nFAILED\n",
           cudaGetErrorString(e), h);
    return 1;
  }
  printf("PASSED\n");
  return 0;
}
