// XFAIL(PTXVM_GROUP=1): implicit warp-synchronous code (volatile shared, no __syncwarp) needs lanes in lockstep; G<32 runs them one after another: see KNOWN_ISSUES.md
// XFAIL(PTXVM_GROUP=8): implicit warp-synchronous code needs the 32 lanes of a warp in lockstep: see KNOWN_ISSUES.md
// XFAIL(PTXVM_GROUP=16): implicit warp-synchronous code needs the 32 lanes of a warp in lockstep: see KNOWN_ISSUES.md
// The warp-synchronous reductions of NVIDIA's "Optimizing Parallel Reduction" (the CUDA
// sample `reduction` before CUDA 9, and many Rodinia/HeCBench codes still): the last warp
// unrolled through a volatile shared pointer with no __syncwarp (reduce4), and the fully
// unrolled template on the block size with a grid-stride first pass (reduce5). The kernels
// have no warp-level instruction: only lockstep execution of a warp makes them correct.
#include "apps.h"

// The classic (pre-Volta) last-warp unroll: relies on a warp executing in lockstep and
// on volatile to keep each partial sum in shared memory. Compiled for sm_75 it is still
// what many older codes do.
__device__ void warpReduce(volatile int *sdata, unsigned int tid) {
  sdata[tid] += sdata[tid + 32];
  sdata[tid] += sdata[tid + 16];
  sdata[tid] += sdata[tid + 8];
  sdata[tid] += sdata[tid + 4];
  sdata[tid] += sdata[tid + 2];
  sdata[tid] += sdata[tid + 1];
}

__global__ void reduce4(const int *g_idata, int *g_odata, unsigned int n) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * (blockDim.x * 2) + threadIdx.x;
  int mySum = (i < n) ? g_idata[i] : 0;
  if (i + blockDim.x < n) mySum += g_idata[i + blockDim.x];
  sdata[tid] = mySum;
  __syncthreads();
  for (unsigned int s = blockDim.x / 2; s > 32; s >>= 1) {
    if (tid < s) sdata[tid] = mySum = mySum + sdata[tid + s];
    __syncthreads();
  }
  if (tid < 32) warpReduce(sdata, tid);
  if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

template <unsigned int blockSize>
__global__ void reduce5(const int *g_idata, int *g_odata, unsigned int n) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * (blockSize * 2) + tid;
  unsigned int gridSize = blockSize * 2 * gridDim.x;
  int mySum = 0;
  while (i < n) {  // grid-stride: each thread adds many elements
    mySum += g_idata[i];
    if (i + blockSize < n) mySum += g_idata[i + blockSize];
    i += gridSize;
  }
  sdata[tid] = mySum;
  __syncthreads();
  if (blockSize >= 512) { if (tid < 256) sdata[tid] = mySum = mySum + sdata[tid + 256]; __syncthreads(); }
  if (blockSize >= 256) { if (tid < 128) sdata[tid] = mySum = mySum + sdata[tid + 128]; __syncthreads(); }
  if (blockSize >= 128) { if (tid < 64) sdata[tid] = mySum = mySum + sdata[tid + 64]; __syncthreads(); }
  if (tid < 32) warpReduce(sdata, tid);
  if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

typedef void (*Kernel)(const int *, int *, unsigned int);

static int reduceAll(Kernel k, bool twoPerThread, int threads, int *d_in, int *d_tmp, unsigned n,
                     int maxBlocks) {
  unsigned per = twoPerThread ? threads * 2 : threads;
  const int *in = d_in;
  int *bufs[2] = {d_tmp, d_tmp + 65536};
  int which = 0;
  while (n > 1) {
    int blocks = (n + per - 1) / per;
    if (maxBlocks && blocks > maxBlocks) blocks = maxBlocks;
    k<<<blocks, threads, threads * sizeof(int)>>>(in, bufs[which], n);
    LAUNCH_CHECK();
    in = bufs[which];
    which ^= 1;
    n = blocks;
  }
  int r;
  CUDA_CHECK(cudaMemcpy(&r, in, sizeof r, cudaMemcpyDeviceToHost));
  return r;
}

int main() {
  const unsigned n = (1u << 20) + 12345;
  int *h = (int *)malloc(n * sizeof(int));
  uint32_t seed = 42;
  long long want = 0;
  for (unsigned i = 0; i < n; i++) {
    h[i] = (int)(app_rand(&seed) & 0xff) - 100;
    want += h[i];
  }
  int *d_in, *d_tmp;
  CUDA_CHECK(cudaMalloc(&d_in, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_tmp, 2 * 65536 * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d_in, h, n * sizeof(int), cudaMemcpyHostToDevice));
  struct { const char *name; Kernel k; bool two; int threads; int maxBlocks; } v[] = {
      {"reduce4", reduce4, true, 128, 0},    {"reduce5<256>", reduce5<256>, true, 256, 64},
      {"reduce5<64>", reduce5<64>, true, 64, 0}, {"reduce5<512>", reduce5<512>, true, 512, 0},
  };
  for (auto &x : v) {
    int got = reduceAll(x.k, x.two, x.threads, d_in, d_tmp, n, x.maxBlocks);
    EXPECT(got == (int)want, "%s: sum %d, want %lld", x.name, got, want);
  }
  cudaFree(d_in); cudaFree(d_tmp); free(h);
  return app_finish("reduction_warpsync");
}
