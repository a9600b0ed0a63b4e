// histogram256 as in the CUDA samples and HeCBench: per-block sub-histograms in shared
// memory with atomicAdd, merged into the global histogram with global atomics; a second
// variant with per-warp sub-histograms and byte unpacking of 32-bit words.
#include "apps.h"

#define BINS 256

__global__ void histo_shared(const unsigned char *data, int n, unsigned int *histo) {
  __shared__ unsigned int s[BINS];
  for (int b = threadIdx.x; b < BINS; b += blockDim.x) s[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    atomicAdd(&s[data[i]], 1u);
  __syncthreads();
  for (int b = threadIdx.x; b < BINS; b += blockDim.x)
    if (s[b]) atomicAdd(&histo[b], s[b]);
}

#define WARPS 6
__global__ void histo_warp(const unsigned int *words, int nwords, unsigned int *partial) {
  __shared__ unsigned int s[WARPS * BINS];
  unsigned int *mine = s + (threadIdx.x >> 5) * BINS;
  for (int b = threadIdx.x; b < WARPS * BINS; b += blockDim.x) s[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < nwords; i += blockDim.x * gridDim.x) {
    unsigned int w = words[i];
    atomicAdd(mine + ((w >> 0) & 0xffu), 1u);
    atomicAdd(mine + ((w >> 8) & 0xffu), 1u);
    atomicAdd(mine + ((w >> 16) & 0xffu), 1u);
    atomicAdd(mine + ((w >> 24) & 0xffu), 1u);
  }
  __syncthreads();
  for (int b = threadIdx.x; b < BINS; b += blockDim.x) {
    unsigned int sum = 0;
    for (int w = 0; w < WARPS; w++) sum += s[w * BINS + b];
    partial[blockIdx.x * BINS + b] = sum;
  }
}

__global__ void merge(const unsigned int *partial, int count, unsigned int *histo) {
  unsigned int sum = 0;
  for (int i = 0; i < count; i++) sum += partial[i * BINS + threadIdx.x];
  histo[threadIdx.x] = sum;
}

int main() {
  const int n = 4 << 20;  // bytes
  unsigned char *h = (unsigned char *)malloc(n);
  uint32_t seed = 1234;
  unsigned int want[BINS] = {0};
  for (int i = 0; i < n; i++) {
    // Skewed: half the data falls in 8 bins, so many lanes hit the same address at once.
    uint32_t r = app_rand(&seed);
    h[i] = (r & 0x100) ? (unsigned char)(r & 7) : (unsigned char)(r >> 24);
    want[h[i]]++;
  }
  unsigned char *d;
  unsigned int *dh, *dp;
  const int blocks = 64;
  CUDA_CHECK(cudaMalloc(&d, n));
  CUDA_CHECK(cudaMalloc(&dh, BINS * 4));
  CUDA_CHECK(cudaMalloc(&dp, blocks * BINS * 4));
  CUDA_CHECK(cudaMemcpy(d, h, n, cudaMemcpyHostToDevice));
  unsigned int got[BINS];

  CUDA_CHECK(cudaMemset(dh, 0, BINS * 4));
  histo_shared<<<blocks, 256>>>(d, n, dh);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(got, dh, sizeof got, cudaMemcpyDeviceToHost));
  for (int b = 0; b < BINS; b++) EXPECT(got[b] == want[b], "shared bin %d: %u, want %u", b, got[b], want[b]);

  histo_warp<<<blocks, WARPS * 32>>>((const unsigned int *)d, n / 4, dp);
  merge<<<1, BINS>>>(dp, blocks, dh);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(got, dh, sizeof got, cudaMemcpyDeviceToHost));
  for (int b = 0; b < BINS; b++) EXPECT(got[b] == want[b], "warp bin %d: %u, want %u", b, got[b], want[b]);
  cudaFree(d); cudaFree(dh); cudaFree(dp); free(h);
  return app_finish("histogram256");
}
