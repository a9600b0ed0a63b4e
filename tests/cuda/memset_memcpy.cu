// Memory API: cudaMemset (byte patterns, offsets, odd sizes), cudaMemcpy in all four
// directions, cudaMemcpy2D with pitches from cudaMallocPitch, cudaMemsetAsync/cudaMemcpyAsync on
// the default stream, pinned host memory (cudaMallocHost/cudaHostAlloc), and
// cudaPointerGetAttributes.
#include "check.h"

__global__ void add_one(unsigned char *p, size_t n) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n) p[i] += 1;
}

int main() {
  const size_t n = 1000003;
  unsigned char *d, *d2, *h = (unsigned char *)malloc(n);
  CUDA_CHECK(cudaMalloc(&d, n));
  CUDA_CHECK(cudaMalloc(&d2, n));
  CUDA_CHECK(cudaMemset(d, 0xab, n));
  CUDA_CHECK(cudaMemset(d + 17, 0x01, 1001));
  CUDA_CHECK(cudaMemcpy(h, d, n, cudaMemcpyDeviceToHost));
  for (size_t i = 0; i < n; i++) {
    unsigned char want = (i >= 17 && i < 1018) ? 0x01 : 0xab;
    EXPECT(h[i] == want, "memset byte %zu: %02x", i, h[i]);
  }
  CUDA_CHECK(cudaMemcpy(d2, d, n, cudaMemcpyDeviceToDevice));
  add_one<<<(unsigned)((n + 255) / 256), 256>>>(d2, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d2, n, cudaMemcpyDeviceToHost));
  for (size_t i = 0; i < n; i++) {
    unsigned char want = (i >= 17 && i < 1018) ? 0x02 : 0xac;
    EXPECT(h[i] == want, "D2D + kernel byte %zu: %02x", i, h[i]);
  }
  unsigned char *h2 = (unsigned char *)malloc(n);
  for (size_t i = 0; i < n; i++) h2[i] = (unsigned char)(i * 13);
  CUDA_CHECK(cudaMemcpy(h, h2, n, cudaMemcpyHostToHost));
  EXPECT(memcmp(h, h2, n) == 0, "host to host");
  CUDA_CHECK(cudaMemcpy(d, h2, n, cudaMemcpyDefault));
  CUDA_CHECK(cudaMemsetAsync(d, 0x7f, 10));
  CUDA_CHECK(cudaMemcpyAsync(h, d, n, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaDeviceSynchronize());
  for (size_t i = 0; i < n; i++) EXPECT(h[i] == (i < 10 ? 0x7f : h2[i]), "async byte %zu", i);

  // 2D: a 37 x 19 float matrix in pitched memory.
  const int w = 37, rows = 19;
  float hm[rows][w], back[rows][w];
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < w; c++) hm[r][c] = r * 100.0f + c;
  float *dm;
  size_t pitch = 0;
  CUDA_CHECK(cudaMallocPitch((void **)&dm, &pitch, w * sizeof(float), rows));
  EXPECT(pitch >= w * sizeof(float), "pitch %zu", pitch);
  CUDA_CHECK(cudaMemset2D(dm, pitch, 0, w * sizeof(float), rows));
  CUDA_CHECK(cudaMemcpy2D(dm, pitch, hm, w * sizeof(float), w * sizeof(float), rows, cudaMemcpyHostToDevice));
  memset(back, 0, sizeof back);
  CUDA_CHECK(cudaMemcpy2D(back, w * sizeof(float), dm, pitch, w * sizeof(float), rows, cudaMemcpyDeviceToHost));
  EXPECT(memcmp(back, hm, sizeof hm) == 0, "cudaMemcpy2D round trip");

  // Pinned host memory is directly usable by copies.
  int *pinned, *mapped, *dp;
  CUDA_CHECK(cudaMallocHost(&pinned, 1024 * sizeof(int)));
  CUDA_CHECK(cudaHostAlloc(&mapped, 1024 * sizeof(int), cudaHostAllocDefault));
  CUDA_CHECK(cudaMalloc(&dp, 1024 * sizeof(int)));
  for (int i = 0; i < 1024; i++) pinned[i] = i * i;
  CUDA_CHECK(cudaMemcpy(dp, pinned, 1024 * sizeof(int), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(mapped, dp, 1024 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < 1024; i++) EXPECT(mapped[i] == i * i, "pinned %d", i);
  cudaPointerAttributes attr;
  CUDA_CHECK(cudaPointerGetAttributes(&attr, dp));
  EXPECT(attr.type == cudaMemoryTypeDevice, "device pointer type %d", (int)attr.type);
  CUDA_CHECK(cudaPointerGetAttributes(&attr, pinned));
  EXPECT(attr.type == cudaMemoryTypeHost, "pinned pointer type %d", (int)attr.type);
  CUDA_CHECK(cudaFreeHost(pinned));
  CUDA_CHECK(cudaFreeHost(mapped));
  CUDA_CHECK(cudaFree(dp));
  CUDA_CHECK(cudaFree(dm));
  CUDA_CHECK(cudaFree(d));
  CUDA_CHECK(cudaFree(d2));
  CUDA_CHECK(cudaFree(nullptr));
  return check_finish("memset_memcpy");
}
