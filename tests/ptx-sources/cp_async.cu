// Asynchronous copies global -> shared: __pipeline_memcpy_async with commit/wait
// (cp.async on sm_80+, plain copies before), and cuda::memcpy_async with a block barrier.
#include <cuda_pipeline.h>
#include <cuda/barrier>
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
namespace cg = cooperative_groups;

__global__ void pipeline_copy(const float4 *in, float4 *out, int tiles) {
  __shared__ float4 buf[2][128];
  int t = threadIdx.x;
  __pipeline_memcpy_async(&buf[0][t], &in[t], sizeof(float4));
  __pipeline_commit();
  for (int tile = 0; tile < tiles; tile++) {
    int next = tile + 1;
    if (next < tiles) __pipeline_memcpy_async(&buf[next & 1][t], &in[next * 128 + t], sizeof(float4));
    __pipeline_commit();
    __pipeline_wait_prior(1);
    __syncthreads();
    float4 v = buf[tile & 1][(t + 1) & 127];
    out[tile * 128 + t] = make_float4(v.x + 1.f, v.y * 2.f, v.z - v.w, v.w);
    __syncthreads();
  }
}

__global__ void barrier_copy(const int *in, int *out, int n) {
  extern __shared__ int smem[];
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  auto block = cg::this_thread_block();
  if (block.thread_rank() == 0) init(&bar, block.size());
  block.sync();
  cuda::memcpy_async(block, smem, in + blockIdx.x * n, sizeof(int) * n, bar);
  bar.arrive_and_wait();
  for (int i = block.thread_rank(); i < n; i += block.size()) out[blockIdx.x * n + i] = smem[n - 1 - i] * 3;
}

__global__ void cg_memcpy_async(const double *in, double *out, int n) {
  extern __shared__ double sd[];
  auto block = cg::this_thread_block();
  cg::memcpy_async(block, sd, in + blockIdx.x * n, sizeof(double) * n);
  cg::wait(block);
  for (int i = block.thread_rank(); i < n; i += block.size()) out[blockIdx.x * n + i] = sd[i] + sd[(i + 1) % n];
}
