// Grid-wide synchronisation with cooperative groups (grid.sync), built with -rdc=true as
// cooperative-launch programs usually are; also multi-phase work split by the grid rank.
// ROUNDTRIP: FLAGS -rdc=true
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void grid_phases(float *data, float *partials, int n) {
  cg::grid_group grid = cg::this_grid();
  cg::thread_block block = cg::this_thread_block();
  float local = 0.0f;
  for (unsigned long long i = grid.thread_rank(); i < (unsigned long long)n; i += grid.size()) {
    data[i] = data[i] * 2.0f;
    local += data[i];
  }
  __shared__ float s[256];
  s[block.thread_rank()] = local;
  block.sync();
  for (unsigned k = block.size() / 2; k > 0; k >>= 1) {
    if (block.thread_rank() < k) s[block.thread_rank()] += s[block.thread_rank() + k];
    block.sync();
  }
  if (block.thread_rank() == 0) partials[grid.block_rank()] = s[0];
  grid.sync();
  if (grid.thread_rank() == 0) {
    float total = 0.0f;
    for (unsigned b = 0; b < grid.num_blocks(); b++) total += partials[b];
    partials[0] = total;
  }
  grid.sync();
  for (unsigned long long i = grid.thread_rank(); i < (unsigned long long)n; i += grid.size())
    data[i] /= partials[0];
}
