// CUB block- and warp-level collectives inside our own kernels, as HeCBench codes use
// them: BlockReduce (sum, max, partial tile), BlockScan (exclusive/inclusive sum with a
// block aggregate), WarpReduce (full warp and 16-lane logical warps), WarpScan.
// BlockRadixSort is in cub_radix_sort.cu (bmsk, KNOWN_ISSUES.md).
#include "libs.h"
#include <algorithm>
#include <climits>
#include <vector>
#include <cub/cub.cuh>

template <int BLOCK>
__global__ void block_reduce(const int *in, int *sums, int *maxes, int n) {
  typedef cub::BlockReduce<int, BLOCK> BR;
  __shared__ typename BR::TempStorage tmp;
  int i = blockIdx.x * BLOCK + threadIdx.x;
  int v = i < n ? in[i] : 0;
  int valid = min(BLOCK, n - (int)(blockIdx.x * BLOCK));
  int s = BR(tmp).Sum(v, valid);
  __syncthreads();
  int m = BR(tmp).Reduce(i < n ? in[i] : INT_MIN, cuda::maximum<>());
  if (threadIdx.x == 0) { sums[blockIdx.x] = s; maxes[blockIdx.x] = m; }
}

template <int BLOCK, int ITEMS>
__global__ void block_scan(const int *in, int *excl, int *incl, int *agg) {
  typedef cub::BlockScan<int, BLOCK> BS;
  __shared__ typename BS::TempStorage tmp;
  int items[ITEMS];
  int base = (blockIdx.x * BLOCK + threadIdx.x) * ITEMS;
  for (int k = 0; k < ITEMS; k++) items[k] = in[base + k];
  int out[ITEMS];
  int total;
  BS(tmp).ExclusiveSum(items, out, total);
  for (int k = 0; k < ITEMS; k++) excl[base + k] = out[k];
  __syncthreads();
  BS(tmp).InclusiveSum(items, out);
  for (int k = 0; k < ITEMS; k++) incl[base + k] = out[k];
  if (threadIdx.x == 0) agg[blockIdx.x] = total;
}

__global__ void warp_reduce(const float *in, float *out32, float *out16, int *scan) {
  typedef cub::WarpReduce<float> WR;
  typedef cub::WarpReduce<float, 16> WR16;
  typedef cub::WarpScan<int> WS;
  __shared__ typename WR::TempStorage t32[4];
  __shared__ typename WR16::TempStorage t16[8];
  __shared__ typename WS::TempStorage ts[4];
  int warp = threadIdx.x / 32, half = threadIdx.x / 16;
  float v = in[threadIdx.x];
  float s = WR(t32[warp]).Sum(v);
  if (threadIdx.x % 32 == 0) out32[warp] = s;
  float s16 = WR16(t16[half]).Reduce(v, cuda::maximum<>());
  if (threadIdx.x % 16 == 0) out16[half] = s16;
  int x;
  WS(ts[warp]).InclusiveSum((int)threadIdx.x % 7, x);
  scan[threadIdx.x] = x;
}

static void test_block_reduce() {
  const int n = 1000, B = 128, nb = (n + B - 1) / B;
  std::vector<int> h(n);
  uint32_t s = 21;
  for (auto &x : h) x = (int)(libs_rand(&s) % 2001) - 1000;
  int *in, *sums, *maxes;
  CUDA_CHECK(cudaMalloc(&in, n * 4));
  CUDA_CHECK(cudaMalloc(&sums, nb * 4));
  CUDA_CHECK(cudaMalloc(&maxes, nb * 4));
  CUDA_CHECK(cudaMemcpy(in, h.data(), n * 4, cudaMemcpyHostToDevice));
  block_reduce<B><<<nb, B>>>(in, sums, maxes, n);
  LAUNCH_CHECK();
  std::vector<int> rs(nb), rm(nb);
  CUDA_CHECK(cudaMemcpy(rs.data(), sums, nb * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rm.data(), maxes, nb * 4, cudaMemcpyDeviceToHost));
  for (int b = 0; b < nb; b++) {
    int ws = 0, wm = INT_MIN;
    for (int i = b * B; i < std::min(n, (b + 1) * B); i++) { ws += h[i]; wm = std::max(wm, h[i]); }
    EXPECT(rs[b] == ws, "block %d sum %d vs %d", b, rs[b], ws);
    EXPECT(rm[b] == wm, "block %d max %d vs %d", b, rm[b], wm);
  }
  cudaFree(in); cudaFree(sums); cudaFree(maxes);
}

static void test_block_scan() {
  const int B = 256, I = 4, nb = 3, n = B * I * nb;
  std::vector<int> h(n);
  uint32_t s = 22;
  for (auto &x : h) x = (int)(libs_rand(&s) % 100);
  int *in, *ex, *inc, *agg;
  CUDA_CHECK(cudaMalloc(&in, n * 4));
  CUDA_CHECK(cudaMalloc(&ex, n * 4));
  CUDA_CHECK(cudaMalloc(&inc, n * 4));
  CUDA_CHECK(cudaMalloc(&agg, nb * 4));
  CUDA_CHECK(cudaMemcpy(in, h.data(), n * 4, cudaMemcpyHostToDevice));
  block_scan<B, I><<<nb, B>>>(in, ex, inc, agg);
  LAUNCH_CHECK();
  std::vector<int> re(n), ri(n), ra(nb);
  CUDA_CHECK(cudaMemcpy(re.data(), ex, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(ri.data(), inc, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(ra.data(), agg, nb * 4, cudaMemcpyDeviceToHost));
  for (int b = 0; b < nb; b++) {
    int acc = 0;
    for (int i = b * B * I; i < (b + 1) * B * I; i++) {
      EXPECT(re[i] == acc, "exclusive i=%d %d vs %d", i, re[i], acc);
      acc += h[i];
      EXPECT(ri[i] == acc, "inclusive i=%d %d vs %d", i, ri[i], acc);
    }
    EXPECT(ra[b] == acc, "aggregate %d: %d vs %d", b, ra[b], acc);
  }
  cudaFree(in); cudaFree(ex); cudaFree(inc); cudaFree(agg);
}

static void test_warp_reduce() {
  std::vector<float> h(128);
  for (int i = 0; i < 128; i++) h[i] = (float)((i * 37) % 101) - 50.0f;
  float *in, *o32, *o16;
  int *sc;
  CUDA_CHECK(cudaMalloc(&in, 128 * 4));
  CUDA_CHECK(cudaMalloc(&o32, 4 * 4));
  CUDA_CHECK(cudaMalloc(&o16, 8 * 4));
  CUDA_CHECK(cudaMalloc(&sc, 128 * 4));
  CUDA_CHECK(cudaMemcpy(in, h.data(), 128 * 4, cudaMemcpyHostToDevice));
  warp_reduce<<<1, 128>>>(in, o32, o16, sc);
  LAUNCH_CHECK();
  float r32[4], r16[8];
  int rsc[128];
  CUDA_CHECK(cudaMemcpy(r32, o32, sizeof r32, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(r16, o16, sizeof r16, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rsc, sc, sizeof rsc, cudaMemcpyDeviceToHost));
  for (int w = 0; w < 4; w++) {
    float want = 0;
    for (int i = 0; i < 32; i++) want += h[w * 32 + i];  // integers: exact in any order
    EXPECT(r32[w] == want, "warp %d sum %g vs %g", w, r32[w], want);
  }
  for (int q = 0; q < 8; q++) {
    float want = -1e30f;
    for (int i = 0; i < 16; i++) want = std::max(want, h[q * 16 + i]);
    EXPECT(r16[q] == want, "16-lane %d max %g vs %g", q, r16[q], want);
  }
  for (int t = 0; t < 128; t++) {
    int want = 0;
    for (int u = t / 32 * 32; u <= t; u++) want += u % 7;
    EXPECT(rsc[t] == want, "warp scan t=%d %d vs %d", t, rsc[t], want);
  }
  cudaFree(in); cudaFree(o32); cudaFree(o16); cudaFree(sc);
}

int main() {
  RUN_CASE(test_block_reduce);
  RUN_CASE(test_block_scan);
  RUN_CASE(test_warp_reduce);
  return libs_finish("cub_block");
}
