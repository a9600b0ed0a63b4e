// Blocks of the maximum 1024 threads in 1D (1024x1), 2D (32x32) and 3D (16x8x8) with a
// CTA-wide __syncthreads: each thread reads what its mirror thread wrote to shared memory.
#include "check.h"

__global__ void mirror(int *out) {
  __shared__ int buf[1024];
  int t = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  int n = blockDim.x * blockDim.y * blockDim.z;
  buf[t] = t * 7 + blockIdx.x;
  __syncthreads();
  out[blockIdx.x * n + t] = buf[n - 1 - t];
}

static void run(dim3 block, int blocks) {
  int n = block.x * block.y * block.z;
  int *d, *h = (int *)malloc(n * blocks * 4);
  CUDA_CHECK(cudaMalloc(&d, n * blocks * 4));
  mirror<<<blocks, block>>>(d);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d, n * blocks * 4, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++)
    for (int t = 0; t < n; t++)
      EXPECT(h[b * n + t] == (n - 1 - t) * 7 + b, "block (%u,%u,%u) b=%d t=%d got %d", block.x,
             block.y, block.z, b, t, h[b * n + t]);
  cudaFree(d);
  free(h);
}

int main() {
  run(dim3(1024), 5);
  run(dim3(32, 32), 3);
  run(dim3(16, 8, 8), 2);
  run(dim3(1, 1024), 2);
  return check_finish("block_1024");
}
