// Unified memory as in the CUDA samples UnifiedMemoryStreams / simpleManagedMemory and
// HeCBench codes that use it: cudaMallocManaged arrays written by the host, updated by
// kernels and read back by the host after cudaDeviceSynchronize with no explicit copies;
// a __managed__ global variable; cudaMemPrefetchAsync and cudaMemAdvise hints; a
// linked structure whose pointers are followed on both sides; cudaStreamAttachMemAsync.
#include "apps.h"

__managed__ int counter;
__managed__ float table[64];

struct Node {
  int value;
  Node *next;
};

__global__ void saxpy(int n, float a, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

__global__ void count_and_table(const float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && y[i] > 100.0f) atomicAdd(&counter, 1);
  if (i < 64) table[i] = table[i] * 2.0f + 1.0f;
}

// Walk a list built by the host and add each node's position to its value.
__global__ void walk(Node *head) {
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    int pos = 0;
    for (Node *p = head; p; p = p->next) p->value += pos++;
  }
}

int main() {
  const int n = 1 << 18;
  float *x, *y;
  CUDA_CHECK(cudaMallocManaged(&x, n * sizeof(float)));
  CUDA_CHECK(cudaMallocManaged(&y, n * sizeof(float)));
  for (int i = 0; i < n; i++) {
    x[i] = (float)(i % 100);
    y[i] = 2.0f;
  }
  int dev = 0;
  CUDA_CHECK(cudaGetDevice(&dev));
  cudaMemLocation loc = {cudaMemLocationTypeDevice, dev};
  // Hints are allowed to do nothing, but must be accepted.
  cudaError_t e = cudaMemAdvise(x, n * sizeof(float), cudaMemAdviseSetReadMostly, loc);
  EXPECT(e == cudaSuccess || e == cudaErrorInvalidDevice, "cudaMemAdvise: %s", cudaGetErrorName(e));
  e = cudaMemPrefetchAsync(y, n * sizeof(float), loc, 0, 0);
  EXPECT(e == cudaSuccess || e == cudaErrorInvalidDevice, "cudaMemPrefetchAsync: %s", cudaGetErrorName(e));
  (void)cudaGetLastError();
  saxpy<<<(n + 255) / 256, 256>>>(n, 3.0f, x, y);
  LAUNCH_CHECK();
  for (int i = 0; i < n; i++) EXPECT(y[i] == 3.0f * (i % 100) + 2.0f, "y[%d] = %f", i, y[i]);

  counter = 0;
  for (int i = 0; i < 64; i++) table[i] = (float)i;
  count_and_table<<<(n + 255) / 256, 256>>>(y, n);
  LAUNCH_CHECK();
  int want = 0;
  for (int i = 0; i < n; i++) want += y[i] > 100.0f;
  EXPECT(counter == want, "__managed__ counter %d, want %d", counter, want);
  for (int i = 0; i < 64; i++) EXPECT(table[i] == 2.0f * i + 1.0f, "table[%d] = %f", i, table[i]);

  // A managed linked list.
  const int len = 100;
  Node *nodes;
  CUDA_CHECK(cudaMallocManaged(&nodes, len * sizeof(Node)));
  for (int i = 0; i < len; i++) {
    int j = (i * 37) % len;  // a permutation: the list jumps around the array
    nodes[j].value = 1000 * j;
    nodes[j].next = i + 1 < len ? &nodes[((i + 1) * 37) % len] : nullptr;
  }
  walk<<<1, 32>>>(&nodes[0]);
  LAUNCH_CHECK();
  for (int i = 0; i < len; i++) {
    int j = (i * 37) % len;
    EXPECT(nodes[j].value == 1000 * j + i, "node %d value %d, want %d", j, nodes[j].value, 1000 * j + i);
  }

  // Memory attached to one stream (the UnifiedMemoryStreams pattern).
  cudaStream_t s;
  CUDA_CHECK(cudaStreamCreate(&s));
  CUDA_CHECK(cudaStreamAttachMemAsync(s, x, 0, cudaMemAttachSingle));
  saxpy<<<(n + 255) / 256, 256, 0, s>>>(n, 1.0f, y, x);  // x = y + x
  CUDA_CHECK(cudaStreamSynchronize(s));
  for (int i = 0; i < n; i++) EXPECT(x[i] == 4.0f * (i % 100) + 2.0f, "attached x[%d] = %f", i, x[i]);

  cudaPointerAttributes attr;
  CUDA_CHECK(cudaPointerGetAttributes(&attr, x));
  EXPECT(attr.type == cudaMemoryTypeManaged, "pointer type %d, want managed", (int)attr.type);
  int managedSupported = 0;
  CUDA_CHECK(cudaDeviceGetAttribute(&managedSupported, cudaDevAttrManagedMemory, dev));
  EXPECT(managedSupported == 1, "cudaDevAttrManagedMemory = %d", managedSupported);
  CUDA_CHECK(cudaStreamDestroy(s));
  CUDA_CHECK(cudaFree(x));
  CUDA_CHECK(cudaFree(y));
  CUDA_CHECK(cudaFree(nodes));
  return app_finish("managed_memory");
}
