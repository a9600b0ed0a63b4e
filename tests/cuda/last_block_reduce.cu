// Single-pass reduction in the style of the threadFenceReduction sample: each block writes
// its partial sum, __threadfence() makes it visible, an atomicInc ticket tells the last
// block to finish, and that block sums the partials — cross-block communication without any
// block waiting for another.
#include "check.h"

__device__ unsigned int ticket;

__global__ void reduce(const int *in, int n, int *partials, int *result) {
  __shared__ int s[256];
  __shared__ bool last;
  int t = threadIdx.x, v = 0;
  for (int i = blockIdx.x * blockDim.x + t; i < n; i += blockDim.x * gridDim.x) v += in[i];
  s[t] = v;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (t < stride) s[t] += s[t + stride];
    __syncthreads();
  }
  if (t == 0) {
    partials[blockIdx.x] = s[0];
    __threadfence();
    unsigned int my = atomicInc(&ticket, gridDim.x);
    last = my == gridDim.x - 1;
  }
  __syncthreads();
  if (last) {
    int sum = 0;
    for (int i = t; i < gridDim.x; i += blockDim.x) sum += ((volatile int *)partials)[i];
    s[t] = sum;
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
      if (t < stride) s[t] += s[t + stride];
      __syncthreads();
    }
    if (t == 0) {
      *result = s[0];
      ticket = 0; // ready for the next launch
    }
  }
}

int main() {
  const int n = 1 << 20, blocks = 300;
  int *h = (int *)malloc(n * 4), *din, *dpart, *dres;
  long long want = 0;
  for (int i = 0; i < n; i++) want += h[i] = (i * 7) % 1001 - 500;
  CUDA_CHECK(cudaMalloc(&din, n * 4));
  CUDA_CHECK(cudaMalloc(&dpart, blocks * 4));
  CUDA_CHECK(cudaMalloc(&dres, 4));
  CUDA_CHECK(cudaMemcpy(din, h, n * 4, cudaMemcpyHostToDevice));
  for (int round = 0; round < 3; round++) {
    CUDA_CHECK(cudaMemset(dres, 0xff, 4));
    reduce<<<blocks, 256>>>(din, n, dpart, dres);
    LAUNCH_CHECK();
    int r = 0;
    CUDA_CHECK(cudaMemcpy(&r, dres, 4, cudaMemcpyDeviceToHost));
    EXPECT(r == (int)want, "round %d: %d vs %lld", round, r, want);
  }
  return check_finish("last_block_reduce");
}
