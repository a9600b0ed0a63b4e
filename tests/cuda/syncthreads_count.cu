// __syncthreads_count / __syncthreads_and / __syncthreads_or (bar.red): every thread gets the
// block-wide count / AND / OR of its predicate, in full and partial blocks, used repeatedly
// in a loop.
#include "check.h"

__global__ void votes(const int *in, int *out, int n) {
  int t = threadIdx.x, g = blockIdx.x * blockDim.x + t;
  int v = g < n ? in[g] : 0;
  int *o = out + (size_t)g * 6;
  o[0] = __syncthreads_count(v > 50);
  o[1] = __syncthreads_and(v >= 0);
  o[2] = __syncthreads_and(v > 10);
  o[3] = __syncthreads_or(v == 99);
  o[4] = __syncthreads_or(v > 1000);
  int rounds = 0;
  for (int k = 0; __syncthreads_or(v > k * 10); k++) rounds++; // block-uniform trip count
  o[5] = rounds;
}

int main() {
  const int threads = 160, blocks = 13, n = threads * blocks;
  int h[n], *din, *dout;
  static int r[n * 6];
  uint32_t seed = 4;
  for (int i = 0; i < n; i++) h[i] = (int)(check_rand(&seed) % 100);
  h[5] = 99;
  for (int i = threads; i < 2 * threads; i++) h[i] = 20 + i % 30; // block 1: all > 10
  CUDA_CHECK(cudaMalloc(&din, sizeof h));
  CUDA_CHECK(cudaMalloc(&dout, sizeof r));
  CUDA_CHECK(cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice));
  votes<<<blocks, threads>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, sizeof r, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++) {
    int count = 0, all10 = 1, any99 = 0, mx = 0;
    for (int t = 0; t < threads; t++) {
      int v = h[b * threads + t];
      count += v > 50;
      all10 &= v > 10;
      any99 |= v == 99;
      mx = v > mx ? v : mx;
    }
    int rounds = (mx + 9) / 10; // k runs while some v > 10k
    for (int t = 0; t < threads; t++) {
      const int *o = r + (b * threads + t) * 6;
      EXPECT(o[0] == count, "block %d thread %d count %d vs %d", b, t, o[0], count);
      EXPECT(o[1] != 0, "block %d and(v>=0)", b);
      EXPECT(!!o[2] == all10, "block %d and(v>10) %d vs %d", b, o[2], all10);
      EXPECT(!!o[3] == any99, "block %d or(v==99) %d vs %d", b, o[3], any99);
      EXPECT(o[4] == 0, "block %d or(v>1000)", b);
      EXPECT(o[5] == rounds, "block %d loop rounds %d vs %d", b, o[5], rounds);
    }
  }
  return check_finish("syncthreads_count");
}
