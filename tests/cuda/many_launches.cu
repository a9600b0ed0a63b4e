// Many small dependent launches in a row (an iterative Jacobi-style relaxation, 2000 launches
// alternating two buffers): each launch must see the previous one's results.
#include "check.h"

__global__ void step(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int l = i > 0 ? in[i - 1] : 0, r = i < n - 1 ? in[i + 1] : 0;
  out[i] = (l + r + 2 * in[i] + 1) % 1000003;
}

int main() {
  const int n = 777, iters = 2000;
  int h[n], want[n], tmp[n], *a, *b;
  for (int i = 0; i < n; i++) h[i] = want[i] = (i * 37) % 101;
  CUDA_CHECK(cudaMalloc(&a, sizeof h));
  CUDA_CHECK(cudaMalloc(&b, sizeof h));
  CUDA_CHECK(cudaMemcpy(a, h, sizeof h, cudaMemcpyHostToDevice));
  for (int it = 0; it < iters; it++) {
    step<<<(n + 63) / 64, 64>>>(it % 2 ? b : a, it % 2 ? a : b, n);
    for (int i = 0; i < n; i++) {
      int l = i > 0 ? want[i - 1] : 0, r = i < n - 1 ? want[i + 1] : 0;
      tmp[i] = (l + r + 2 * want[i] + 1) % 1000003;
    }
    memcpy(want, tmp, sizeof want);
  }
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, iters % 2 ? b : a, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(h[i] == want[i], "[%d] = %d vs %d", i, h[i], want[i]);
  return check_finish("many_launches");
}
