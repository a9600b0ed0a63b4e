// Barriers beyond the plain __syncthreads: (1) threads that return before a __syncthreads
// (sm_70+ GPUs complete a CTA-wide barrier once every non-exited thread arrived; common in
// real code); (2) named barriers with a thread count from inline PTX — a producer warp
// signals with bar.arrive, consumer warps wait with bar.sync on barrier 1 — while a third
// group of warps synchronises on barrier 2 only; (3) __syncthreads in a loop with a
// block-uniform, data-dependent trip count.
#include "check.h"

__global__ void exit_then_sync(const int *in, int *out, int n) {
  __shared__ int s[256];
  int t = threadIdx.x, g = blockIdx.x * blockDim.x + t;
  s[t] = 0;
  if (g >= n) return; // the last block's tail exits before the barrier
  s[t] = in[g];
  __syncthreads();
  int left = t > 0 ? s[t - 1] : -1;
  __syncthreads();
  s[t] = left * 2;
  __syncthreads();
  out[g] = s[t] + (t + 1 < blockDim.x && g + 1 < n ? s[t + 1] : 0);
}

// 128 threads: warp 0 produces, warps 1-2 consume (barrier 1 counts 96 threads), warp 3 works
// alone with itself on barrier 2 (32 threads).
__global__ void producer_consumer(int *out, int rounds) {
  __shared__ int box[32];
  __shared__ int side[32];
  int t = threadIdx.x, warp = t / 32, lane = t % 32;
  for (int r = 0; r < rounds; r++) {
    if (warp == 0) {
      box[lane] = r * 100 + lane;
      __threadfence_block();
      asm volatile("bar.arrive 1, 96;" ::: "memory");   // does not wait
      asm volatile("bar.sync 3, 96;" ::: "memory");     // until the consumers have read
    } else if (warp <= 2) {
      asm volatile("bar.sync 1, 96;" ::: "memory");     // waits for the producer
      int v = box[(lane + warp) % 32];
      out[(blockIdx.x * rounds + r) * 64 + (warp - 1) * 32 + lane] = v;
      asm volatile("bar.arrive 3, 96;" ::: "memory");
    } else {
      side[lane] = r + lane;
      asm volatile("bar.sync 2, 32;" ::: "memory");
      if (side[(lane + 1) % 32] != r + (lane + 1) % 32) out[0] = -1;
      asm volatile("bar.sync 2, 32;" ::: "memory");
    }
  }
}

__global__ void loop_sync(const int *trips, int *out) {
  __shared__ int acc[128];
  int t = threadIdx.x;
  acc[t] = t;
  int n = trips[blockIdx.x]; // the same for the whole block
  for (int i = 0; i < n; i++) {
    __syncthreads();
    int v = acc[(t + 1) % blockDim.x];
    __syncthreads();
    acc[t] = v + 1;
  }
  out[blockIdx.x * blockDim.x + t] = acc[t];
}

int main() {
  const int n = 1000, B = 256, blocks = (n + B - 1) / B;
  int h[n], r[n], *din, *dout;
  for (int i = 0; i < n; i++) h[i] = i * 3 - 500;
  CUDA_CHECK(cudaMalloc(&din, sizeof h));
  CUDA_CHECK(cudaMalloc(&dout, 1 << 20));
  CUDA_CHECK(cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice));
  exit_then_sync<<<blocks, B>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, sizeof r, cudaMemcpyDeviceToHost));
  for (int g = 0; g < n; g++) {
    int t = g % B;
    int left = t > 0 ? h[g - 1] : -1;
    int right = (t + 1 < B && g + 1 < n) ? h[g] * 2 : 0;
    EXPECT(r[g] == left * 2 + right, "exit_then_sync [%d] = %d vs %d", g, r[g], left * 2 + right);
  }

  const int rounds = 5, pblocks = 3;
  static int pc[pblocks * rounds * 64];
  CUDA_CHECK(cudaMemset(dout, 0, sizeof pc));
  producer_consumer<<<pblocks, 128>>>(dout, rounds);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(pc, dout, sizeof pc, cudaMemcpyDeviceToHost));
  for (int b = 0; b < pblocks; b++)
    for (int k = 0; k < rounds; k++)
      for (int i = 0; i < 64; i++) {
        int warp = i / 32 + 1, lane = i % 32, idx = (b * rounds + k) * 64 + i;
        int want = k * 100 + (lane + warp) % 32;
        EXPECT(pc[idx] == want, "producer/consumer block %d round %d slot %d: %d vs %d", b, k, i,
               pc[idx], want);
      }

  int trips[4] = {0, 1, 7, 130}, *dtrips, lr[4 * 128];
  CUDA_CHECK(cudaMalloc(&dtrips, sizeof trips));
  CUDA_CHECK(cudaMemcpy(dtrips, trips, sizeof trips, cudaMemcpyHostToDevice));
  loop_sync<<<4, 128>>>(dtrips, dout);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(lr, dout, sizeof lr, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 4; b++)
    for (int t = 0; t < 128; t++) {
      int want = (t + trips[b]) % 128 + trips[b]; // each round rotates by one and adds one
      EXPECT(lr[b * 128 + t] == want, "loop_sync block %d thread %d: %d vs %d", b, t,
             lr[b * 128 + t], want);
    }
  return check_finish("barriers_exit_named");
}
