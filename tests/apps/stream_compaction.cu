// Warp-aggregated stream compaction and friends, as in HeCBench's compaction / NVIDIA's
// "CUDA Pro Tip: optimized filtering with warp-aggregated atomics": __ballot_sync +
// __popc + __ffs leader election with one atomicAdd per warp, __activemask, __any/__all,
// __match_any_sync grouping lanes by key, __clz/__brev bit tricks, and the
// order-preserving variant (per-block ballot prefix, then a block-offset scan).
#include "apps.h"

__device__ int atomicAggInc(int *ctr) {
  unsigned int active = __activemask();
  int leader = __ffs(active) - 1;
  int change = __popc(active);
  int lane_mask_lt = (1u << (threadIdx.x & 31)) - 1;
  unsigned int rank = __popc(active & lane_mask_lt);
  int warp_res;
  if (rank == 0) warp_res = atomicAdd(ctr, change);
  warp_res = __shfl_sync(active, warp_res, leader);
  return warp_res + rank;
}

__global__ void filter_k(int *dst, int *nres, const int *src, int n) {
  int i = threadIdx.x + blockIdx.x * blockDim.x;
  if (i < n && src[i] > 0) dst[atomicAggInc(nres)] = src[i];
}

// Stable compaction: flags per warp via ballot, warp counts in shared memory, block total.
__global__ void count_blocks(const int *src, int n, int *blockCounts) {
  __shared__ int warpCounts[32];
  int i = threadIdx.x + blockIdx.x * blockDim.x;
  bool keep = i < n && src[i] > 0;
  unsigned b = __ballot_sync(0xffffffff, keep);
  if ((threadIdx.x & 31) == 0) warpCounts[threadIdx.x >> 5] = __popc(b);
  __syncthreads();
  if (threadIdx.x == 0) {
    int s = 0;
    for (int w = 0; w < (int)(blockDim.x >> 5); w++) s += warpCounts[w];
    blockCounts[blockIdx.x] = s;
  }
}

__global__ void scatter_stable(const int *src, int n, const int *blockOffsets, int *dst) {
  __shared__ int warpOffsets[33];
  int i = threadIdx.x + blockIdx.x * blockDim.x;
  int lane = threadIdx.x & 31;
  bool keep = i < n && src[i] > 0;
  unsigned b = __ballot_sync(0xffffffff, keep);
  if (lane == 0) warpOffsets[threadIdx.x >> 5] = __popc(b);
  __syncthreads();
  if (threadIdx.x == 0) {
    int s = 0;
    for (int w = 0; w < (int)(blockDim.x >> 5); w++) {
      int c = warpOffsets[w];
      warpOffsets[w] = s;
      s += c;
    }
  }
  __syncthreads();
  if (keep) dst[blockOffsets[blockIdx.x] + warpOffsets[threadIdx.x >> 5] + __popc(b & ((1u << lane) - 1))] = src[i];
}

// Per warp: how many lanes share my key (match.any), whether any/all lanes are negative.
__global__ void warp_queries(const int *keys, int *sameKey, int *anyNeg, int *allNeg, int *bits) {
  int i = threadIdx.x + blockIdx.x * blockDim.x;
  int k = keys[i];
  unsigned peers = __match_any_sync(0xffffffff, k);
  sameKey[i] = __popc(peers);
  anyNeg[i] = __any_sync(0xffffffff, k < 0);
  allNeg[i] = __all_sync(0xffffffff, k < 0);
  unsigned u = (unsigned)k;
  bits[i] = __clz(u) * 1000 + (__brev(u) & 0xff) + (__ffs(u) << 16);
}

int main() {
  const int n = 1 << 18, threads = 256, blocks = (n + threads - 1) / threads;
  int *h = (int *)malloc(n * 4);
  uint32_t seed = 5;
  for (int i = 0; i < n; i++) h[i] = (int)(app_rand(&seed) % 200) - 120;
  int want = 0;
  for (int i = 0; i < n; i++) want += h[i] > 0;
  int *d_src, *d_dst, *d_n, *d_counts;
  CUDA_CHECK(cudaMalloc(&d_src, n * 4));
  CUDA_CHECK(cudaMalloc(&d_dst, n * 4));
  CUDA_CHECK(cudaMalloc(&d_n, 4));
  CUDA_CHECK(cudaMalloc(&d_counts, blocks * 4));
  CUDA_CHECK(cudaMemcpy(d_src, h, n * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(d_n, 0, 4));
  filter_k<<<blocks, threads>>>(d_dst, d_n, d_src, n);
  LAUNCH_CHECK();
  int got;
  CUDA_CHECK(cudaMemcpy(&got, d_n, 4, cudaMemcpyDeviceToHost));
  EXPECT(got == want, "aggregated count %d, want %d", got, want);
  int *r = (int *)malloc(n * 4);
  CUDA_CHECK(cudaMemcpy(r, d_dst, want * 4, cudaMemcpyDeviceToHost));
  // Unordered: compare histograms of the kept values.
  int hist_w[200] = {0}, hist_g[200] = {0};
  for (int i = 0; i < n; i++)
    if (h[i] > 0) hist_w[h[i]]++;
  for (int i = 0; i < want && i < got; i++)
    if (r[i] > 0 && r[i] < 200) hist_g[r[i]]++;
  for (int v = 0; v < 200; v++) EXPECT(hist_g[v] == hist_w[v], "value %d kept %d times, want %d", v, hist_g[v], hist_w[v]);

  count_blocks<<<blocks, threads>>>(d_src, n, d_counts);
  LAUNCH_CHECK();
  int *counts = (int *)malloc(blocks * 4);
  CUDA_CHECK(cudaMemcpy(counts, d_counts, blocks * 4, cudaMemcpyDeviceToHost));
  int acc = 0;
  for (int b = 0; b < blocks; b++) {
    int c = counts[b];
    counts[b] = acc;
    acc += c;
  }
  EXPECT(acc == want, "stable count %d, want %d", acc, want);
  CUDA_CHECK(cudaMemcpy(d_counts, counts, blocks * 4, cudaMemcpyHostToDevice));
  scatter_stable<<<blocks, threads>>>(d_src, n, d_counts, d_dst);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, d_dst, want * 4, cudaMemcpyDeviceToHost));
  for (int i = 0, j = 0; i < n; i++)
    if (h[i] > 0) {
      EXPECT(r[j] == h[i], "stable out[%d] = %d, want %d", j, r[j], h[i]);
      j++;
    }

  const int m = 4096;
  int *keys = (int *)malloc(m * 4);
  for (int i = 0; i < m; i++) keys[i] = (i / 32 % 3 == 0) ? -(int)(app_rand(&seed) % 4) - 1 : (int)(app_rand(&seed) % 6) - 2;
  int *d_keys, *d_same, *d_any, *d_all, *d_bits;
  CUDA_CHECK(cudaMalloc(&d_keys, m * 4));
  CUDA_CHECK(cudaMalloc(&d_same, m * 4));
  CUDA_CHECK(cudaMalloc(&d_any, m * 4));
  CUDA_CHECK(cudaMalloc(&d_all, m * 4));
  CUDA_CHECK(cudaMalloc(&d_bits, m * 4));
  CUDA_CHECK(cudaMemcpy(d_keys, keys, m * 4, cudaMemcpyHostToDevice));
  warp_queries<<<m / 128, 128>>>(d_keys, d_same, d_any, d_all, d_bits);
  LAUNCH_CHECK();
  int *same = (int *)malloc(m * 4), *any = (int *)malloc(m * 4), *all = (int *)malloc(m * 4), *bits = (int *)malloc(m * 4);
  CUDA_CHECK(cudaMemcpy(same, d_same, m * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(any, d_any, m * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(all, d_all, m * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(bits, d_bits, m * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < m; i++) {
    int w0 = i & ~31, s = 0, an = 0, al = 1;
    for (int l = 0; l < 32; l++) {
      s += keys[w0 + l] == keys[i];
      an |= keys[w0 + l] < 0;
      al &= keys[w0 + l] < 0;
    }
    unsigned u = (unsigned)keys[i];
    unsigned rev = 0;
    for (int b = 0; b < 32; b++) rev |= ((u >> b) & 1u) << (31 - b);
    int clz = u ? __builtin_clz(u) : 32, ffs = __builtin_ffs((int)u);
    int wb = clz * 1000 + (int)(rev & 0xff) + (ffs << 16);
    EXPECT(same[i] == s, "match_any lane %d: %d peers, want %d", i, same[i], s);
    EXPECT(!!any[i] == an && !!all[i] == al, "any/all lane %d: %d/%d, want %d/%d", i, any[i], all[i], an, al);
    EXPECT(bits[i] == wb, "bits lane %d: %d, want %d", i, bits[i], wb);
  }
  cudaFree(d_src); cudaFree(d_dst); cudaFree(d_n); cudaFree(d_counts);
  cudaFree(d_keys); cudaFree(d_same); cudaFree(d_any); cudaFree(d_all); cudaFree(d_bits);
  free(h); free(r); free(counts); free(keys); free(same); free(any); free(all); free(bits);
  return app_finish("stream_compaction");
}
