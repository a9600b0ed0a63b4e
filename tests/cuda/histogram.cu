// A 256-bin histogram the usual way: per-block bins in shared memory with atomicAdd, merged
// into global bins with atomicAdd; plus a direct global-memory histogram of another key.
#include "check.h"

__global__ void histo(const unsigned char *data, int n, unsigned *bins, unsigned *direct) {
  __shared__ unsigned local[256];
  for (int i = threadIdx.x; i < 256; i += blockDim.x) local[i] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    atomicAdd(&local[data[i]], 1u);
    atomicAdd(&direct[(data[i] * 7 + i) % 61], 1u);
  }
  __syncthreads();
  for (int i = threadIdx.x; i < 256; i += blockDim.x)
    if (local[i]) atomicAdd(&bins[i], local[i]);
}

int main() {
  const int n = 3000017;
  unsigned char *h = (unsigned char *)malloc(n), *dd;
  uint32_t seed = 99;
  unsigned want[256] = {0}, want_direct[61] = {0};
  for (int i = 0; i < n; i++) {
    h[i] = (unsigned char)(check_rand(&seed) % 256 & (i % 3 ? 0xff : 0x0f)); // uneven bins
    want[h[i]]++;
    want_direct[(h[i] * 7 + i) % 61]++;
  }
  unsigned *dbins, *ddirect, bins[256], direct[61];
  CUDA_CHECK(cudaMalloc(&dd, n));
  CUDA_CHECK(cudaMalloc(&dbins, sizeof bins));
  CUDA_CHECK(cudaMalloc(&ddirect, sizeof direct));
  CUDA_CHECK(cudaMemcpy(dd, h, n, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(dbins, 0, sizeof bins));
  CUDA_CHECK(cudaMemset(ddirect, 0, sizeof direct));
  histo<<<40, 192>>>(dd, n, dbins, ddirect);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(bins, dbins, sizeof bins, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(direct, ddirect, sizeof direct, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 256; b++) EXPECT(bins[b] == want[b], "bin %d: %u vs %u", b, bins[b], want[b]);
  for (int b = 0; b < 61; b++)
    EXPECT(direct[b] == want_direct[b], "direct bin %d: %u vs %u", b, direct[b], want_direct[b]);
  return check_finish("histogram");
}
