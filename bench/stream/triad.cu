// STREAM triad a[i] = b[i] + s * c[i] on ptxvm, timed around launch + synchronize.
// Usage: triad [N]. Prints the RESULT line of bench_common.h and checks the result.
#include <cuda_runtime.h>
#include <math.h>
#include "bench_common.h"

__global__ void triad(float *a, const float *b, const float *c, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) a[i] = b[i] + s * c[i];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : (1 << 24);
  size_t bytes = (size_t)n * sizeof(float);
  float *h = (float *)malloc(bytes);
  for (int i = 0; i < n; i++) h[i] = (float)(i % 1000);
  float *a, *b, *c;
  if (cudaMalloc(&a, bytes) || cudaMalloc(&b, bytes) || cudaMalloc(&c, bytes)) {
    printf("triad: cudaMalloc failed\n");
    return 1;
  }
  cudaMemcpy(b, h, bytes, cudaMemcpyHostToDevice);
  cudaMemcpy(c, h, bytes, cudaMemcpyHostToDevice);
  int block = 256, grid = (n + block - 1) / block;
  double ms[BENCH_REPS];
  for (int r = -1; r < BENCH_REPS; r++) { /* r = -1: warm-up (includes JIT compilation) */
    double t0 = bench_now_ms();
    triad<<<grid, block>>>(a, b, c, 3.0f, n);
    cudaError_t err = cudaDeviceSynchronize();
    if (err != cudaSuccess) {
      printf("triad: %s\n", cudaGetErrorString(err));
      return 1;
    }
    if (r >= 0) ms[r] = bench_now_ms() - t0;
  }
  cudaMemcpy(h, a, bytes, cudaMemcpyDeviceToHost);
  for (int i = 0; i < n; i++) {
    float want = (float)(i % 1000) * 4.0f;
    if (fabsf(h[i] - want) > 1e-3f * want) {
      printf("triad: wrong result at %d: %f vs %f\n", i, h[i], want);
      return 1;
    }
  }
  bench_report("triad", ms, BENCH_REPS, 3.0 * bytes);
  return 0;
}
