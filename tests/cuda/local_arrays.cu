// Per-thread local arrays indexed at run time: an insertion sort of 24 values per thread, a
// small lookup table written and read at data-dependent indices, and a local struct array;
// different threads of a warp use different indices at the same time.
#include "check.h"

struct Pair {
  int key;
  float value;
};

__host__ __device__ void sort_thread(const int *in, int *out, int t) {
  int a[24];
  for (int i = 0; i < 24; i++) a[i] = in[t * 24 + i];
  for (int i = 1; i < 24; i++) { // insertion sort: indices depend on the data
    int x = a[i], j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
  int hist[10] = {0};
  for (int i = 0; i < 24; i++) hist[(a[i] & 0x7fffffff) % 10]++;
  Pair p[5];
  for (int i = 0; i < 5; i++) p[i] = Pair{a[(i * 5 + t) % 24], (float)i};
  int s = 0;
  for (int i = 0; i < 5; i++) s += p[(t + i) % 5].key * (int)p[i].value;
  for (int i = 0; i < 24; i++) out[t * 36 + i] = a[i];
  for (int i = 0; i < 10; i++) out[t * 36 + 24 + i] = hist[i];
  out[t * 36 + 34] = s;
  out[t * 36 + 35] = a[in[t * 24] & 15]; // a data-dependent read
}

__global__ void sorter(const int *in, int *out, int n) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t < n) sort_thread(in, out, t);
}

int main() {
  const int n = 1111;
  int *h = (int *)malloc(n * 24 * 4), *r = (int *)malloc(n * 36 * 4), *want = (int *)malloc(n * 36 * 4);
  uint32_t seed = 42;
  for (int i = 0; i < n * 24; i++) h[i] = (int)(check_rand(&seed) % 2000) - 1000;
  for (int t = 0; t < n; t++) sort_thread(h, want, t);
  int *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, n * 24 * 4));
  CUDA_CHECK(cudaMalloc(&dout, n * 36 * 4));
  CUDA_CHECK(cudaMemcpy(din, h, n * 24 * 4, cudaMemcpyHostToDevice));
  sorter<<<(n + 63) / 64, 64>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, n * 36 * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n * 36; i++) EXPECT(r[i] == want[i], "thread %d word %d: %d vs %d", i / 36, i % 36, r[i], want[i]);
  return check_finish("local_arrays");
}
