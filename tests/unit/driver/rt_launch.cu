// Runtime test, built by nvcc -cudart shared at test time and run on ptxvm's libcudart:
// registration, <<<>>> launches, symbols, configuration errors and last-error semantics,
// a device fault's sticky error and cudaDeviceReset.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>

__device__ int offset_value;
__constant__ float scale[4];

__global__ void vec_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = (a[i] + b[i]) * scale[0] + offset_value;
}

__global__ void write_at(int *p) { p[threadIdx.x] = 1; }

__managed__ int managed_counter = 5;
__global__ void bump(int *extra) {
  atomicAdd(&managed_counter, 1);
  extra[threadIdx.x] += 1;
}

static int failures;
#define EXPECT(cond)                                                                      \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);                \
      failures++;                                                                         \
    }                                                                                     \
  } while (0)

int main() {
  int count = 0;
  EXPECT(cudaGetDeviceCount(&count) == cudaSuccess && count >= 1);
  cudaDeviceProp prop;
  EXPECT(cudaGetDeviceProperties(&prop, 0) == cudaSuccess);
  EXPECT(strncmp(prop.name, "ptxvm CPU (", 11) == 0);
  EXPECT(prop.warpSize == 32 && prop.maxThreadsPerBlock == 1024);
  EXPECT(prop.maxThreadsDim[2] == 64 && prop.maxGridSize[1] == 65535);
  int rt = 0, drv = 0;
  EXPECT(cudaRuntimeGetVersion(&rt) == cudaSuccess && rt == 13000);
  EXPECT(cudaDriverGetVersion(&drv) == cudaSuccess && drv == 13000);
  EXPECT(strcmp(cudaGetErrorString(cudaErrorInvalidValue), "invalid argument") == 0);
  EXPECT(strcmp(cudaGetErrorName(cudaErrorIllegalAddress), "cudaErrorIllegalAddress") == 0);

  const int n = 1000;
  float ha[n], hb[n], hc[n];
  for (int i = 0; i < n; i++) ha[i] = (float)i, hb[i] = (float)(2 * i);
  float *da, *db, *dc;
  EXPECT(cudaMalloc(&da, n * sizeof(float)) == cudaSuccess);
  EXPECT(cudaMalloc(&db, n * sizeof(float)) == cudaSuccess);
  EXPECT(cudaMalloc(&dc, n * sizeof(float)) == cudaSuccess);
  EXPECT(((uintptr_t)da & 255) == 0);
  EXPECT(cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice) == cudaSuccess);
  EXPECT(cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice) == cudaSuccess);
  EXPECT(cudaMemset(dc, 0, sizeof hc) == cudaSuccess);
  // A host pointer where a device pointer belongs is an invalid argument.
  EXPECT(cudaMemcpy(hc, ha, sizeof ha, cudaMemcpyDeviceToHost) == cudaErrorInvalidValue);
  EXPECT(cudaGetLastError() == cudaErrorInvalidValue);
  EXPECT(cudaGetLastError() == cudaSuccess);

  float s[4] = {2.0f, 0, 0, 0};
  int off = 5;
  cudaError_t e = cudaMemcpyToSymbol(scale, s, sizeof s);
  if (e == cudaErrorNotSupported) {
    printf("PTXVM_TEST_SKIPPED: module loading is not supported by this build (%s)\n",
           cudaGetErrorName(e));
    return 0;
  }
  EXPECT(e == cudaSuccess);
  EXPECT(cudaMemcpyToSymbol(offset_value, &off, sizeof off) == cudaSuccess);
  size_t sym_size = 0;
  EXPECT(cudaGetSymbolSize(&sym_size, scale) == cudaSuccess && sym_size == sizeof s);
  int check = 0;
  EXPECT(cudaMemcpyFromSymbol(&check, offset_value, sizeof check) == cudaSuccess && check == 5);

  vec_add<<<(n + 127) / 128, 128>>>(da, db, dc, n);
  e = cudaGetLastError();
  if (e == cudaErrorNotSupported) {
    printf("PTXVM_TEST_SKIPPED: kernel launches are not supported by this build yet (%s)\n",
           cudaGetErrorName(e));
    return 0;
  }
  EXPECT(e == cudaSuccess);
  EXPECT(cudaDeviceSynchronize() == cudaSuccess);
  EXPECT(cudaMemcpy(hc, dc, sizeof hc, cudaMemcpyDeviceToHost) == cudaSuccess);
  int wrong = 0;
  for (int i = 0; i < n; i++) wrong += hc[i] != (ha[i] + hb[i]) * 2.0f + 5.0f;
  EXPECT(wrong == 0);

  // Configuration errors are reported by the launch and cleared by cudaGetLastError.
  vec_add<<<1, 1025>>>(da, db, dc, n);
  EXPECT(cudaGetLastError() == cudaErrorInvalidConfiguration);
  EXPECT(cudaGetLastError() == cudaSuccess);
  vec_add<<<1, dim3(1, 1, 65)>>>(da, db, dc, n);
  EXPECT(cudaPeekAtLastError() == cudaErrorInvalidConfiguration);
  EXPECT(cudaGetLastError() == cudaErrorInvalidConfiguration);
  vec_add<<<1, 32, 64 * 1024>>>(da, db, dc, n); // over 48 KiB without opting in
  EXPECT(cudaGetLastError() == cudaErrorInvalidConfiguration);
  cudaFuncAttributes fa;
  EXPECT(cudaFuncGetAttributes(&fa, vec_add) == cudaSuccess && fa.maxThreadsPerBlock == 1024);
  EXPECT(cudaFuncSetAttribute(vec_add, cudaFuncAttributeMaxDynamicSharedMemorySize, 64 * 1024) ==
         cudaSuccess);
  vec_add<<<1, 32, 64 * 1024>>>(da, db, dc, n);
  EXPECT(cudaGetLastError() == cudaSuccess);
  int blocks = 0;
  EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, vec_add, 256, 0) == cudaSuccess &&
         blocks > 0);

  // Streams and events.
  cudaStream_t st;
  cudaEvent_t e0, e1;
  EXPECT(cudaStreamCreate(&st) == cudaSuccess);
  EXPECT(cudaEventCreate(&e0) == cudaSuccess && cudaEventCreate(&e1) == cudaSuccess);
  EXPECT(cudaEventRecord(e0, st) == cudaSuccess);
  vec_add<<<8, 128, 0, st>>>(da, db, dc, n);
  EXPECT(cudaEventRecord(e1, st) == cudaSuccess);
  EXPECT(cudaStreamSynchronize(st) == cudaSuccess);
  float ms = -1;
  EXPECT(cudaEventElapsedTime(&ms, e0, e1) == cudaSuccess && ms >= 0);
  EXPECT(cudaEventDestroy(e0) == cudaSuccess && cudaEventDestroy(e1) == cudaSuccess);
  // Stream-ordered allocation from the default pool, whose attributes read back.
  cudaMemPool_t pool;
  EXPECT(cudaDeviceGetDefaultMemPool(&pool, 0) == cudaSuccess);
  unsigned long long threshold = ~0ull, got = 0;
  EXPECT(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold) == cudaSuccess);
  EXPECT(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &got) == cudaSuccess && got == threshold);
  void *pooled = nullptr;
  EXPECT(cudaMallocAsync(&pooled, 1024, st) == cudaSuccess && pooled != nullptr);
  EXPECT(cudaMemsetAsync(pooled, 1, 1024, st) == cudaSuccess);
  EXPECT(cudaFreeAsync(pooled, st) == cudaSuccess);
  EXPECT(cudaStreamDestroy(st) == cudaSuccess);

  // Managed memory: variables the host reads and writes directly, and cudaMallocManaged.
  managed_counter += 10;
  int *m = nullptr;
  EXPECT(cudaMallocManaged(&m, 4 * sizeof(int)) == cudaSuccess);
  for (int i = 0; i < 4; i++) m[i] = 100 * i;
  bump<<<1, 4>>>(m);
  EXPECT(cudaDeviceSynchronize() == cudaSuccess);
  EXPECT(managed_counter == 19);
  EXPECT(m[3] == 301);
  cudaPointerAttributes pa;
  EXPECT(cudaPointerGetAttributes(&pa, m) == cudaSuccess && pa.type == cudaMemoryTypeManaged);
  EXPECT(cudaPointerGetAttributes(&pa, da) == cudaSuccess && pa.type == cudaMemoryTypeDevice &&
         pa.devicePointer == da && pa.device == 0);
  int on_stack = 0;
  EXPECT(cudaPointerGetAttributes(&pa, &on_stack) == cudaSuccess &&
         pa.type == cudaMemoryTypeUnregistered);
  EXPECT(cudaFree(m) == cudaSuccess);
  EXPECT(cudaFree(m) == cudaErrorInvalidValue); // twice
  EXPECT(cudaGetLastError() == cudaErrorInvalidValue);

  // A kernel that is not registered.
  EXPECT(cudaLaunchKernel((const void *)main, dim3(1), dim3(1), nullptr, 0, 0) ==
         cudaErrorInvalidDeviceFunction);
  EXPECT(cudaGetLastError() == cudaErrorInvalidDeviceFunction);

  // A fault is sticky: every later call reports it until the device is reset.
  write_at<<<1, 32>>>((int *)16);
  EXPECT(cudaDeviceSynchronize() == cudaErrorIllegalAddress);
  EXPECT(cudaGetLastError() == cudaErrorIllegalAddress);
  EXPECT(cudaGetLastError() == cudaErrorIllegalAddress);
  void *p = nullptr;
  EXPECT(cudaMalloc(&p, 16) == cudaErrorIllegalAddress);
  EXPECT(cudaDeviceReset() == cudaSuccess);
  EXPECT(cudaGetLastError() == cudaSuccess);
  EXPECT(cudaMalloc(&p, 16) == cudaSuccess);
  EXPECT(cudaFree(p) == cudaSuccess);

  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  printf("rt_launch: all checks passed\n");
  return 0;
}
