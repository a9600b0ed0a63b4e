// Vector addition of odd sizes (int, float, double), including a one-element vector and a
// size that leaves most of the last block idle.
#include "check.h"

template <typename T>
__global__ void add(const T *a, const T *b, T *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

template <typename T>
static void run(int n, int block) {
  size_t bytes = n * sizeof(T);
  T *a = (T *)malloc(bytes), *b = (T *)malloc(bytes), *c = (T *)malloc(bytes);
  for (int i = 0; i < n; i++) {
    a[i] = (T)(i * 3 - 7);
    b[i] = (T)(i % 101) / (T)4;
  }
  T *da, *db, *dc;
  CUDA_CHECK(cudaMalloc(&da, bytes));
  CUDA_CHECK(cudaMalloc(&db, bytes));
  CUDA_CHECK(cudaMalloc(&dc, bytes));
  CUDA_CHECK(cudaMemcpy(da, a, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(db, b, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(dc, 0xff, bytes));
  add<T><<<(n + block - 1) / block, block>>>(da, db, dc, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(c, dc, bytes, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(c[i] == a[i] + b[i], "n=%d block=%d i=%d", n, block, i);
  CUDA_CHECK(cudaFree(da));
  CUDA_CHECK(cudaFree(db));
  CUDA_CHECK(cudaFree(dc));
  free(a);
  free(b);
  free(c);
}

int main() {
  run<float>(50001, 256);
  run<float>(1, 256);
  run<float>(257, 256);
  run<int>(99999, 128);
  run<double>(12345, 96);
  run<float>(1000, 1);
  return check_finish("vector_add");
}
