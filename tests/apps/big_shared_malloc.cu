// Resource-hungry kernels as in HeCBench and the CUDA samples: dynamic shared memory above
// the 48 KB default after cudaFuncSetAttribute(MaxDynamicSharedMemorySize) (96 KB tile of
// doubles), device-side malloc/free and new/delete with cudaDeviceSetLimit(MallocHeapSize),
// and a per-thread linked list built in the device heap.
#include "apps.h"

__global__ void big_tile(const double *in, double *out, int n) {
  extern __shared__ double tile[];  // 12288 doubles = 96 KB
  int per = 12288 / blockDim.x;
  for (int k = 0; k < per; k++) tile[k * blockDim.x + threadIdx.x] = in[blockIdx.x * 12288 + k * blockDim.x + threadIdx.x];
  __syncthreads();
  // Reverse the whole tile: every thread reads elements written by others.
  for (int k = 0; k < per; k++) {
    int i = k * blockDim.x + threadIdx.x;
    out[blockIdx.x * 12288 + i] = tile[12287 - i] * 2.0;
  }
}

struct Item {
  int value;
  Item *next;
};

__global__ void heap_lists(int *sums, int *fails, int len) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  Item *head = nullptr;
  for (int i = 0; i < len; i++) {
    Item *it = new Item;
    if (!it) {
      atomicAdd(fails, 1);
      break;
    }
    it->value = t + i;
    it->next = head;
    head = it;
  }
  int s = 0;
  while (head) {
    Item *nx = head->next;
    s += head->value;
    delete head;
    head = nx;
  }
  int *buf = (int *)malloc(len * sizeof(int));
  if (buf) {
    for (int i = 0; i < len; i++) buf[i] = i;
    for (int i = 0; i < len; i++) s += buf[i];
    free(buf);
  } else {
    atomicAdd(fails, 1);
  }
  sums[t] = s;
}

int main() {
  const int blocks = 8, elems = blocks * 12288;
  size_t smem = 12288 * sizeof(double);
  CUDA_CHECK(cudaFuncSetAttribute(big_tile, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
  double *h = (double *)malloc(elems * 8), *r = (double *)malloc(elems * 8), *din, *dout;
  for (int i = 0; i < elems; i++) h[i] = i * 0.5;
  CUDA_CHECK(cudaMalloc(&din, elems * 8));
  CUDA_CHECK(cudaMalloc(&dout, elems * 8));
  CUDA_CHECK(cudaMemcpy(din, h, elems * 8, cudaMemcpyHostToDevice));
  big_tile<<<blocks, 256, smem>>>(din, dout, elems);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, elems * 8, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++)
    for (int i = 0; i < 12288; i++)
      EXPECT(r[b * 12288 + i] == 2 * h[b * 12288 + 12287 - i], "tile %d [%d] = %f", b, i, r[b * 12288 + i]);

  CUDA_CHECK(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 64 << 20));
  size_t heap = 0;
  CUDA_CHECK(cudaDeviceGetLimit(&heap, cudaLimitMallocHeapSize));
  EXPECT(heap >= (64u << 20), "heap limit %zu", heap);
  const int threads = 64 * 128, len = 20;
  int *dsums, *dfails, fails = 0;
  CUDA_CHECK(cudaMalloc(&dsums, threads * 4));
  CUDA_CHECK(cudaMalloc(&dfails, 4));
  CUDA_CHECK(cudaMemset(dfails, 0, 4));
  heap_lists<<<64, 128>>>(dsums, dfails, len);
  LAUNCH_CHECK();
  int *sums = (int *)malloc(threads * 4);
  CUDA_CHECK(cudaMemcpy(sums, dsums, threads * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&fails, dfails, 4, cudaMemcpyDeviceToHost));
  EXPECT(fails == 0, "%d device allocations failed", fails);
  for (int t = 0; t < threads; t++) {
    int want = t * len + len * (len - 1) / 2 + len * (len - 1) / 2;
    EXPECT(sums[t] == want, "thread %d sum %d, want %d", t, sums[t], want);
  }
  cudaFree(din); cudaFree(dout); cudaFree(dsums); cudaFree(dfails); free(h); free(r); free(sums);
  return app_finish("big_shared_malloc");
}
