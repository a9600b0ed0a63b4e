// Texture fetches on both sides of __syncthreads: the texture handle and coordinates
// must survive the group function's suspension at each barrier (they are read only
// inside [texture, {coordinates}] operands). Block sizes below, at and above a warp.
#include "check.h"

#define N 256

__global__ void k(cudaTextureObject_t t, float *out) {
  __shared__ float sh[N];
  int x = threadIdx.x, n = blockDim.x;
  sh[x] = tex1Dfetch<float>(t, x);
  __syncthreads();
  float v = tex1Dfetch<float>(t, n - 1 - x) + sh[n - 1 - x];
  __syncthreads();
  sh[x] = v;
  __syncthreads();
  out[blockIdx.x * n + x] = sh[(x + 1) % n] + tex1Dfetch<float>(t, (x + 2) % n);
}

int main() {
  float h[N], *d, *o, r[4 * N];
  for (int i = 0; i < N; i++) h[i] = i * 1.5f - 7;
  CUDA_CHECK(cudaMalloc(&d, sizeof h));
  CUDA_CHECK(cudaMalloc(&o, sizeof r));
  CUDA_CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeLinear;
  rd.res.linear.devPtr = d;
  rd.res.linear.desc = cudaCreateChannelDesc<float>();
  rd.res.linear.sizeInBytes = sizeof h;
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  td.readMode = cudaReadModeElementType;
  cudaTextureObject_t t;
  CUDA_CHECK(cudaCreateTextureObject(&t, &rd, &td, NULL));
  int sizes[] = {20, 32, 96, 256};
  for (int n : sizes) {
    k<<<4, n>>>(t, o);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(r, o, 4 * n * sizeof(float), cudaMemcpyDeviceToHost));
    for (int b = 0; b < 4; b++)
      for (int x = 0; x < n; x++) {
        int y = (x + 1) % n;
        float want = 2 * h[n - 1 - y] + h[(x + 2) % n];
        EXPECT(r[b * n + x] == want, "block size %d, block %d, thread %d: %g want %g", n, b, x, r[b * n + x], want);
      }
  }
  CUDA_CHECK(cudaDestroyTextureObject(t));
  cudaFree(d);
  cudaFree(o);
  return check_finish("tex_barriers");
}
