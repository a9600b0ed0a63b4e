// TIMEOUT: 15
// cuda::barrier<thread_scope_block> in shared memory, as CUDA samples
// (globalToShmemAsyncCopy) and HeCBench ports use it: initialised by one thread,
// cuda::memcpy_async of a tile into shared memory completed by the barrier,
// arrive_and_wait phases reused across a loop, and the split-phase arrive() + wait(token).
#include "libs.h"
#include <cooperative_groups.h>
#include <cuda/barrier>
namespace cg = cooperative_groups;

__global__ void tile_sum(const float *in, float *out, int tiles) {
  __shared__ float buf[256];
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  auto block = cg::this_thread_block();
  if (block.thread_rank() == 0) init(&bar, block.size());
  block.sync();
  float acc = 0;
  for (int t = 0; t < tiles; t++) {
    const float *src = in + (size_t)(blockIdx.x * tiles + t) * 256;
    // each thread copies its own element, completion tracked by the barrier
    cuda::memcpy_async(&buf[threadIdx.x], &src[threadIdx.x], sizeof(float), bar);
    bar.arrive_and_wait();
    acc += buf[(threadIdx.x + 1) % 256];  // read a neighbour's element: needs the barrier
    bar.arrive_and_wait();                // nobody overwrites buf before all have read
  }
  out[blockIdx.x * 256 + threadIdx.x] = acc;
}

__global__ void split_phases(int *out) {
  // arrive (no wait) then wait on the token: the split-phase form
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  __shared__ int s[128];
  if (threadIdx.x == 0) init(&bar, blockDim.x);
  __syncthreads();
  s[threadIdx.x] = threadIdx.x * 3;
  auto token = bar.arrive();
  int mine = threadIdx.x + 1;  // independent work between arrive and wait
  bar.wait(cuda::std::move(token));
  out[threadIdx.x] = s[(threadIdx.x + 64) % 128] + mine;
}

static void barrier_memcpy_async() {
  const int blocks = 3, tiles = 4, n = blocks * tiles * 256;
  static float h[n];
  for (int i = 0; i < n; i++) h[i] = (float)(i % 97);
  float *in, *out, r[blocks * 256];
  CUDA_CHECK(cudaMalloc(&in, n * 4));
  CUDA_CHECK(cudaMalloc(&out, sizeof r));
  CUDA_CHECK(cudaMemcpy(in, h, n * 4, cudaMemcpyHostToDevice));
  tile_sum<<<blocks, 256>>>(in, out, tiles);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, out, sizeof r, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++)
    for (int t = 0; t < 256; t++) {
      float want = 0;
      for (int k = 0; k < tiles; k++) want += h[(b * tiles + k) * 256 + (t + 1) % 256];
      EXPECT(r[b * 256 + t] == want, "block %d thread %d: %g vs %g", b, t, r[b * 256 + t], want);
    }
  cudaFree(in); cudaFree(out);
}

static void split_phase_barrier() {
  int *out, r[128];
  CUDA_CHECK(cudaMalloc(&out, sizeof r));
  split_phases<<<1, 128>>>(out);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, out, sizeof r, cudaMemcpyDeviceToHost));
  for (int t = 0; t < 128; t++) EXPECT(r[t] == ((t + 64) % 128) * 3 + t + 1, "t=%d %d", t, r[t]);
  cudaFree(out);
}

int main() {
  RUN_CASE(barrier_memcpy_async);
  RUN_CASE(split_phase_barrier);
  return libs_finish("libcudacxx_barrier");
}
