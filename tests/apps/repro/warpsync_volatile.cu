// Reproducer (tests/apps/KNOWN_ISSUES.md): implicit warp-synchronous reduction through a
// volatile shared pointer, no __syncwarp, no warp-level instruction (the CUDA sample
// `reduction` reduce4/5 and many older codes). Correct when the 32 lanes of a warp run in
// lockstep (ptxvm at G=32); wrong at PTXVM_GROUP=1, 8 or 16.
#include <cstdio>
#include <cuda_runtime.h>
__global__ void warp_sum(const int *in, int *out) {
  __shared__ int s[64];
  unsigned t = threadIdx.x;
  s[t] = in[t];
  s[t + 32] = in[t + 32];
  volatile int *v = s;
  v[t] += v[t + 32];
  v[t] += v[t + 16];
  v[t] += v[t + 8];
  v[t] += v[t + 4];
  v[t] += v[t + 2];
  v[t] += v[t + 1];
  if (t == 0) *out = v[0];
}
int main() {
  int h[64], *d, *o, r = -1;
  for (int i = 0; i < 64; i++) h[i] = i + 1;
  cudaMalloc(&d, sizeof h);
  cudaMalloc(&o, 4);
  cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
  warp_sum<<<1, 32>>>(d, o);
  cudaMemcpy(&r, o, 4, cudaMemcpyDeviceToHost);
  printf("sum %d, want 2080\n%s\n", r, r == 2080 ? "PASSED" : "FAILED");
  return r != 2080;
}
