// Device-side malloc/free: each thread allocates a buffer sized by its id, fills it, a later
// kernel reads it through a pointer table in global memory and frees it; the heap limit is
// raised with cudaDeviceSetLimit first and read back; an oversized malloc returns NULL.
#include "check.h"

__global__ void alloc(int **table, int n) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n) return;
  int len = t % 50 + 1;
  int *p = (int *)malloc(len * sizeof(int));
  if (p)
    for (int i = 0; i < len; i++) p[i] = t * 100 + i;
  table[t] = p;
}

__global__ void check_and_free(int **table, int *sums, int n) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n) return;
  int *p = table[t], len = t % 50 + 1, s = -1;
  if (p) {
    s = 0;
    for (int i = 0; i < len; i++) s += p[i] - t * 100;
    free(p);
  }
  sums[t] = s;
}

__global__ void too_big(int *result) {
  void *p = malloc((size_t)1 << 40);
  result[0] = p == nullptr;
  result[1] = ((size_t)malloc(24) & 15) == 0; // 16-byte aligned (leaked on purpose)
}

int main() {
  CUDA_CHECK(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 32u << 20));
  size_t limit = 0;
  CUDA_CHECK(cudaDeviceGetLimit(&limit, cudaLimitMallocHeapSize));
  EXPECT(limit >= (32u << 20), "heap limit %zu", limit);
  const int n = 5000;
  int **table, *dsums, sums[n];
  CUDA_CHECK(cudaMalloc(&table, n * sizeof(int *)));
  CUDA_CHECK(cudaMalloc(&dsums, sizeof sums));
  for (int round = 0; round < 3; round++) { // freeing lets the next round reuse the heap
    alloc<<<(n + 127) / 128, 128>>>(table, n);
    LAUNCH_CHECK();
    check_and_free<<<(n + 127) / 128, 128>>>(table, dsums, n);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(sums, dsums, sizeof sums, cudaMemcpyDeviceToHost));
    for (int t = 0; t < n; t++) {
      int len = t % 50 + 1;
      EXPECT(sums[t] == len * (len - 1) / 2, "round %d thread %d sum %d", round, t, sums[t]);
    }
  }
  int *dres, res[2] = {0, 0};
  CUDA_CHECK(cudaMalloc(&dres, sizeof res));
  too_big<<<1, 1>>>(dres);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(res, dres, sizeof res, cudaMemcpyDeviceToHost));
  EXPECT(res[0] == 1, "1 TiB device malloc did not return NULL");
  EXPECT(res[1] == 1, "device malloc not 16-byte aligned");
  return check_finish("malloc_device");
}
