// Streams and events: kernels and async copies on two created streams, cudaStreamSynchronize,
// cudaStreamWaitEvent ordering one stream after another, cudaEventRecord/Synchronize/Query,
// cudaEventElapsedTime >= 0, and stream callbacks via cudaLaunchHostFunc.
#include "check.h"

__global__ void fill(int *p, int n, int v) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = v + i;
}

__global__ void double_it(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] *= 2;
}

static void CUDART_CB host_fn(void *arg) { *(int *)arg += 1; }

int main() {
  const int n = 100003;
  cudaStream_t s1, s2;
  CUDA_CHECK(cudaStreamCreate(&s1));
  CUDA_CHECK(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
  cudaEvent_t start, filled, stop;
  CUDA_CHECK(cudaEventCreate(&start));
  CUDA_CHECK(cudaEventCreate(&filled));
  CUDA_CHECK(cudaEventCreate(&stop));
  int *d, *h;
  CUDA_CHECK(cudaMalloc(&d, n * sizeof(int)));
  CUDA_CHECK(cudaMallocHost(&h, n * sizeof(int)));
  int callbacks = 0;

  CUDA_CHECK(cudaEventRecord(start, s1));
  fill<<<(n + 255) / 256, 256, 0, s1>>>(d, n, 5);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaEventRecord(filled, s1));
  CUDA_CHECK(cudaStreamWaitEvent(s2, filled, 0)); // s2's work runs after the fill
  double_it<<<(n + 255) / 256, 256, 0, s2>>>(d, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpyAsync(h, d, n * sizeof(int), cudaMemcpyDeviceToHost, s2));
  CUDA_CHECK(cudaLaunchHostFunc(s2, host_fn, &callbacks));
  CUDA_CHECK(cudaEventRecord(stop, s2));
  CUDA_CHECK(cudaStreamSynchronize(s2));
  CUDA_CHECK(cudaEventSynchronize(stop));
  EXPECT(cudaEventQuery(stop) == cudaSuccess, "event query after synchronize");
  EXPECT(cudaStreamQuery(s2) == cudaSuccess, "stream query after synchronize");
  EXPECT(callbacks == 1, "host function ran %d times", callbacks);
  for (int i = 0; i < n; i++) EXPECT(h[i] == 2 * (5 + i), "element %d: %d", i, h[i]);
  float ms = -1;
  CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
  EXPECT(ms >= 0 && ms < 60000, "elapsed %f ms", ms);

  // The legacy default stream orders everything.
  fill<<<(n + 255) / 256, 256>>>(d, n, -3);
  double_it<<<(n + 255) / 256, 256>>>(d, n);
  CUDA_CHECK(cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(h[i] == 2 * (-3 + i), "default stream element %d: %d", i, h[i]);

  CUDA_CHECK(cudaStreamDestroy(s1));
  CUDA_CHECK(cudaStreamDestroy(s2));
  CUDA_CHECK(cudaEventDestroy(start));
  CUDA_CHECK(cudaEventDestroy(filled));
  CUDA_CHECK(cudaEventDestroy(stop));
  CUDA_CHECK(cudaFreeHost(h));
  CUDA_CHECK(cudaFree(d));
  return check_finish("streams_events");
}
