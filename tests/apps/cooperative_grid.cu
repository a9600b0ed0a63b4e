// XFAIL: cudaLaunchCooperativeKernel (grid.sync) is unsupported: see KNOWN_ISSUES.md
// Cooperative launch as in the CUDA samples reductionMultiBlockCG / conjugateGradientCG:
// the grid size taken from cudaOccupancyMaxActiveBlocksPerMultiprocessor and the SM count,
// cudaLaunchCooperativeKernel, and grid.sync() between phases of one kernel (partial sums,
// then a final sum by block 0, then every thread reads it); also
// cudaOccupancyMaxPotentialBlockSize and cudaFuncGetAttributes.
#include "apps.h"
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void normalize(const float *in, float *out, float *partial, int n) {
  cg::grid_group grid = cg::this_grid();
  cg::thread_block block = cg::this_thread_block();
  extern __shared__ float s[];
  float sum = 0;
  for (int i = grid.thread_rank(); i < n; i += grid.size()) sum += in[i];
  s[block.thread_rank()] = sum;
  block.sync();
  for (int st = block.size() / 2; st > 0; st >>= 1) {
    if (block.thread_rank() < st) s[block.thread_rank()] += s[block.thread_rank() + st];
    block.sync();
  }
  if (block.thread_rank() == 0) partial[blockIdx.x] = s[0];
  grid.sync();
  if (blockIdx.x == 0) {
    float t = 0;
    for (int b = block.thread_rank(); b < (int)gridDim.x; b += block.size()) t += partial[b];
    s[block.thread_rank()] = t;
    block.sync();
    for (int st = block.size() / 2; st > 0; st >>= 1) {
      if (block.thread_rank() < st) s[block.thread_rank()] += s[block.thread_rank() + st];
      block.sync();
    }
    if (block.thread_rank() == 0) partial[gridDim.x] = s[0];
  }
  grid.sync();
  float total = partial[gridDim.x];
  for (int i = grid.thread_rank(); i < n; i += grid.size()) out[i] = in[i] / total;
}

int main() {
  int dev = 0, supports = 0, sms = 0;
  CUDA_CHECK(cudaDeviceGetAttribute(&supports, cudaDevAttrCooperativeLaunch, dev));
  CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
  EXPECT(supports == 1, "cooperative launch not supported");
  const int threads = 256;
  int perSM = 0;
  CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSM, normalize, threads, threads * sizeof(float)));
  EXPECT(perSM >= 1, "%d blocks per SM", perSM);
  int minGrid = 0, bestBlock = 0;
  CUDA_CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &bestBlock, normalize, threads * sizeof(float), 0));
  EXPECT(bestBlock > 0 && bestBlock <= 1024 && minGrid > 0, "potential block size %d, grid %d", bestBlock, minGrid);
  cudaFuncAttributes fa;
  CUDA_CHECK(cudaFuncGetAttributes(&fa, normalize));
  EXPECT(fa.maxThreadsPerBlock >= threads, "maxThreadsPerBlock %d", fa.maxThreadsPerBlock);
  int blocks = sms * (perSM < 2 ? perSM : 2);
  if (blocks < 1) blocks = 1;
  const int n = 1 << 20;
  float *h = (float *)malloc(n * 4), *r = (float *)malloc(n * 4);
  uint32_t seed = 3;
  double total = 0;
  for (int i = 0; i < n; i++) total += (h[i] = (float)(app_rand(&seed) % 100) / 8.0f);
  float *d_in, *d_out, *d_part;
  CUDA_CHECK(cudaMalloc(&d_in, n * 4));
  CUDA_CHECK(cudaMalloc(&d_out, n * 4));
  CUDA_CHECK(cudaMalloc(&d_part, (blocks + 1) * 4));
  CUDA_CHECK(cudaMemcpy(d_in, h, n * 4, cudaMemcpyHostToDevice));
  int nn = n;
  void *args[] = {&d_in, &d_out, &d_part, &nn};
  CUDA_CHECK(cudaLaunchCooperativeKernel((void *)normalize, blocks, threads, args, threads * sizeof(float), 0));
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, d_out, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++)
    EXPECT(app_close(r[i], h[i] / total, 1e-12, 1e-5), "out[%d] = %g, want %g", i, r[i], h[i] / total);
  cudaFree(d_in); cudaFree(d_out); cudaFree(d_part); free(h); free(r);
  printf("cooperative_grid: %d blocks (%d SMs, %d per SM)\n", blocks, sms, perSM);
  return app_finish("cooperative_grid");
}
