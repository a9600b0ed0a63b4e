// Reproducer (tests/apps/KNOWN_ISSUES.md): texture objects over linear and pitch-linear
// memory; tex1Dfetch<int> and tex2D<float>. Prints PASSED when both read back the data.
#include <cstdio>
#include <cuda_runtime.h>
__global__ void k1(int *out, cudaTextureObject_t t) { out[threadIdx.x] = tex1Dfetch<int>(t, threadIdx.x); }
__global__ void k2(float *out, cudaTextureObject_t t) { out[threadIdx.x] = tex2D<float>(t, threadIdx.x + 0.5f, 1.5f); }
int main() {
  int h[64], r[64];
  for (int i = 0; i < 64; i++) h[i] = i * 7;
  int *d, *o;
  cudaMalloc(&d, sizeof h);
  cudaMalloc(&o, sizeof h);
  cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
  cudaResourceDesc rd = {};
  rd.resType = cudaResourceTypeLinear;
  rd.res.linear.devPtr = d;
  rd.res.linear.desc = cudaCreateChannelDesc<int>();
  rd.res.linear.sizeInBytes = sizeof h;
  cudaTextureDesc td = {};
  td.readMode = cudaReadModeElementType;
  cudaTextureObject_t t;
  cudaError_t e = cudaCreateTextureObject(&t, &rd, &td, nullptr);
  printf("cudaCreateTextureObject(linear): %s\n", cudaGetErrorName(e));
  k1<<<1, 64>>>(o, t);
  e = cudaDeviceSynchronize();
  printf("tex1Dfetch launch: %s\n", cudaGetErrorName(e));
  cudaMemcpy(r, o, sizeof r, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int i = 0; i < 64; i++) bad += r[i] != h[i];
  float *p, *fo, fr[64], fh[128];
  size_t pitch;
  for (int i = 0; i < 128; i++) fh[i] = i;
  cudaMallocPitch(&p, &pitch, 64 * 4, 2);
  cudaMemcpy2D(p, pitch, fh, 256, 256, 2, cudaMemcpyHostToDevice);
  cudaMalloc(&fo, 256);
  rd = {};
  rd.resType = cudaResourceTypePitch2D;
  rd.res.pitch2D.devPtr = p;
  rd.res.pitch2D.desc = cudaCreateChannelDesc<float>();
  rd.res.pitch2D.width = 64;
  rd.res.pitch2D.height = 2;
  rd.res.pitch2D.pitchInBytes = pitch;
  e = cudaCreateTextureObject(&t, &rd, &td, nullptr);
  printf("cudaCreateTextureObject(pitch2D): %s\n", cudaGetErrorName(e));
  k2<<<1, 64>>>(fo, t);
  e = cudaDeviceSynchronize();
  printf("tex2D launch: %s\n", cudaGetErrorName(e));
  cudaMemcpy(fr, fo, 256, cudaMemcpyDeviceToHost);
  for (int i = 0; i < 64; i++) bad += fr[i] != fh[64 + i];
  printf("%d wrong values\n%s\n", bad, bad ? "FAILED" : "PASSED");
  return bad != 0;
}
