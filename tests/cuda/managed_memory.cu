// Unified memory: cudaMallocManaged buffers written by the host, updated by kernels and read
// by the host after cudaDeviceSynchronize without explicit copies; a __managed__ variable.
#include "check.h"

__managed__ int total;

__global__ void square_and_count(float *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    v[i] = v[i] * v[i];
    atomicAdd(&total, 1);
  }
}

int main() {
  const int n = 4097;
  float *v;
  CUDA_CHECK(cudaMallocManaged(&v, n * sizeof(float)));
  for (int i = 0; i < n; i++) v[i] = (float)(i % 100) - 50.0f;
  total = 10;
  square_and_count<<<(n + 255) / 256, 256>>>(v, n);
  LAUNCH_CHECK();
  for (int i = 0; i < n; i++) {
    float x = (float)(i % 100) - 50.0f;
    EXPECT(v[i] == x * x, "v[%d] = %g", i, v[i]);
  }
  EXPECT(total == 10 + n, "__managed__ total %d", total);
  CUDA_CHECK(cudaFree(v));
  return check_finish("managed_memory");
}
