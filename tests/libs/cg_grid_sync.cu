// Cooperative launch (grid.sync() via cudaLaunchCooperativeKernel), as the CUDA samples
// reductionMultiBlockCG and conjugateGradientMultiBlockCG use it. The grid is sized the
// samples' way: cudaOccupancyMaxActiveBlocksPerMultiprocessor x multiProcessorCount.
// A device may not support cooperative launches (cudaDevAttrCooperativeLaunch = 0; ptxvm
// says 0 because a grid barrier needs every CTA resident at once, which its worker pool
// does not guarantee): then the launch must fail cleanly with cudaErrorNotSupported,
// leave no sticky error, and ordinary launches must keep working. Where it is supported,
// the results must be right and an oversized grid must give
// cudaErrorCooperativeLaunchTooLarge.
#include "libs.h"
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void two_phase(const int *in, int *partial, int *out, int n) {
  cg::grid_group grid = cg::this_grid();
  cg::thread_block block = cg::this_thread_block();
  __shared__ int s[256];
  int sum = 0;
  for (int i = grid.thread_rank(); i < n; i += grid.size()) sum += in[i];
  s[block.thread_rank()] = sum;
  block.sync();
  for (int st = block.size() / 2; st > 0; st >>= 1) {
    if (block.thread_rank() < st) s[block.thread_rank()] += s[block.thread_rank() + st];
    block.sync();
  }
  if (block.thread_rank() == 0) partial[blockIdx.x] = s[0];
  grid.sync();
  int total = 0;
  for (int b = 0; b < (int)gridDim.x; b++) total += partial[b];
  for (int i = grid.thread_rank(); i < n; i += grid.size()) out[i] = total - in[i];
}

__global__ void plain(int *p) { p[threadIdx.x] = threadIdx.x * 2; }

static void cooperative() {
  int dev = 0, coop = -1, sms = 0, per_sm = 0;
  CUDA_CHECK(cudaGetDevice(&dev));
  CUDA_CHECK(cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, dev));
  CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
  CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, two_phase, 256, 0));
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, dev));
  EXPECT(prop.cooperativeLaunch == coop, "prop %d vs attribute %d", prop.cooperativeLaunch, coop);
  EXPECT(coop == 0 || coop == 1, "attribute %d", coop);
  EXPECT(sms > 0 && per_sm > 0, "sms %d blocks per SM %d", sms, per_sm);
  const int n = 10000;
  int *in, *partial, *out, h[n], w = 0;
  for (int i = 0; i < n; i++) { h[i] = i % 17; w += h[i]; }
  CUDA_CHECK(cudaMalloc(&in, n * 4));
  CUDA_CHECK(cudaMalloc(&out, n * 4));
  int blocks = sms * per_sm;
  CUDA_CHECK(cudaMalloc(&partial, (blocks + 1) * 4));
  CUDA_CHECK(cudaMemcpy(in, h, n * 4, cudaMemcpyHostToDevice));
  int nn = n;
  void *args[] = {&in, &partial, &out, &nn};
  cudaError_t e = cudaLaunchCooperativeKernel((void *)two_phase, blocks, 256, args, 0, 0);
  if (coop == 0) {
    printf("cooperative launch not supported by this device: %s\n", cudaGetErrorName(e));
    EXPECT(e == cudaErrorNotSupported, "got %s", cudaGetErrorName(e));
    cudaGetLastError();
    EXPECT(cudaDeviceSynchronize() == cudaSuccess, "the failed launch left a sticky error");
  } else {
    EXPECT(e == cudaSuccess, "launch: %s", cudaGetErrorName(e));
    CUDA_CHECK(cudaDeviceSynchronize());
    int r[n];
    CUDA_CHECK(cudaMemcpy(r, out, n * 4, cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++) EXPECT(r[i] == w - h[i], "i=%d %d vs %d", i, r[i], w - h[i]);
    e = cudaLaunchCooperativeKernel((void *)two_phase, blocks + 1, 256, args, 0, 0);
    EXPECT(e == cudaErrorCooperativeLaunchTooLarge, "oversized grid: %s", cudaGetErrorName(e));
    cudaGetLastError();
  }
  // A host function is not a kernel, whether or not cooperative launches work.
  static int not_a_kernel;
  e = cudaLaunchCooperativeKernel((void *)&not_a_kernel, 1, 32, args, 0, 0);
  EXPECT(e == cudaErrorInvalidDeviceFunction, "not a kernel: %s", cudaGetErrorName(e));
  EXPECT(cudaGetLastError() == e, "last error after the failed launch");
  // An ordinary launch still works afterwards.
  plain<<<1, 64>>>(out);
  LAUNCH_CHECK();
  int r[64];
  CUDA_CHECK(cudaMemcpy(r, out, sizeof r, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 64; i++) EXPECT(r[i] == 2 * i, "plain launch i=%d", i);
  cudaFree(in); cudaFree(partial); cudaFree(out);
}

// Launch attributes the samples also read before a cooperative launch.
static void function_attributes() {
  cudaFuncAttributes a;
  CUDA_CHECK(cudaFuncGetAttributes(&a, two_phase));
  EXPECT(a.maxThreadsPerBlock >= 256, "maxThreadsPerBlock %d", a.maxThreadsPerBlock);
  EXPECT(a.sharedSizeBytes >= 256 * sizeof(int), "static shared %zu", a.sharedSizeBytes);
  int min_grid = 0, block = 0;
  CUDA_CHECK(cudaOccupancyMaxPotentialBlockSize(&min_grid, &block, two_phase, 0, 0));
  EXPECT(block > 0 && block <= 1024 && min_grid > 0, "potential block %d grid %d", block, min_grid);
  int per_sm = 0;
  CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&per_sm, two_phase, 256, 0,
                                                                    cudaOccupancyDefault));
  EXPECT(per_sm > 0, "blocks per SM with flags %d", per_sm);
}

int main() {
  RUN_CASE(cooperative);
  RUN_CASE(function_attributes);
  return libs_finish("cg_grid_sync");
}
