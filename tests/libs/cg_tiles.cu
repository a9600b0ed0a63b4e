// Cooperative groups inside one block: thread_block sync and thread_rank over a 2D block,
// tiled_partition<32> and <16> shuffles (shfl_down reductions, shfl_xor, shfl by lane),
// cg::reduce with plus / greater / bit_xor on tiles, a dynamic tiled_partition(block, 8),
// tile votes (any/all/ballot), and coalesced_threads() inside a divergent branch.
#include "libs.h"
#include <algorithm>
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;

__global__ void block_sync(int *out) {
  cg::thread_block b = cg::this_thread_block();
  __shared__ int s[256];
  unsigned r = b.thread_rank();  // x fastest, then y
  s[r] = (int)r * 2;
  b.sync();
  out[r] = s[(r + 1) % b.size()] + (int)b.group_index().x * 1000 + (int)b.thread_index().y * 0;
  if (r == 0) out[256 + blockIdx.x] = (int)b.size() * 10 + (int)b.group_dim().y;
}

template <int T>
__global__ void tile_shfl(const int *in, int *sum_down, int *xor_out, int *bcast) {
  cg::thread_block b = cg::this_thread_block();
  cg::thread_block_tile<T> t = cg::tiled_partition<T>(b);
  int v = in[b.thread_rank()];
  int s = v;
  for (int o = T / 2; o > 0; o /= 2) s += t.shfl_down(s, o);
  if (t.thread_rank() == 0) sum_down[b.thread_rank() / T] = s;
  xor_out[b.thread_rank()] = t.shfl_xor(v, 1);
  bcast[b.thread_rank()] = t.shfl(v, T - 1) + (int)t.meta_group_rank() * 100000 +
                           (int)t.meta_group_size() * 10000000;
}

template <int T>
__global__ void tile_reduce(const int *in, int *sum, int *mx, unsigned *x) {
  cg::thread_block b = cg::this_thread_block();
  auto t = cg::tiled_partition<T>(b);
  int v = in[b.thread_rank()];
  int s = cg::reduce(t, v, cg::plus<int>());
  int m = cg::reduce(t, v, cg::greater<int>());
  unsigned xx = cg::reduce(t, (unsigned)v, cg::bit_xor<unsigned>());
  if (t.thread_rank() == 0) {
    int k = b.thread_rank() / T;
    sum[k] = s;
    mx[k] = m;
    x[k] = xx;
  }
}

__global__ void dynamic_tile(const int *in, int *out) {
  cg::thread_group t = cg::tiled_partition(cg::this_thread_block(), 8);
  __shared__ int s[128];
  unsigned r = threadIdx.x;
  s[r] = in[r];
  t.sync();
  int acc = 0;
  unsigned base = r - t.thread_rank();
  for (unsigned k = 0; k < t.size(); k++) acc += s[base + k];
  out[r] = acc;
}

__global__ void tile_votes(const int *in, int *out) {
  auto t = cg::tiled_partition<32>(cg::this_thread_block());
  int v = in[threadIdx.x];
  int any = t.any(v > 90), all = t.all(v >= 0);
  unsigned bal = t.ballot(v % 2 == 1);
  if (t.thread_rank() == 0) {
    int w = threadIdx.x / 32;
    out[w * 3] = any;
    out[w * 3 + 1] = all;
    out[w * 3 + 2] = (int)bal;
  }
}

__global__ void coalesced(const int *in, int *count, int *rank, int *sum) {
  int v = in[threadIdx.x];
  if (v % 3 == 0) {
    cg::coalesced_group g = cg::coalesced_threads();
    rank[threadIdx.x] = (int)g.thread_rank();
    int s = cg::reduce(g, v, cg::plus<int>());
    if (g.thread_rank() == 0) { count[threadIdx.x / 32] = (int)g.size(); sum[threadIdx.x / 32] = s; }
  } else {
    rank[threadIdx.x] = -1;
  }
}

static int *dev(const int *h, int n) {
  int *d;
  CUDA_CHECK(cudaMalloc(&d, n * 4));
  if (h) CUDA_CHECK(cudaMemcpy(d, h, n * 4, cudaMemcpyHostToDevice));
  else CUDA_CHECK(cudaMemset(d, 0, n * 4));
  return d;
}
static void back(int *h, const void *d, int n) {
  CUDA_CHECK(cudaMemcpy(h, d, n * 4, cudaMemcpyDeviceToHost));
}

static int in128[128];

static void thread_block_sync() {
  int *d = dev(nullptr, 258), h[258];
  block_sync<<<2, dim3(16, 8)>>>(d);
  LAUNCH_CHECK();
  back(h, d, 258);
  // both blocks write the same out[0..127] slots: only check values common to both
  for (int r = 0; r < 128; r++) {
    int base = ((r + 1) % 128) * 2;
    EXPECT(h[r] == base || h[r] == base + 1000, "r=%d %d", r, h[r]);
  }
  EXPECT(h[256] == 1288 && h[257] == 1288, "size/dim %d %d", h[256], h[257]);
  cudaFree(d);
}

template <int T> static void tile_shuffles() {
  int *in = dev(in128, 128), *sd = dev(nullptr, 128 / T), *xo = dev(nullptr, 128), *bc = dev(nullptr, 128);
  tile_shfl<T><<<1, 128>>>(in, sd, xo, bc);
  LAUNCH_CHECK();
  int hs[128], hx[128], hb[128];
  back(hs, sd, 128 / T);
  back(hx, xo, 128);
  back(hb, bc, 128);
  for (int k = 0; k < 128 / T; k++) {
    int want = 0;
    for (int i = 0; i < T; i++) want += in128[k * T + i];
    EXPECT(hs[k] == want, "T=%d tile %d sum %d vs %d", T, k, hs[k], want);
  }
  for (int i = 0; i < 128; i++) {
    EXPECT(hx[i] == in128[i ^ 1], "T=%d xor i=%d", T, i);
    int k = i / T;
    EXPECT(hb[i] == in128[k * T + T - 1] + k * 100000 + (128 / T) * 10000000, "T=%d bcast i=%d %d", T, i, hb[i]);
  }
  cudaFree(in); cudaFree(sd); cudaFree(xo); cudaFree(bc);
}
static void tile32_shuffles() { tile_shuffles<32>(); }
static void tile16_shuffles() { tile_shuffles<16>(); }

template <int T> static void tile_reductions() {
  int *in = dev(in128, 128), *s = dev(nullptr, 128 / T), *m = dev(nullptr, 128 / T), *x = dev(nullptr, 128 / T);
  tile_reduce<T><<<1, 128>>>(in, s, m, (unsigned *)x);
  LAUNCH_CHECK();
  int hs[128], hm[128], hx[128];
  back(hs, s, 128 / T);
  back(hm, m, 128 / T);
  back(hx, x, 128 / T);
  for (int k = 0; k < 128 / T; k++) {
    int ws = 0, wm = INT_MIN;
    unsigned wx = 0;
    for (int i = 0; i < T; i++) { int v = in128[k * T + i]; ws += v; wm = std::max(wm, v); wx ^= (unsigned)v; }
    EXPECT(hs[k] == ws, "T=%d plus %d vs %d", T, hs[k], ws);
    EXPECT(hm[k] == wm, "T=%d greater %d vs %d", T, hm[k], wm);
    EXPECT((unsigned)hx[k] == wx, "T=%d bit_xor", T);
  }
  cudaFree(in); cudaFree(s); cudaFree(m); cudaFree(x);
}
static void reduce_tile32() { tile_reductions<32>(); }
static void reduce_tile16() { tile_reductions<16>(); }
static void reduce_tile4() { tile_reductions<4>(); }

static void dynamic_partition() {
  int *in = dev(in128, 128), *out = dev(nullptr, 128), h[128];
  dynamic_tile<<<1, 128>>>(in, out);
  LAUNCH_CHECK();
  back(h, out, 128);
  for (int i = 0; i < 128; i++) {
    int want = 0;
    for (int k = i / 8 * 8; k < i / 8 * 8 + 8; k++) want += in128[k];
    EXPECT(h[i] == want, "i=%d %d vs %d", i, h[i], want);
  }
  cudaFree(in); cudaFree(out);
}

static void votes() {
  int *in = dev(in128, 128), *out = dev(nullptr, 12), h[12];
  tile_votes<<<1, 128>>>(in, out);
  LAUNCH_CHECK();
  back(h, out, 12);
  for (int w = 0; w < 4; w++) {
    int any = 0, all = 1;
    unsigned bal = 0;
    for (int l = 0; l < 32; l++) {
      int v = in128[w * 32 + l];
      any |= v > 90;
      all &= v >= 0;
      if (v % 2 == 1) bal |= 1u << l;
    }
    EXPECT(!!h[w * 3] == any && !!h[w * 3 + 1] == all && (unsigned)h[w * 3 + 2] == bal,
           "warp %d any %d all %d ballot %08x", w, h[w * 3], h[w * 3 + 1], h[w * 3 + 2]);
  }
  cudaFree(in); cudaFree(out);
}

static void coalesced_group() {
  int *in = dev(in128, 128), *cnt = dev(nullptr, 4), *rk = dev(nullptr, 128), *sm = dev(nullptr, 4);
  coalesced<<<1, 128>>>(in, cnt, rk, sm);
  LAUNCH_CHECK();
  int hc[4], hr[128], hs[4];
  back(hc, cnt, 4);
  back(hr, rk, 128);
  back(hs, sm, 4);
  for (int w = 0; w < 4; w++) {
    int c = 0, s = 0;
    for (int l = 0; l < 32; l++) {
      int v = in128[w * 32 + l];
      if (v % 3 == 0) {
        EXPECT(hr[w * 32 + l] == c, "rank lane %d: %d vs %d", w * 32 + l, hr[w * 32 + l], c);
        c++;
        s += v;
      } else {
        EXPECT(hr[w * 32 + l] == -1, "inactive lane %d", w * 32 + l);
      }
    }
    EXPECT(hc[w] == c && hs[w] == s, "warp %d size %d sum %d vs %d %d", w, hc[w], hs[w], c, s);
  }
  cudaFree(in); cudaFree(cnt); cudaFree(rk); cudaFree(sm);
}

int main() {
  uint32_t s = 31;
  for (int i = 0; i < 128; i++) in128[i] = (int)(libs_rand(&s) % 100);
  RUN_CASE(thread_block_sync);
  RUN_CASE(tile32_shuffles);
  RUN_CASE(tile16_shuffles);
  RUN_CASE(reduce_tile32);
  RUN_CASE(reduce_tile16);
  RUN_CASE(reduce_tile4);
  RUN_CASE(dynamic_partition);
  RUN_CASE(votes);
  RUN_CASE(coalesced_group);
  return libs_finish("cg_tiles");
}
