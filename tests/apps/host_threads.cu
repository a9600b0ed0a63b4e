// LINK: --default-stream per-thread
// Several host threads driving the device at once, as the CUDA samples cudaOpenMP /
// UnifiedMemoryStreams and multi-threaded HeCBench hosts do, built with
// --default-stream per-thread (launches go through the _ptsz entry points, and each host
// thread's default stream is its own): every thread allocates, copies, launches a chain
// of kernels on its default stream and on a private stream, and synchronizes, all
// concurrently; results are per thread and checked after the join.
#include "apps.h"
#include <thread>
#include <vector>

__global__ void fill(int *a, int n, int v) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) a[i] = v + i;
}
__global__ void twice(int *a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) a[i] *= 2;
}
__global__ void sum(const int *a, int n, unsigned long long *out) {
  __shared__ unsigned long long s[256];
  unsigned long long v = 0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += a[i];
  s[threadIdx.x] = v;
  __syncthreads();
  for (int st = 128; st > 0; st >>= 1) {
    if (threadIdx.x < st) s[threadIdx.x] += s[threadIdx.x + st];
    __syncthreads();
  }
  if (threadIdx.x == 0) atomicAdd(out, s[0]);
}

static void worker(int id, int rounds, unsigned long long *result, int *errors) {
  const int n = 100000 + id * 1000;
  int *d;
  unsigned long long *dsum;
  cudaStream_t s;
  if (cudaMalloc(&d, n * sizeof(int)) != cudaSuccess || cudaMalloc(&dsum, 8) != cudaSuccess ||
      cudaStreamCreate(&s) != cudaSuccess) {
    (*errors)++;
    return;
  }
  unsigned long long total = 0;
  for (int r = 0; r < rounds; r++) {
    // Default (per-thread) stream, then a private stream.
    cudaStream_t st = (r & 1) ? s : cudaStreamPerThread;
    fill<<<(n + 255) / 256, 256, 0, st>>>(d, n, id * 1000 + r);
    twice<<<(n + 255) / 256, 256, 0, st>>>(d, n);
    if (cudaMemsetAsync(dsum, 0, 8, st) != cudaSuccess) (*errors)++;
    sum<<<32, 256, 0, st>>>(d, n, dsum);
    unsigned long long h = 0;
    if (cudaMemcpyAsync(&h, dsum, 8, cudaMemcpyDeviceToHost, st) != cudaSuccess) (*errors)++;
    if (cudaStreamSynchronize(st) != cudaSuccess) (*errors)++;
    total += h;
  }
  if (cudaGetLastError() != cudaSuccess) (*errors)++;
  *result = total;
  cudaStreamDestroy(s);
  cudaFree(d);
  cudaFree(dsum);
}

int main() {
  const int nthreads = 4, rounds = 6;
  std::vector<std::thread> ts;
  unsigned long long results[nthreads] = {0};
  int errors[nthreads] = {0};
  for (int t = 0; t < nthreads; t++) ts.emplace_back(worker, t, rounds, &results[t], &errors[t]);
  for (auto &t : ts) t.join();
  for (int t = 0; t < nthreads; t++) {
    const long long n = 100000 + t * 1000;
    unsigned long long want = 0;
    for (int r = 0; r < rounds; r++) want += 2ull * (unsigned long long)((t * 1000 + r) * n + n * (n - 1) / 2);
    EXPECT(errors[t] == 0, "thread %d: %d CUDA errors", t, errors[t]);
    EXPECT(results[t] == want, "thread %d: total %llu, want %llu", t, results[t], want);
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  return app_finish("host_threads");
}
