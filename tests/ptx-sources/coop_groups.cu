// Cooperative groups within a block: thread_block, static and dynamic tiled_partition,
// tile shuffles and votes, cg::reduce / cg::inclusive_scan, coalesced_threads and labeled partitions.
// ROUNDTRIP: VARIANT -G
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cooperative_groups/scan.h>
namespace cg = cooperative_groups;

__global__ void groups(const int *in, int *out, int n) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
  cg::thread_block_tile<8> tile8 = cg::tiled_partition<8>(block);
  int i = block.group_index().x * block.size() + block.thread_rank();
  int v = i < n ? in[i] : 0;
  int wsum = cg::reduce(warp, v, cg::plus<int>());
  int tmax = cg::reduce(tile8, v, cg::greater<int>());
  int scan = cg::inclusive_scan(warp, v);
  int ex = cg::exclusive_scan(tile8, v, cg::bit_xor<int>());
  int sh = tile8.shfl_down(v, 1) + warp.shfl(v, 0) + warp.shfl_xor(v, 4);
  bool any = warp.any(v > 10);
  unsigned bal = warp.ballot(v & 1);
  block.sync();
  cg::thread_group dyn = cg::tiled_partition(block, 16);
  dyn.sync();
  int r = dyn.thread_rank();
  if (v & 1) {
    cg::coalesced_group active = cg::coalesced_threads();
    r += active.size() + active.shfl(v, 0);
    r += cg::reduce(active, v, cg::plus<int>());
  }
  if (i < n) out[i] = wsum + tmax + scan + ex + sh + any + (int)bal + r + (int)block.dim_threads().x;
}

__global__ void tile_sync_reduce(const float *in, float *out) {
  __shared__ float partial[32];
  auto block = cg::this_thread_block();
  auto warp = cg::tiled_partition<32>(block);
  float v = in[block.group_index().x * block.size() + block.thread_rank()];
  v = cg::reduce(warp, v, cg::plus<float>());
  if (warp.thread_rank() == 0) partial[warp.meta_group_rank()] = v;
  block.sync();
  if (warp.meta_group_rank() == 0) {
    v = warp.thread_rank() < warp.meta_group_size() ? partial[warp.thread_rank()] : 0.0f;
    v = cg::reduce(warp, v, cg::plus<float>());
    if (warp.thread_rank() == 0) out[block.group_index().x] = v;
  }
}
