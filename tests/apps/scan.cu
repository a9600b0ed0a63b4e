// Prefix sums: the work-efficient Blelloch scan of GPU Gems 3 ch. 39 (up-sweep, down-sweep,
// bank-conflict-free padding), a warp scan with __shfl_up_sync feeding a block scan, and
// a multi-block scan of a large array (block sums scanned recursively, then added back),
// as in the CUDA samples' scan and HeCBench's scan codes.
#include "apps.h"

#define NUM_BANKS 32
#define LOG_NUM_BANKS 5
#define CONFLICT_FREE_OFFSET(n) ((n) >> LOG_NUM_BANKS)

// Exclusive scan of 2*blockDim.x elements per block; writes the block total to sums.
__global__ void prescan(int *g_odata, const int *g_idata, int *sums, int n) {
  extern __shared__ int temp[];
  int thid = threadIdx.x;
  int m = 2 * blockDim.x;
  int base = blockIdx.x * m;
  int ai = thid, bi = thid + blockDim.x;
  int bankOffsetA = CONFLICT_FREE_OFFSET(ai), bankOffsetB = CONFLICT_FREE_OFFSET(bi);
  temp[ai + bankOffsetA] = base + ai < n ? g_idata[base + ai] : 0;
  temp[bi + bankOffsetB] = base + bi < n ? g_idata[base + bi] : 0;
  int offset = 1;
  for (int d = m >> 1; d > 0; d >>= 1) {
    __syncthreads();
    if (thid < d) {
      int a = offset * (2 * thid + 1) - 1, b = offset * (2 * thid + 2) - 1;
      a += CONFLICT_FREE_OFFSET(a);
      b += CONFLICT_FREE_OFFSET(b);
      temp[b] += temp[a];
    }
    offset *= 2;
  }
  if (thid == 0) {
    int last = m - 1 + CONFLICT_FREE_OFFSET(m - 1);
    if (sums) sums[blockIdx.x] = temp[last];
    temp[last] = 0;
  }
  for (int d = 1; d < m; d *= 2) {
    offset >>= 1;
    __syncthreads();
    if (thid < d) {
      int a = offset * (2 * thid + 1) - 1, b = offset * (2 * thid + 2) - 1;
      a += CONFLICT_FREE_OFFSET(a);
      b += CONFLICT_FREE_OFFSET(b);
      int t = temp[a];
      temp[a] = temp[b];
      temp[b] += t;
    }
  }
  __syncthreads();
  if (base + ai < n) g_odata[base + ai] = temp[ai + bankOffsetA];
  if (base + bi < n) g_odata[base + bi] = temp[bi + bankOffsetB];
}

__global__ void add_sums(int *data, const int *sums, int n) {
  int i = blockIdx.x * 2 * blockDim.x + threadIdx.x;
  int add = sums[blockIdx.x];
  if (i < n) data[i] += add;
  if (i + blockDim.x < n) data[i + blockDim.x] += add;
}

// Inclusive scan: shuffles within each warp, then the warp totals scanned by warp 0.
__global__ void warp_block_scan(const float *in, float *out, int n) {
  __shared__ float warpSums[32];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  float v = i < n ? in[i] : 0.0f;
#pragma unroll
  for (int d = 1; d < 32; d <<= 1) {
    float up = __shfl_up_sync(0xffffffffu, v, d);
    if (lane >= d) v += up;
  }
  if (lane == 31) warpSums[warp] = v;
  __syncthreads();
  if (warp == 0) {
    float s = lane < (int)(blockDim.x >> 5) ? warpSums[lane] : 0.0f;
    for (int d = 1; d < 32; d <<= 1) {
      float up = __shfl_up_sync(0xffffffffu, s, d);
      if (lane >= d) s += up;
    }
    warpSums[lane] = s;
  }
  __syncthreads();
  if (warp > 0) v += warpSums[warp - 1];
  if (i < n) out[i] = v;
}

static void scan_device(int *d_out, const int *d_in, int n, int threads) {
  int per = 2 * threads;
  int blocks = (n + per - 1) / per;
  int *d_sums = nullptr;
  if (blocks > 1) CUDA_CHECK(cudaMalloc(&d_sums, blocks * sizeof(int)));
  size_t shmem = (per + per / NUM_BANKS + 1) * sizeof(int);
  prescan<<<blocks, threads, shmem>>>(d_out, d_in, d_sums, n);
  LAUNCH_CHECK();
  if (blocks > 1) {
    scan_device(d_sums, d_sums, blocks, threads);  // in place: prescan reads before it writes
    add_sums<<<blocks, threads>>>(d_out, d_sums, n);
    LAUNCH_CHECK();
    cudaFree(d_sums);
  }
}

int main() {
  const int sizes[] = {1, 511, 512, 1000, 100003, 1 << 20};
  uint32_t seed = 99;
  for (int n : sizes) {
    int *h = (int *)malloc(n * 4), *r = (int *)malloc(n * 4);
    for (int i = 0; i < n; i++) h[i] = (int)(app_rand(&seed) % 17) - 4;
    int *d_in, *d_out;
    CUDA_CHECK(cudaMalloc(&d_in, n * 4));
    CUDA_CHECK(cudaMalloc(&d_out, n * 4));
    CUDA_CHECK(cudaMemcpy(d_in, h, n * 4, cudaMemcpyHostToDevice));
    scan_device(d_out, d_in, n, 256);
    CUDA_CHECK(cudaMemcpy(r, d_out, n * 4, cudaMemcpyDeviceToHost));
    int acc = 0, bad = 0;
    for (int i = 0; i < n; i++) {
      if (r[i] != acc && bad++ < 5) EXPECT(r[i] == acc, "n=%d exclusive[%d] = %d, want %d", n, i, r[i], acc);
      acc += h[i];
    }
    cudaFree(d_in); cudaFree(d_out); free(h); free(r);
  }
  const int n = 65536 + 77;
  float *h = (float *)malloc(n * 4), *r = (float *)malloc(n * 4);
  for (int i = 0; i < n; i++) h[i] = (float)(app_rand(&seed) % 8);  // small integers: exact
  float *d_in, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, n * 4));
  CUDA_CHECK(cudaMalloc(&d_out, n * 4));
  CUDA_CHECK(cudaMemcpy(d_in, h, n * 4, cudaMemcpyHostToDevice));
  const int threads = 1024;
  warp_block_scan<<<(n + threads - 1) / threads, threads>>>(d_in, d_out, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, d_out, n * 4, cudaMemcpyDeviceToHost));
  float acc = 0;
  for (int i = 0; i < n; i++) {
    if (i % threads == 0) acc = 0;
    acc += h[i];
    EXPECT(r[i] == acc, "warp scan inclusive[%d] = %f, want %f", i, r[i], acc);
  }
  cudaFree(d_in); cudaFree(d_out); free(h); free(r);
  return app_finish("scan");
}
