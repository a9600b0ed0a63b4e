// A small CUDA program like the examples: two kernels, launched from host code. The
// fatbin test builds it with nvcc and reads the fatbinary nvcc embeds; it is not run.
#include <cstdio>

__global__ void vec_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

__global__ void scale(float *x, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= s;
}

int main() {
  const int n = 1024;
  float *a, *b, *c;
  cudaMallocManaged(&a, n * sizeof(float));
  cudaMallocManaged(&b, n * sizeof(float));
  cudaMallocManaged(&c, n * sizeof(float));
  for (int i = 0; i < n; i++) a[i] = (float)i, b[i] = 2.0f * i;
  vec_add<<<(n + 255) / 256, 256>>>(a, b, c, n);
  scale<<<(n + 255) / 256, 256>>>(c, 0.5f, n);
  cudaDeviceSynchronize();
  int bad = 0;
  for (int i = 0; i < n; i++) bad += c[i] != 1.5f * i;
  printf("%s\n", bad ? "FAIL" : "PASS");
  return bad != 0;
}
