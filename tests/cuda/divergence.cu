// Divergent control flow: nested if/else on lane-dependent conditions, a switch, loops whose
// trip count depends on the lane (including zero trips), and a data-dependent while loop
// (Collatz steps) — each thread's result checked against the same code on the host.
#include "check.h"

__host__ __device__ int nested(int x, int lane) {
  int r = 0;
  if (x & 1) {
    if (lane < 16) {
      r = x * 3;
      if (x % 5 == 0) r += 100;
      else r -= 7;
    } else {
      r = x / 2;
    }
  } else {
    if (lane % 4 == 0) r = -x;
    else if (lane % 4 == 1) r = x << 2;
    else {
      switch (x % 7) {
      case 0: r = 1; break;
      case 1:
      case 2: r = x + 2; break;
      case 5: r = x * x; break;
      default: r = 9;
      }
    }
  }
  return r;
}

__host__ __device__ int lane_loop(int x, int lane) {
  int s = 0;
  for (int i = 0; i < lane; i++) { // lane 0 runs zero times
    s += x ^ i;
    for (int j = i; j < (x & 3); j++) s -= j;
  }
  return s;
}

__host__ __device__ int collatz(unsigned x) {
  int steps = 0;
  while (x > 1) {
    x = (x & 1) ? 3 * x + 1 : x / 2;
    steps++;
  }
  return steps;
}

__global__ void diverge(const int *in, int *out, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= n) return;
  int lane = threadIdx.x & 31;
  out[g * 3] = nested(in[g], lane);
  out[g * 3 + 1] = lane_loop(in[g], lane);
  out[g * 3 + 2] = collatz((unsigned)in[g] % 10000 + 1);
}

int main() {
  const int n = 4099;
  int *h = (int *)malloc(n * 4), *r = (int *)malloc(n * 12), *din, *dout;
  uint32_t seed = 11;
  for (int i = 0; i < n; i++) h[i] = (int)(check_rand(&seed) % 100000);
  CUDA_CHECK(cudaMalloc(&din, n * 4));
  CUDA_CHECK(cudaMalloc(&dout, n * 12));
  CUDA_CHECK(cudaMemcpy(din, h, n * 4, cudaMemcpyHostToDevice));
  diverge<<<(n + 127) / 128, 128>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, n * 12, cudaMemcpyDeviceToHost));
  for (int g = 0; g < n; g++) {
    int lane = (g % 128) & 31;
    EXPECT(r[g * 3] == nested(h[g], lane), "nested g=%d: %d", g, r[g * 3]);
    EXPECT(r[g * 3 + 1] == lane_loop(h[g], lane), "lane_loop g=%d: %d", g, r[g * 3 + 1]);
    EXPECT(r[g * 3 + 2] == collatz((unsigned)h[g] % 10000 + 1), "collatz g=%d: %d", g, r[g * 3 + 2]);
  }
  return check_finish("divergence");
}
