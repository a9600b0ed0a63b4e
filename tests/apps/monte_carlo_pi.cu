// Monte Carlo estimate of pi with per-thread random number generators written by hand
// (no cuRAND): an LCG and xorshift32 seeded from the thread index, counts reduced in
// shared memory and with atomicAdd on unsigned long long. The host replays every
// generator, so the hit counts must match exactly, not just approximately.
#include "apps.h"

__device__ __host__ inline uint32_t lcg(uint32_t &s) {
  s = s * 1664525u + 1013904223u;
  return s;
}
__device__ __host__ inline uint32_t xorshift32(uint32_t &s) {
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}
// Top 12 bits as a float in [0,1): x*x and y*y are then exact, so x*x + y*y rounds once
// whether or not the device contracts it into an fma, and device and host agree exactly.
__device__ __host__ inline float unit(uint32_t r) { return (r >> 20) * (1.0f / 4096.0f); }

__global__ void pi_lcg(unsigned long long *hits, int samplesPerThread) {
  __shared__ unsigned int counts[256];
  uint32_t s = (blockIdx.x * blockDim.x + threadIdx.x) * 2654435761u + 12345u;
  unsigned int c = 0;
  for (int i = 0; i < samplesPerThread; i++) {
    float x = unit(lcg(s)), y = unit(lcg(s));
    if (x * x + y * y <= 1.0f) c++;
  }
  counts[threadIdx.x] = c;
  __syncthreads();
  for (int st = blockDim.x / 2; st > 0; st >>= 1) {
    if (threadIdx.x < st) counts[threadIdx.x] += counts[threadIdx.x + st];
    __syncthreads();
  }
  if (threadIdx.x == 0) atomicAdd(hits, (unsigned long long)counts[0]);
}

__global__ void pi_xorshift(unsigned int *perThread, int samplesPerThread) {
  int tid = blockIdx.x * blockDim.x + threadIdx.x;
  uint32_t s = tid * 747796405u + 2891336453u;
  if (s == 0) s = 1;
  unsigned int c = 0;
  for (int i = 0; i < samplesPerThread; i++) {
    float x = unit(xorshift32(s)), y = unit(xorshift32(s));
    c += (x * x + y * y <= 1.0f);
  }
  perThread[tid] = c;
}

int main() {
  const int blocks = 64, threads = 256, spt = 256;
  const int nthreads = blocks * threads;
  unsigned long long *dh;
  unsigned int *dper;
  CUDA_CHECK(cudaMalloc(&dh, 8));
  CUDA_CHECK(cudaMalloc(&dper, nthreads * 4));
  CUDA_CHECK(cudaMemset(dh, 0, 8));
  pi_lcg<<<blocks, threads>>>(dh, spt);
  LAUNCH_CHECK();
  pi_xorshift<<<blocks, threads>>>(dper, spt);
  LAUNCH_CHECK();
  unsigned long long got;
  CUDA_CHECK(cudaMemcpy(&got, dh, 8, cudaMemcpyDeviceToHost));
  unsigned int *per = (unsigned int *)malloc(nthreads * 4);
  CUDA_CHECK(cudaMemcpy(per, dper, nthreads * 4, cudaMemcpyDeviceToHost));

  unsigned long long want = 0;
  for (int t = 0; t < nthreads; t++) {
    uint32_t s = t * 2654435761u + 12345u;
    for (int i = 0; i < spt; i++) {
      float x = unit(lcg(s)), y = unit(lcg(s));
      if (x * x + y * y <= 1.0f) want++;
    }
  }
  EXPECT(got == want, "LCG hits %llu, want %llu", got, want);
  double pi = 4.0 * got / ((double)nthreads * spt);
  EXPECT(fabs(pi - M_PI) < 0.01, "LCG estimate %f", pi);
  unsigned long long total = 0;
  for (int t = 0; t < nthreads; t++) {
    uint32_t s = t * 747796405u + 2891336453u;
    if (s == 0) s = 1;
    unsigned int c = 0;
    for (int i = 0; i < spt; i++) {
      float x = unit(xorshift32(s)), y = unit(xorshift32(s));
      c += (x * x + y * y <= 1.0f);
    }
    EXPECT(per[t] == c, "xorshift thread %d: %u hits, want %u", t, per[t], c);
    total += per[t];
  }
  pi = 4.0 * total / ((double)nthreads * spt);
  EXPECT(fabs(pi - M_PI) < 0.01, "xorshift estimate %f", pi);
  cudaFree(dh); cudaFree(dper); free(per);
  return app_finish("monte_carlo_pi");
}
