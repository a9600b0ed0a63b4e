// Half precision as HeCBench's fp16 codes and the CUDA sample fp16ScalarProduct use it:
// __half2 vector loads, __hmul2/__hadd2/__hfma2, conversions __float2half_rn /
// __half2float / __floats2half2_rn / __low2float / __high2float, __hgt comparisons,
// hexp/hsqrt, and a dot product reduced with __shfl_down_sync on __half2.
#include "apps.h"
#include <cuda_fp16.h>

__global__ void scalarProductKernel(const half2 *a, const half2 *b, float *results, int n2) {
  __shared__ half2 shArray[128];
  half2 value = __float2half2_rn(0.f);
  for (int i = threadIdx.x + blockDim.x * blockIdx.x; i < n2; i += gridDim.x * blockDim.x)
    value = __hfma2(a[i], b[i], value);
  // Warp reduction on half2, then across warps through shared memory.
  for (int o = 16; o > 0; o >>= 1) value = __hadd2(value, __shfl_down_sync(0xffffffff, value, o));
  if ((threadIdx.x & 31) == 0) shArray[threadIdx.x >> 5] = value;
  __syncthreads();
  if (threadIdx.x == 0) {
    half2 s = shArray[0];
    for (int w = 1; w < (int)(blockDim.x >> 5); w++) s = __hadd2(s, shArray[w]);
    results[blockIdx.x] = __low2float(s) + __high2float(s);
  }
}

__global__ void elementwise(const half *x, half *y, float *f, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  half v = x[i];
  half two = __float2half(2.0f);
  half r = __hgt(v, __float2half(0.0f)) ? hsqrt(v) : __hmul(v, two);
  y[i] = __hadd(r, hexp(__hneg(__habs(v))));
  half2 p = __floats2half2_rn(__half2float(v), -__half2float(v));
  half2 q = __hmul2(p, p);
  f[i] = __low2float(q) - __high2float(q) + __half2float(__hmax(v, __float2half(0.5f)));
}

int main() {
  const int n = 1 << 16, n2 = n / 2, blocks = 32, threads = 128;
  half *ha = (half *)malloc(n * 2), *hb = (half *)malloc(n * 2);
  float *fa = (float *)malloc(n * 4), *fb = (float *)malloc(n * 4);
  uint32_t seed = 44;
  for (int i = 0; i < n; i++) {
    // Multiples of 1/8 in [-2, 2]: products are multiples of 1/64, sums stay small.
    fa[i] = (float)((int)(app_rand(&seed) % 33) - 16) / 8.0f;
    fb[i] = (float)((int)(app_rand(&seed) % 33) - 16) / 64.0f;
    ha[i] = __float2half_rn(fa[i]);
    hb[i] = __float2half_rn(fb[i]);
  }
  half *da, *db, *dy;
  float *dres, *df;
  CUDA_CHECK(cudaMalloc(&da, n * 2));
  CUDA_CHECK(cudaMalloc(&db, n * 2));
  CUDA_CHECK(cudaMalloc(&dy, n * 2));
  CUDA_CHECK(cudaMalloc(&df, n * 4));
  CUDA_CHECK(cudaMalloc(&dres, blocks * 4));
  CUDA_CHECK(cudaMemcpy(da, ha, n * 2, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(db, hb, n * 2, cudaMemcpyHostToDevice));
  scalarProductKernel<<<blocks, threads>>>((half2 *)da, (half2 *)db, dres, n2);
  LAUNCH_CHECK();
  float res[blocks];
  CUDA_CHECK(cudaMemcpy(res, dres, sizeof res, cudaMemcpyDeviceToHost));
  double got = 0, want = 0, mag = 0;
  for (int b = 0; b < blocks; b++) got += res[b];
  for (int i = 0; i < n; i++) {
    want += (double)fa[i] * fb[i];
    mag += fabs((double)fa[i] * fb[i]);
  }
  // Half accumulators round at 11 bits: compare against the magnitude of the terms.
  EXPECT(fabs(got - want) <= 2e-3 * mag, "dot product %f, want %f (sum of |terms| %f)", got, want, mag);

  elementwise<<<(n + 255) / 256, 256>>>(da, dy, df, n);
  LAUNCH_CHECK();
  half *hy = (half *)malloc(n * 2);
  float *hf = (float *)malloc(n * 4);
  CUDA_CHECK(cudaMemcpy(hy, dy, n * 2, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(hf, df, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    float v = fa[i];
    float r = v > 0 ? sqrtf(v) : v * 2.0f;
    float wy = r + expf(-fabsf(v));
    float gy = __half2float(hy[i]);
    EXPECT(fabsf(gy - wy) <= 4e-3f * (1 + fabsf(wy)), "y[%d] = %f, want %f (x = %f)", i, gy, wy, v);
    float wf = v * v - v * v + (v > 0.5f ? v : 0.5f);
    EXPECT(hf[i] == wf, "f[%d] = %f, want %f", i, hf[i], wf);
  }
  cudaFree(da); cudaFree(db); cudaFree(dy); cudaFree(df); cudaFree(dres);
  free(ha); free(hb); free(fa); free(fb); free(hy); free(hf);
  return app_finish("half_precision");
}
