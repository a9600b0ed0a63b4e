// Streams and events as in the CUDA samples simpleStreams / asyncAPI / simpleMultiCopy:
// the work split into chunks, each chunk's H2D copy, kernel and D2H copy issued with
// cudaMemcpyAsync on its own stream from pinned memory, events recorded for timing
// (cudaEventElapsedTime), cudaEventQuery polling, cudaStreamWaitEvent across streams,
// a non-blocking stream, stream callbacks (cudaLaunchHostFunc) and the legacy default
// stream ordering.
#include "apps.h"

__global__ void init_array(int *g_data, const int *factor, int num_iterations) {
  int idx = blockIdx.x * blockDim.x + threadIdx.x;
  for (int i = 0; i < num_iterations; i++) g_data[idx] += *factor;
}

__global__ void scale_add(float *y, const float *x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

static void CUDART_CB host_done(void *arg) { __atomic_add_fetch((int *)arg, 1, __ATOMIC_SEQ_CST); }

int main() {
  const int nstreams = 4, n = 1 << 20, niterations = 5;
  const int chunk = n / nstreams;
  int *h_a, *d_a, *d_c;
  int c = 5;
  CUDA_CHECK(cudaMallocHost(&h_a, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_a, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_c, sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d_c, &c, sizeof(int), cudaMemcpyHostToDevice));
  cudaStream_t streams[nstreams];
  for (int i = 0; i < nstreams; i++) CUDA_CHECK(cudaStreamCreate(&streams[i]));
  cudaEvent_t start_event, stop_event;
  CUDA_CHECK(cudaEventCreate(&start_event));
  CUDA_CHECK(cudaEventCreate(&stop_event));

  // simpleStreams: memset, then per stream kernel + async copy back.
  CUDA_CHECK(cudaMemset(d_a, 0, n * sizeof(int)));
  CUDA_CHECK(cudaEventRecord(start_event, 0));
  for (int i = 0; i < nstreams; i++)
    init_array<<<chunk / 512, 512, 0, streams[i]>>>(d_a + i * chunk, d_c, niterations);
  for (int i = 0; i < nstreams; i++)
    CUDA_CHECK(cudaMemcpyAsync(h_a + i * chunk, d_a + i * chunk, chunk * sizeof(int), cudaMemcpyDeviceToHost, streams[i]));
  CUDA_CHECK(cudaEventRecord(stop_event, 0));
  // asyncAPI: the host polls the event while the GPU works.
  unsigned long polls = 0;
  while (cudaEventQuery(stop_event) == cudaErrorNotReady) polls++;
  CUDA_CHECK(cudaEventSynchronize(stop_event));
  float ms = -1;
  CUDA_CHECK(cudaEventElapsedTime(&ms, start_event, stop_event));
  EXPECT(ms >= 0 && ms < 60000, "elapsed %f ms", ms);
  for (int i = 0; i < n; i++) EXPECT(h_a[i] == c * niterations, "h_a[%d] = %d, want %d", i, h_a[i], c * niterations);
  printf("streams: %.3f ms, %lu polls\n", ms, polls);

  // Chunked pipeline: H2D, kernel, D2H per stream, the chunks on different streams.
  float *hx, *hy, *dx, *dy;
  CUDA_CHECK(cudaHostAlloc(&hx, n * 4, cudaHostAllocDefault));
  CUDA_CHECK(cudaHostAlloc(&hy, n * 4, cudaHostAllocPortable));
  CUDA_CHECK(cudaMalloc(&dx, n * 4));
  CUDA_CHECK(cudaMalloc(&dy, n * 4));
  for (int i = 0; i < n; i++) {
    hx[i] = (float)(i % 1000);
    hy[i] = 1.0f;
  }
  cudaEvent_t ev[nstreams];
  for (int s = 0; s < nstreams; s++) {
    CUDA_CHECK(cudaEventCreateWithFlags(&ev[s], cudaEventDisableTiming));
    size_t off = (size_t)s * chunk;
    CUDA_CHECK(cudaMemcpyAsync(dx + off, hx + off, chunk * 4, cudaMemcpyHostToDevice, streams[s]));
    CUDA_CHECK(cudaMemcpyAsync(dy + off, hy + off, chunk * 4, cudaMemcpyHostToDevice, streams[s]));
    scale_add<<<(chunk + 255) / 256, 256, 0, streams[s]>>>(dy + off, dx + off, 2.0f, chunk);
    CUDA_CHECK(cudaEventRecord(ev[s], streams[s]));
  }
  // Stream 0 waits for every chunk, then doubles the whole array and copies it back.
  for (int s = 1; s < nstreams; s++) CUDA_CHECK(cudaStreamWaitEvent(streams[0], ev[s], 0));
  scale_add<<<(n + 255) / 256, 256, 0, streams[0]>>>(dy, dy, 1.0f, n);
  CUDA_CHECK(cudaMemcpyAsync(hy, dy, n * 4, cudaMemcpyDeviceToHost, streams[0]));
  int callbacks = 0;
  CUDA_CHECK(cudaLaunchHostFunc(streams[0], host_done, &callbacks));
  CUDA_CHECK(cudaStreamSynchronize(streams[0]));
  EXPECT(__atomic_load_n(&callbacks, __ATOMIC_SEQ_CST) == 1, "host function ran %d times", callbacks);
  for (int i = 0; i < n; i++) {
    float want = 2.0f * (2.0f * (float)(i % 1000) + 1.0f);
    EXPECT(hy[i] == want, "pipeline y[%d] = %f, want %f", i, hy[i], want);
  }
  for (int s = 0; s < nstreams; s++) EXPECT(cudaEventQuery(ev[s]) == cudaSuccess, "event %d not complete", s);

  // A non-blocking stream and the legacy default stream: work on stream 0 (legacy) is
  // ordered after earlier work on blocking streams.
  cudaStream_t nb;
  CUDA_CHECK(cudaStreamCreateWithFlags(&nb, cudaStreamNonBlocking));
  CUDA_CHECK(cudaMemsetAsync(dy, 0, n * 4, nb));
  CUDA_CHECK(cudaStreamSynchronize(nb));
  scale_add<<<(n + 255) / 256, 256, 0, streams[1]>>>(dy, dx, 1.0f, n);  // y = x
  scale_add<<<(n + 255) / 256, 256>>>(dy, dx, 3.0f, n);                 // y = 4x, after it
  CUDA_CHECK(cudaMemcpy(hy, dy, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(hy[i] == 4.0f * (float)(i % 1000), "legacy order y[%d] = %f", i, hy[i]);
  EXPECT(cudaStreamQuery(streams[1]) == cudaSuccess, "stream 1 still busy after a synchronous copy");

  for (int s = 0; s < nstreams; s++) {
    CUDA_CHECK(cudaEventDestroy(ev[s]));
    CUDA_CHECK(cudaStreamDestroy(streams[s]));
  }
  CUDA_CHECK(cudaStreamDestroy(nb));
  CUDA_CHECK(cudaEventDestroy(start_event));
  CUDA_CHECK(cudaEventDestroy(stop_event));
  CUDA_CHECK(cudaFreeHost(h_a));
  CUDA_CHECK(cudaFreeHost(hx));
  CUDA_CHECK(cudaFreeHost(hy));
  cudaFree(d_a); cudaFree(d_c); cudaFree(dx); cudaFree(dy);
  return app_finish("streams_events");
}
