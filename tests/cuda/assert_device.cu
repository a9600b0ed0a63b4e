// A failing device-side assert(): the kernel stops, cudaDeviceSynchronize returns
// cudaErrorAssert (sticky), CUDA prints the assertion with block and thread to stderr, and
// the host keeps running. A passing assert costs nothing.
#include "check.h"

#include <cassert>

__global__ void checked(const int *v, int n, int *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  assert(v[i] >= 0); // holds in the first launch, fails for one element in the second
  out[i] = v[i] * 2;
}

int main() {
  const int n = 1000;
  int h[n], *dv, *dout, r[n];
  for (int i = 0; i < n; i++) h[i] = i;
  CUDA_CHECK(cudaMalloc(&dv, sizeof h));
  CUDA_CHECK(cudaMalloc(&dout, sizeof r));
  CUDA_CHECK(cudaMemcpy(dv, h, sizeof h, cudaMemcpyHostToDevice));
  checked<<<(n + 127) / 128, 128>>>(dv, n, dout);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, sizeof r, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(r[i] == 2 * i, "out[%d] = %d", i, r[i]);
  h[700] = -1;
  CUDA_CHECK(cudaMemcpy(dv, h, sizeof h, cudaMemcpyHostToDevice));
  checked<<<(n + 127) / 128, 128>>>(dv, n, dout);
  cudaError_t e = cudaDeviceSynchronize();
  EXPECT(e == cudaErrorAssert, "after a failed assert: %s", cudaGetErrorName(e));
  e = cudaMemcpy(r, dout, sizeof r, cudaMemcpyDeviceToHost);
  EXPECT(e == cudaErrorAssert, "sticky: %s", cudaGetErrorName(e));
  return check_finish("assert_device");
}
