// Reproducer (tests/apps/KNOWN_ISSUES.md): half-precision arithmetic. Conversions
// (cvt.f32.f16, cvt.rn.f16.f32) in `convert`, scalar add.f16 in `add1`, packed
// fma.rn.f16x2 in `fma2`. Each kernel is launched and checked on its own.
#include <cstdio>
#include <cuda_fp16.h>
__global__ void convert(const float *in, half *h, float *out) {
  h[threadIdx.x] = __float2half_rn(in[threadIdx.x]);
  out[threadIdx.x] = __half2float(h[threadIdx.x]);
}
__global__ void add1(const half *a, half *c) { c[threadIdx.x] = __hadd(a[threadIdx.x], a[threadIdx.x]); }
__global__ void fma2(const half2 *a, half2 *c) { c[threadIdx.x] = __hfma2(a[threadIdx.x], a[threadIdx.x], a[threadIdx.x]); }
int main() {
  float in[32], out[32];
  for (int i = 0; i < 32; i++) in[i] = i * 0.25f;
  float *din, *dout;
  half *dh, *dc;
  cudaMalloc(&din, 128); cudaMalloc(&dout, 128); cudaMalloc(&dh, 64); cudaMalloc(&dc, 64);
  cudaMemcpy(din, in, 128, cudaMemcpyHostToDevice);
  int bad = 0;
  convert<<<1, 32>>>(din, dh, dout);
  cudaError_t e = cudaGetLastError();
  cudaDeviceSynchronize();
  cudaMemcpy(out, dout, 128, cudaMemcpyDeviceToHost);
  for (int i = 0; i < 32; i++) bad += out[i] != in[i];
  printf("convert: %s, %d wrong\n", cudaGetErrorName(e), bad);
  add1<<<1, 32>>>(dh, dc);
  e = cudaGetLastError();
  cudaDeviceSynchronize();
  half hc[32];
  cudaMemcpy(hc, dc, 64, cudaMemcpyDeviceToHost);
  int bad1 = e != cudaSuccess;
  for (int i = 0; i < 32 && !bad1; i++) bad1 += __half2float(hc[i]) != 2 * in[i];
  printf("add.f16: %s, %d wrong\n", cudaGetErrorName(e), bad1);
  fma2<<<1, 16>>>((half2 *)dh, (half2 *)dc);
  e = cudaGetLastError();
  cudaDeviceSynchronize();
  cudaMemcpy(hc, dc, 64, cudaMemcpyDeviceToHost);
  int bad2 = e != cudaSuccess;
  for (int i = 0; i < 32 && !bad2; i++) bad2 += __half2float(hc[i]) != in[i] * in[i] + in[i];
  printf("fma.rn.f16x2: %s, %d wrong\n", cudaGetErrorName(e), bad2);
  bad += bad1 + bad2;
  printf("%s\n", bad ? "FAILED" : "PASSED");
  return bad != 0;
}
