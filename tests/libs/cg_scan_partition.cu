// Cooperative-groups collectives beyond reduce: cg::inclusive_scan / exclusive_scan on
// tiles of 32 and 8 (plus and bit_or), labeled_partition and binary_partition (groups of
// lanes with the same label, their sizes and ranks, a reduce inside each), a tile of a
// tile (tiled_partition<4> of a thread_block_tile<32>), and tile.match_any.
#include "libs.h"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cooperative_groups/scan.h>
namespace cg = cooperative_groups;

template <int T>
__global__ void tile_scans(const int *in, int *inc, int *exc, unsigned *orscan) {
  auto t = cg::tiled_partition<T>(cg::this_thread_block());
  int v = in[threadIdx.x];
  inc[threadIdx.x] = cg::inclusive_scan(t, v);
  exc[threadIdx.x] = cg::exclusive_scan(t, v, cg::plus<int>());
  orscan[threadIdx.x] = cg::inclusive_scan(t, 1u << (v % 32), cg::bit_or<unsigned>());
}

__global__ void partitions(const int *in, int *lsize, int *lrank, int *lsum, int *bsize,
                           int *sub) {
  auto w = cg::tiled_partition<32>(cg::this_thread_block());
  int v = in[threadIdx.x];
  int label = v % 5;
  cg::coalesced_group g = cg::labeled_partition(w, label);
  lsize[threadIdx.x] = (int)g.size();
  lrank[threadIdx.x] = (int)g.thread_rank();
  lsum[threadIdx.x] = cg::reduce(g, v, cg::plus<int>());
  cg::coalesced_group b = cg::binary_partition(w, v > 50);
  bsize[threadIdx.x] = (int)b.size();
  auto q = cg::tiled_partition<4>(w);
  sub[threadIdx.x] = q.shfl(v, 3) + (int)q.meta_group_rank() * 1000;
}

__global__ void matches(const int *in, unsigned *any) {
  auto w = cg::tiled_partition<32>(cg::this_thread_block());
  any[threadIdx.x] = w.match_any(in[threadIdx.x] % 7);
}

static int in64[64];

static int *dev(const int *h, int n) {
  int *d;
  CUDA_CHECK(cudaMalloc(&d, n * 4));
  if (h) CUDA_CHECK(cudaMemcpy(d, h, n * 4, cudaMemcpyHostToDevice));
  return d;
}
static void back(void *h, const void *d, int n) { CUDA_CHECK(cudaMemcpy(h, d, n * 4, cudaMemcpyDeviceToHost)); }

template <int T> static void scans() {
  int *in = dev(in64, 64), *inc = dev(nullptr, 64), *exc = dev(nullptr, 64), *ors = dev(nullptr, 64);
  tile_scans<T><<<1, 64>>>(in, inc, exc, (unsigned *)ors);
  LAUNCH_CHECK();
  int hi[64], he[64];
  unsigned ho[64];
  back(hi, inc, 64);
  back(he, exc, 64);
  back(ho, ors, 64);
  for (int i = 0; i < 64; i++) {
    int s = 0;
    unsigned o = 0;
    for (int k = i / T * T; k < i; k++) { s += in64[k]; o |= 1u << (in64[k] % 32); }
    o |= 1u << (in64[i] % 32);
    EXPECT(he[i] == s, "T=%d exclusive i=%d %d vs %d", T, i, he[i], s);
    EXPECT(hi[i] == s + in64[i], "T=%d inclusive i=%d %d vs %d", T, i, hi[i], s + in64[i]);
    EXPECT(ho[i] == o, "T=%d or-scan i=%d %08x vs %08x", T, i, ho[i], o);
  }
  cudaFree(in); cudaFree(inc); cudaFree(exc); cudaFree(ors);
}
static void scan_tile32() { scans<32>(); }
static void scan_tile8() { scans<8>(); }

static void labeled_binary_partitions() {
  int *in = dev(in64, 64), *ls = dev(nullptr, 64), *lr = dev(nullptr, 64), *lsum = dev(nullptr, 64),
      *bs = dev(nullptr, 64), *sub = dev(nullptr, 64);
  partitions<<<1, 64>>>(in, ls, lr, lsum, bs, sub);
  LAUNCH_CHECK();
  int hls[64], hlr[64], hsum[64], hbs[64], hsub[64];
  back(hls, ls, 64); back(hlr, lr, 64); back(hsum, lsum, 64); back(hbs, bs, 64); back(hsub, sub, 64);
  for (int i = 0; i < 64; i++) {
    int w0 = i / 32 * 32, size = 0, rank = 0, sum = 0, bsize = 0;
    for (int k = w0; k < w0 + 32; k++) {
      if (in64[k] % 5 == in64[i] % 5) { size++; sum += in64[k]; if (k < i) rank++; }
      if ((in64[k] > 50) == (in64[i] > 50)) bsize++;
    }
    EXPECT(hls[i] == size && hlr[i] == rank && hsum[i] == sum,
           "labeled i=%d size %d rank %d sum %d vs %d %d %d", i, hls[i], hlr[i], hsum[i], size, rank, sum);
    EXPECT(hbs[i] == bsize, "binary i=%d %d vs %d", i, hbs[i], bsize);
    EXPECT(hsub[i] == in64[i / 4 * 4 + 3] + (i % 32) / 4 * 1000, "sub-tile i=%d %d", i, hsub[i]);
  }
  cudaFree(in); cudaFree(ls); cudaFree(lr); cudaFree(lsum); cudaFree(bs); cudaFree(sub);
}

static void match_any() {
  int *in = dev(in64, 64), *m = dev(nullptr, 64);
  matches<<<1, 64>>>(in, (unsigned *)m);
  LAUNCH_CHECK();
  unsigned h[64];
  back(h, m, 64);
  for (int i = 0; i < 64; i++) {
    unsigned want = 0;
    for (int l = 0; l < 32; l++) if (in64[i / 32 * 32 + l] % 7 == in64[i] % 7) want |= 1u << l;
    EXPECT(h[i] == want, "i=%d %08x vs %08x", i, h[i], want);
  }
  cudaFree(in); cudaFree(m);
}

int main() {
  uint32_t s = 51;
  for (int i = 0; i < 64; i++) in64[i] = (int)(libs_rand(&s) % 100);
  RUN_CASE(scan_tile32);
  RUN_CASE(scan_tile8);
  RUN_CASE(labeled_binary_partitions);
  RUN_CASE(match_any);
  return libs_finish("cg_scan_partition");
}
