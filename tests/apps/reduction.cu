// The reduction kernels of NVIDIA's "Optimizing Parallel Reduction" (the CUDA sample
// `reduction`): interleaved addressing with a divergent modulo test, interleaved with
// strided index, sequential addressing, first add during load. Each produces per-block
// partial sums that a second pass of the same kernel reduces to one. The warp-synchronous
// variants (reduce4, reduce5) are in reduction_warpsync.cu.
#include "apps.h"

__global__ void reduce0(const int *g_idata, int *g_odata, unsigned int n) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
  sdata[tid] = (i < n) ? g_idata[i] : 0;
  __syncthreads();
  for (unsigned int s = 1; s < blockDim.x; s *= 2) {
    if ((tid % (2 * s)) == 0) sdata[tid] += sdata[tid + s];
    __syncthreads();
  }
  if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

__global__ void reduce1(const int *g_idata, int *g_odata, unsigned int n) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
  sdata[tid] = (i < n) ? g_idata[i] : 0;
  __syncthreads();
  for (unsigned int s = 1; s < blockDim.x; s *= 2) {
    int index = 2 * s * tid;
    if (index < blockDim.x) sdata[index] += sdata[index + s];
    __syncthreads();
  }
  if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

__global__ void reduce2(const int *g_idata, int *g_odata, unsigned int n) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
  sdata[tid] = (i < n) ? g_idata[i] : 0;
  __syncthreads();
  for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) sdata[tid] += sdata[tid + s];
    __syncthreads();
  }
  if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

__global__ void reduce3(const int *g_idata, int *g_odata, unsigned int n) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * (blockDim.x * 2) + threadIdx.x;
  int mySum = (i < n) ? g_idata[i] : 0;
  if (i + blockDim.x < n) mySum += g_idata[i + blockDim.x];
  sdata[tid] = mySum;
  __syncthreads();
  for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) sdata[tid] = mySum = mySum + sdata[tid + s];
    __syncthreads();
  }
  if (tid == 0) g_odata[blockIdx.x] = mySum;
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
      {"reduce0", reduce0, false, 256, 0},   {"reduce1", reduce1, false, 128, 0},
      {"reduce2", reduce2, false, 512, 0},   {"reduce3", reduce3, true, 256, 0},
  };
  for (auto &x : v) {
    int got = reduceAll(x.k, x.two, x.threads, d_in, d_tmp, n, x.maxBlocks);
    EXPECT(got == (int)want, "%s: sum %d, want %lld", x.name, got, want);
  }
  cudaFree(d_in); cudaFree(d_tmp); free(h);
  return app_finish("reduction");
}
