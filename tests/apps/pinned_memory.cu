// Page-locked host memory as in the CUDA samples simpleZeroCopy / bandwidthTest /
// simpleHostRegister: cudaMallocHost and cudaHostAlloc(Mapped) buffers, a kernel that reads
// and writes host memory directly through cudaHostGetDevicePointer (zero copy),
// cudaHostRegister on malloc'ed memory, cudaHostGetFlags, and a bandwidth-test style loop
// of pinned vs pageable copies timed with events, checking the data after each copy.
#include "apps.h"

__global__ void vectorAddGPU(const float *a, const float *b, float *c, int N) {
  int idx = blockIdx.x * blockDim.x + threadIdx.x;
  if (idx < N) c[idx] = a[idx] + b[idx];
}

__global__ void increment(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] += i;
}

int main() {
  int dev = 0;
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, dev));
  EXPECT(prop.canMapHostMemory, "device cannot map host memory");
  CUDA_CHECK(cudaSetDeviceFlags(cudaDeviceMapHost));

  const int nelem = 1 << 20;
  size_t bytes = nelem * sizeof(float);
  float *a, *b, *c, *d_a, *d_b, *d_c;
  CUDA_CHECK(cudaHostAlloc(&a, bytes, cudaHostAllocMapped));
  CUDA_CHECK(cudaHostAlloc(&b, bytes, cudaHostAllocMapped));
  CUDA_CHECK(cudaHostAlloc(&c, bytes, cudaHostAllocMapped | cudaHostAllocWriteCombined));
  unsigned int flags = 0;
  CUDA_CHECK(cudaHostGetFlags(&flags, a));
  EXPECT(flags & cudaHostAllocMapped, "cudaHostGetFlags = %#x", flags);
  for (int i = 0; i < nelem; i++) {
    a[i] = (float)(i & 1023);
    b[i] = (float)(i >> 10);
  }
  CUDA_CHECK(cudaHostGetDevicePointer(&d_a, a, 0));
  CUDA_CHECK(cudaHostGetDevicePointer(&d_b, b, 0));
  CUDA_CHECK(cudaHostGetDevicePointer(&d_c, c, 0));
  vectorAddGPU<<<(nelem + 255) / 256, 256>>>(d_a, d_b, d_c, nelem);
  LAUNCH_CHECK();
  for (int i = 0; i < nelem; i++) EXPECT(c[i] == a[i] + b[i], "zero-copy c[%d] = %f", i, c[i]);

  // simpleHostRegister: pin memory from malloc (page aligned, as the sample does).
  const int n = 1 << 16;
  int *reg = (int *)aligned_alloc(4096, n * sizeof(int));
  for (int i = 0; i < n; i++) reg[i] = 7;
  CUDA_CHECK(cudaHostRegister(reg, n * sizeof(int), cudaHostRegisterMapped));
  int *d_reg;
  CUDA_CHECK(cudaHostGetDevicePointer(&d_reg, reg, 0));
  increment<<<(n + 255) / 256, 256>>>(d_reg, n);
  LAUNCH_CHECK();
  for (int i = 0; i < n; i++) EXPECT(reg[i] == 7 + i, "registered reg[%d] = %d", i, reg[i]);
  CUDA_CHECK(cudaHostUnregister(reg));
  free(reg);

  // bandwidthTest: pageable and pinned H2D/D2H/D2D copies, timed; data checked each time.
  unsigned char *pageable = (unsigned char *)malloc(bytes), *pinned, *back, *d_buf, *d_buf2;
  CUDA_CHECK(cudaMallocHost(&pinned, bytes));
  CUDA_CHECK(cudaMallocHost(&back, bytes));
  CUDA_CHECK(cudaMalloc(&d_buf, bytes));
  CUDA_CHECK(cudaMalloc(&d_buf2, bytes));
  for (size_t i = 0; i < bytes; i++) pageable[i] = pinned[i] = (unsigned char)(i * 131 + 7);
  cudaEvent_t e0, e1;
  CUDA_CHECK(cudaEventCreate(&e0));
  CUDA_CHECK(cudaEventCreate(&e1));
  const char *names[] = {"pageable H2D", "pinned H2D", "D2D"};
  for (int kind = 0; kind < 3; kind++) {
    CUDA_CHECK(cudaEventRecord(e0, 0));
    for (int rep = 0; rep < 4; rep++) {
      if (kind == 0) CUDA_CHECK(cudaMemcpy(d_buf, pageable, bytes, cudaMemcpyHostToDevice));
      else if (kind == 1) CUDA_CHECK(cudaMemcpyAsync(d_buf, pinned, bytes, cudaMemcpyHostToDevice, 0));
      else CUDA_CHECK(cudaMemcpy(d_buf2, d_buf, bytes, cudaMemcpyDeviceToDevice));
    }
    CUDA_CHECK(cudaEventRecord(e1, 0));
    CUDA_CHECK(cudaEventSynchronize(e1));
    float ms;
    CUDA_CHECK(cudaEventElapsedTime(&ms, e0, e1));
    printf("%s: %.1f MB/s\n", names[kind], ms > 0 ? 4.0 * bytes / 1e3 / ms : 0.0);
    memset(back, 0, bytes);
    CUDA_CHECK(cudaMemcpyAsync(back, kind == 2 ? d_buf2 : d_buf, bytes, cudaMemcpyDeviceToHost, 0));
    CUDA_CHECK(cudaStreamSynchronize(0));
    EXPECT(memcmp(back, pinned, bytes) == 0, "%s: data differ after the round trip", names[kind]);
  }
  // The default "UVA" copy kind works on host pointers as well.
  CUDA_CHECK(cudaMemcpy(back, d_buf, 4096, cudaMemcpyDefault));
  EXPECT(memcmp(back, pinned, 4096) == 0, "cudaMemcpyDefault");
  cudaPointerAttributes attr;
  CUDA_CHECK(cudaPointerGetAttributes(&attr, pinned));
  EXPECT(attr.type == cudaMemoryTypeHost, "pinned pointer type %d", (int)attr.type);
  CUDA_CHECK(cudaEventDestroy(e0));
  CUDA_CHECK(cudaEventDestroy(e1));
  CUDA_CHECK(cudaFreeHost(a));
  CUDA_CHECK(cudaFreeHost(b));
  CUDA_CHECK(cudaFreeHost(c));
  CUDA_CHECK(cudaFreeHost(pinned));
  CUDA_CHECK(cudaFreeHost(back));
  CUDA_CHECK(cudaFree(d_buf));
  CUDA_CHECK(cudaFree(d_buf2));
  free(pageable);
  return app_finish("pinned_memory");
}
