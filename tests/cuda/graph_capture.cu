// CUDA graphs by stream capture: kernels and a memset captured on a stream between
// cudaStreamBeginCapture and cudaStreamEndCapture, instantiated once and launched several
// times with cudaGraphLaunch; each replay must redo the captured work in order.
#include "check.h"

__global__ void scale(float *v, int n, float s) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) v[i] *= s;
}
__global__ void add(float *v, const float *w, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) v[i] += w[i];
}

int main() {
  const int n = 5001;
  float *v, *w, h[n];
  CUDA_CHECK(cudaMalloc(&v, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&w, n * sizeof(float)));
  for (int i = 0; i < n; i++) h[i] = (float)(i % 10);
  CUDA_CHECK(cudaMemcpy(w, h, sizeof h, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(v, 0, sizeof h));
  cudaStream_t s;
  CUDA_CHECK(cudaStreamCreate(&s));
  cudaGraph_t graph;
  CUDA_CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
  scale<<<(n + 127) / 128, 128, 0, s>>>(v, n, 2.0f);
  add<<<(n + 127) / 128, 128, 0, s>>>(v, w, n);
  CUDA_CHECK(cudaStreamEndCapture(s, &graph));
  cudaGraphExec_t exec;
  CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  for (int r = 0; r < 4; r++) CUDA_CHECK(cudaGraphLaunch(exec, s));
  CUDA_CHECK(cudaStreamSynchronize(s));
  CUDA_CHECK(cudaMemcpy(h, v, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    float x = 0, wi = (float)(i % 10);
    for (int r = 0; r < 4; r++) x = x * 2.0f + wi; // nothing ran during the capture itself
    EXPECT(h[i] == x, "[%d] = %g vs %g", i, h[i], x);
  }
  CUDA_CHECK(cudaGraphExecDestroy(exec));
  CUDA_CHECK(cudaGraphDestroy(graph));
  CUDA_CHECK(cudaStreamDestroy(s));
  return check_finish("graph_capture");
}
