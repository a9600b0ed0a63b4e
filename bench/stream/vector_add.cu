// Vector add c[i] = a[i] + b[i] on ptxvm, timed around launch + synchronize.
#include <cuda_runtime.h>
#include "bench_common.h"

__global__ void vector_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : (1 << 24);
  size_t bytes = (size_t)n * sizeof(float);
  float *h = (float *)malloc(bytes);
  for (int i = 0; i < n; i++) h[i] = (float)(i % 1000);
  float *a, *b, *c;
  if (cudaMalloc(&a, bytes) || cudaMalloc(&b, bytes) || cudaMalloc(&c, bytes)) {
    printf("vector_add: cudaMalloc failed\n");
    return 1;
  }
  cudaMemcpy(a, h, bytes, cudaMemcpyHostToDevice);
  cudaMemcpy(b, h, bytes, cudaMemcpyHostToDevice);
  int block = 256, grid = (n + block - 1) / block;
  double ms[BENCH_REPS];
  for (int r = -1; r < BENCH_REPS; r++) {
    double t0 = bench_now_ms();
    vector_add<<<grid, block>>>(a, b, c, n);
    cudaError_t err = cudaDeviceSynchronize();
    if (err != cudaSuccess) {
      printf("vector_add: %s\n", cudaGetErrorString(err));
      return 1;
    }
    if (r >= 0) ms[r] = bench_now_ms() - t0;
  }
  cudaMemcpy(h, c, bytes, cudaMemcpyDeviceToHost);
  for (int i = 0; i < n; i++) {
    if (h[i] != 2.0f * (float)(i % 1000)) {
      printf("vector_add: wrong result at %d\n", i);
      return 1;
    }
  }
  bench_report("vector_add", ms, BENCH_REPS, 3.0 * bytes);
  return 0;
}
