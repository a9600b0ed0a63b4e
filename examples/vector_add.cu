// vector_add: the README's sample. Adds two float vectors of an odd size on the device with
// the plain runtime API and checks every element against the host.
// Build: nvcc -cudart shared -arch=sm_75 -o vector_add vector_add.cu
// Run on ptxvm: LD_LIBRARY_PATH=build/lib ./vector_add   (or: build/bin/ptxvm run ./vector_add)
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <cuda_runtime.h>

__global__ void vector_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

static void check(cudaError_t err, const char *what) {
  if (err != cudaSuccess) {
    printf("vector_add: %s failed: %s\nFAILED\n", what, cudaGetErrorString(err));
    exit(1);
  }
}

int main() {
  const int n = 50000 + 1; // odd, so the last block is partly idle
  const size_t bytes = n * sizeof(float);
  float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes), *c = (float *)malloc(bytes);
  for (int i = 0; i < n; i++) {
    a[i] = sinf((float)i) * 100.0f;
    b[i] = (float)(i % 1000) / 7.0f;
  }
  float *da, *db, *dc;
  check(cudaMalloc(&da, bytes), "cudaMalloc a");
  check(cudaMalloc(&db, bytes), "cudaMalloc b");
  check(cudaMalloc(&dc, bytes), "cudaMalloc c");
  check(cudaMemcpy(da, a, bytes, cudaMemcpyHostToDevice), "cudaMemcpy a");
  check(cudaMemcpy(db, b, bytes, cudaMemcpyHostToDevice), "cudaMemcpy b");

  const int block = 256, grid = (n + block - 1) / block;
  vector_add<<<grid, block>>>(da, db, dc, n);
  check(cudaGetLastError(), "launch");
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  check(cudaMemcpy(c, dc, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy c");

  float max_error = 0;
  for (int i = 0; i < n; i++) max_error = fmaxf(max_error, fabsf(c[i] - (a[i] + b[i])));
  bool ok = max_error == 0;
  printf("vector_add: %d elements, max error %g, %s\n", n, max_error, ok ? "PASSED" : "FAILED");
  cudaFree(da);
  cudaFree(db);
  cudaFree(dc);
  free(a);
  free(b);
  free(c);
  return ok ? 0 : 1;
}
