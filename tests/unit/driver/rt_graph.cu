// Runtime test for graphs, built by nvcc -cudart shared at test time: stream capture with
// a fork and join through events, explicit graph construction, instantiation, repeated
// launches after the source graph is destroyed, kernel node updates, 3D copies.
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>

__global__ void add_one(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] += 1;
}
__global__ void times(int *p, int n, int k) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] *= k;
}

static int failures, host_calls;
#define EXPECT(cond)                                                                      \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);                \
      failures++;                                                                         \
    }                                                                                     \
  } while (0)

static void CUDART_CB on_host(void *p) { host_calls += *(int *)p; }

int main() {
  const int n = 256;
  int *d, h[n];
  EXPECT(cudaMalloc(&d, n * sizeof(int)) == cudaSuccess);
  add_one<<<1, 1>>>(d, 0);
  cudaError_t probe = cudaGetLastError();
  if (probe == cudaErrorNotSupported) {
    printf("PTXVM_TEST_SKIPPED: kernel launches are not supported by this build yet (%s)\n",
           cudaGetErrorName(probe));
    return 0;
  }
  cudaStream_t s1, s2;
  cudaEvent_t fork, join;
  EXPECT(cudaStreamCreate(&s1) == cudaSuccess && cudaStreamCreate(&s2) == cudaSuccess);
  EXPECT(cudaEventCreate(&fork) == cudaSuccess && cudaEventCreate(&join) == cudaSuccess);

  // Capture: memset, kernel, fork to s2 (kernel), join, kernel, host function.
  int inc = 1;
  EXPECT(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal) == cudaSuccess);
  cudaStreamCaptureStatus st;
  EXPECT(cudaStreamIsCapturing(s1, &st) == cudaSuccess && st == cudaStreamCaptureStatusActive);
  EXPECT(cudaMemsetAsync(d, 0, n * sizeof(int), s1) == cudaSuccess);
  add_one<<<n / 64, 64, 0, s1>>>(d, n);
  EXPECT(cudaEventRecord(fork, s1) == cudaSuccess);
  EXPECT(cudaStreamWaitEvent(s2, fork, 0) == cudaSuccess);
  int k = 3;
  times<<<n / 64, 64, 0, s2>>>(d, n, k);
  k = 100; // captured by value at capture time
  EXPECT(cudaEventRecord(join, s2) == cudaSuccess);
  EXPECT(cudaStreamWaitEvent(s1, join, 0) == cudaSuccess);
  add_one<<<n / 64, 64, 0, s1>>>(d, n);
  EXPECT(cudaLaunchHostFunc(s1, on_host, &inc) == cudaSuccess);
  cudaGraph_t g = nullptr;
  EXPECT(cudaStreamEndCapture(s2, &g) == cudaErrorStreamCaptureUnmatched);
  EXPECT(cudaStreamEndCapture(s1, &g) == cudaSuccess && g != nullptr);
  EXPECT(cudaStreamIsCapturing(s2, &st) == cudaSuccess && st == cudaStreamCaptureStatusNone);
  size_t nodes = 0;
  EXPECT(cudaGraphGetNodes(g, nullptr, &nodes) == cudaSuccess && nodes == 5);
  // Nothing ran during capture.
  EXPECT(host_calls == 0);

  cudaGraphExec_t x;
  EXPECT(cudaGraphInstantiate(&x, g, 0) == cudaSuccess);
  EXPECT(cudaGraphDestroy(g) == cudaSuccess);
  for (int it = 0; it < 3; it++) EXPECT(cudaGraphLaunch(x, s1) == cudaSuccess);
  EXPECT(cudaStreamSynchronize(s1) == cudaSuccess);
  EXPECT(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) == cudaSuccess);
  EXPECT(h[0] == 4 && h[n - 1] == 4); // (0 + 1) * 3 + 1, from a fresh memset each time
  EXPECT(host_calls == 3);
  EXPECT(cudaGraphExecDestroy(x) == cudaSuccess);

  // Explicit construction with dependencies, and a kernel node update.
  cudaGraph_t e;
  EXPECT(cudaGraphCreate(&e, 0) == cudaSuccess);
  cudaGraphNode_t set, k1, k2;
  cudaMemsetParams mp = {};
  mp.dst = d;
  mp.value = 7;
  mp.elementSize = 4;
  mp.width = n;
  mp.height = 1;
  EXPECT(cudaGraphAddMemsetNode(&set, e, nullptr, 0, &mp) == cudaSuccess);
  int nn = n, factor = 2;
  void *targs[] = {&d, &nn, &factor};
  cudaKernelNodeParams kp = {};
  kp.func = (void *)times;
  kp.gridDim = dim3(n / 64);
  kp.blockDim = dim3(64);
  kp.kernelParams = targs;
  EXPECT(cudaGraphAddKernelNode(&k1, e, &set, 1, &kp) == cudaSuccess);
  void *aargs[] = {&d, &nn};
  cudaKernelNodeParams ap = kp;
  ap.func = (void *)add_one;
  ap.kernelParams = aargs;
  EXPECT(cudaGraphAddKernelNode(&k2, e, &k1, 1, &ap) == cudaSuccess);
  cudaGraphNode_t bogus = (cudaGraphNode_t)&nn;
  cudaGraphNode_t k3;
  EXPECT(cudaGraphAddKernelNode(&k3, e, &bogus, 1, &ap) == cudaErrorInvalidValue);
  EXPECT(cudaGetLastError() == cudaErrorInvalidValue);
  EXPECT(cudaGraphInstantiate(&x, e, 0) == cudaSuccess);
  EXPECT(cudaGraphLaunch(x, 0) == cudaSuccess);
  EXPECT(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) == cudaSuccess);
  EXPECT(h[5] == 15);
  factor = 5;
  EXPECT(cudaGraphExecKernelNodeSetParams(x, k1, &kp) == cudaSuccess);
  EXPECT(cudaGraphLaunch(x, 0) == cudaSuccess);
  EXPECT(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) == cudaSuccess);
  EXPECT(h[5] == 36);
  EXPECT(cudaGraphExecDestroy(x) == cudaSuccess && cudaGraphDestroy(e) == cudaSuccess);

  // A 3D copy of a 4x3x2 box between pitched allocations.
  cudaPitchedPtr src = make_cudaPitchedPtr(h, 8 * sizeof(int), 8, 4);
  for (int i = 0; i < n; i++) h[i] = i;
  int *d3;
  EXPECT(cudaMalloc(&d3, 16 * 4 * 3 * sizeof(int)) == cudaSuccess);
  EXPECT(cudaMemset(d3, 0, 16 * 4 * 3 * sizeof(int)) == cudaSuccess);
  cudaMemcpy3DParms p = {};
  p.srcPtr = src;
  p.srcPos = make_cudaPos(1 * sizeof(int), 1, 0);
  p.dstPtr = make_cudaPitchedPtr(d3, 16 * sizeof(int), 16, 4);
  p.extent = make_cudaExtent(4 * sizeof(int), 3, 2);
  p.kind = cudaMemcpyHostToDevice;
  EXPECT(cudaMemcpy3D(&p) == cudaSuccess);
  int back[16 * 4 * 3];
  EXPECT(cudaMemcpy(back, d3, sizeof back, cudaMemcpyDeviceToHost) == cudaSuccess);
  EXPECT(back[0] == 9 && back[3] == 12 && back[4] == 0 && back[16] == 17 && back[64] == 41);

  // The null stream cannot capture; synchronising a capturing stream is an error.
  EXPECT(cudaStreamBeginCapture(0, cudaStreamCaptureModeGlobal) == cudaErrorStreamCaptureUnsupported);
  EXPECT(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal) == cudaSuccess);
  EXPECT(cudaStreamSynchronize(s1) == cudaErrorStreamCaptureUnsupported);
  EXPECT(cudaStreamEndCapture(s1, &g) == cudaSuccess);
  EXPECT(cudaGraphDestroy(g) == cudaSuccess);
  cudaGetLastError();

  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  printf("rt_graph: all checks passed\n");
  return 0;
}
