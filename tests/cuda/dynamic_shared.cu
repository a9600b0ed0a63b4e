// Dynamic shared memory: extern __shared__ sized by the third launch parameter, used as
// two arrays of different types, beside static __shared__ variables; sizes from 4 bytes to
// nearly 48 KiB; each block reverses its slice of the input through shared memory.
#include "check.h"

__global__ void reverse(const int *in, int *out, int n) {
  extern __shared__ int dyn[];
  __shared__ int block_tag;
  int t = threadIdx.x, base = blockIdx.x * n;
  if (t == 0) block_tag = blockIdx.x * 1000;
  for (int i = t; i < n; i += blockDim.x) dyn[i] = in[base + i];
  __syncthreads();
  for (int i = t; i < n; i += blockDim.x) out[base + i] = dyn[n - 1 - i] + block_tag;
}

__global__ void two_arrays(float *out, int n) {
  extern __shared__ double sdata[];    // n doubles, then n floats
  float *f = (float *)(sdata + n);
  int t = threadIdx.x;
  sdata[t] = t * 0.5;
  f[t] = t * 2.0f;
  __syncthreads();
  out[blockIdx.x * n + t] = (float)sdata[n - 1 - t] + f[(t + 1) % n];
}

int main() {
  // Up to 48 KiB less 32 bytes: with the static variable (and any padding after it) the
  // block stays within the 48 KiB allowed without the opt-in.
  int sizes[] = {1, 100, 1000, 4096, 12280};
  for (int n : sizes) {
    const int blocks = 3;
    int *h = (int *)malloc(n * blocks * 4), *r = (int *)malloc(n * blocks * 4), *din, *dout;
    for (int i = 0; i < n * blocks; i++) h[i] = i * 3 + 1;
    CUDA_CHECK(cudaMalloc(&din, n * blocks * 4));
    CUDA_CHECK(cudaMalloc(&dout, n * blocks * 4));
    CUDA_CHECK(cudaMemcpy(din, h, n * blocks * 4, cudaMemcpyHostToDevice));
    reverse<<<blocks, 128, n * sizeof(int)>>>(din, dout, n);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(r, dout, n * blocks * 4, cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++)
      for (int i = 0; i < n; i++)
        EXPECT(r[b * n + i] == h[b * n + n - 1 - i] + b * 1000, "n=%d block %d i=%d: %d", n, b, i,
               r[b * n + i]);
    cudaFree(din);
    cudaFree(dout);
    free(h);
    free(r);
  }
  const int n = 256;
  float *dout, r[2 * n];
  CUDA_CHECK(cudaMalloc(&dout, sizeof r));
  two_arrays<<<2, n, n * (sizeof(double) + sizeof(float))>>>(dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, sizeof r, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 2; b++)
    for (int t = 0; t < n; t++)
      EXPECT(r[b * n + t] == (float)((n - 1 - t) * 0.5) + ((t + 1) % n) * 2.0f, "two_arrays t=%d %g",
             t, r[b * n + t]);
  return check_finish("dynamic_shared");
}
