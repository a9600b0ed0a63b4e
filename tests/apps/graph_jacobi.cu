// The CUDA sample jacobiCudaGraphs / simpleCudaGraphs pattern: a Jacobi solver for a
// diagonally dominant system whose iteration (a memsetAsync of the residual, two Jacobi
// sweeps ping-ponging x, a block-reduced residual with atomicAdd in double, a
// cudaMemcpyAsync of the residual to pinned memory) is captured once from a stream into a
// CUDA graph and replayed with cudaGraphLaunch until converged; the same iteration run
// directly on the stream must give bit-identical iterates. Also cudaMallocPitch,
// cudaMemset2D and cudaMemcpy2D for the pitched matrix.
#include "apps.h"
#include <vector>

__global__ void jacobi(const float *A, size_t pitch, const double *b, const double *x, double *xn, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float *row = (const float *)((const char *)A + i * pitch);
  double s = 0;
  for (int j = 0; j < n; j++)
    if (j != i) s += (double)row[j] * x[j];
  xn[i] = (b[i] - s) / row[i];
}

__global__ void residual(const double *x, const double *xn, double *res, int n) {
  __shared__ double s[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? fabs(x[i] - xn[i]) : 0.0;
  __syncthreads();
  for (int st = 128; st > 0; st >>= 1) {
    if (threadIdx.x < st) s[threadIdx.x] += s[threadIdx.x + st];
    __syncthreads();
  }
  if (threadIdx.x == 0) atomicAdd(res, s[0]);
}

int main() {
  const int n = 512, threads = 256, blocks = (n + threads - 1) / threads;
  float *hA = (float *)malloc((size_t)n * n * 4);
  double *hb = (double *)malloc(n * 8);
  uint32_t seed = 404;
  for (int i = 0; i < n; i++) {
    double rs = 0;
    for (int j = 0; j < n; j++) {
      hA[i * n + j] = app_randf(&seed, -1, 1);
      rs += fabs(hA[i * n + j]);
    }
    hA[i * n + i] = (float)(rs + 2);
    hb[i] = app_randf(&seed, -5, 5);
  }
  float *dA;
  size_t pitch;
  CUDA_CHECK(cudaMallocPitch(&dA, &pitch, n * sizeof(float), n));
  EXPECT(pitch >= n * sizeof(float) && pitch % 4 == 0, "pitch %zu", pitch);
  CUDA_CHECK(cudaMemset2D(dA, pitch, 0, n * sizeof(float), n));
  CUDA_CHECK(cudaMemcpy2D(dA, pitch, hA, n * sizeof(float), n * sizeof(float), n, cudaMemcpyHostToDevice));
  double *db, *dx[2], *dres, *hres;
  CUDA_CHECK(cudaMalloc(&db, n * 8));
  CUDA_CHECK(cudaMalloc(&dx[0], n * 8));
  CUDA_CHECK(cudaMalloc(&dx[1], n * 8));
  CUDA_CHECK(cudaMalloc(&dres, 8));
  CUDA_CHECK(cudaMallocHost(&hres, 8));
  CUDA_CHECK(cudaMemcpy(db, hb, n * 8, cudaMemcpyHostToDevice));
  cudaStream_t s;
  CUDA_CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));

  // Direct run: the reference iterates.
  CUDA_CHECK(cudaMemset(dx[0], 0, n * 8));
  std::vector<double> direct_res;
  for (int it = 0; it < 40; it++) {
    CUDA_CHECK(cudaMemsetAsync(dres, 0, 8, s));
    jacobi<<<blocks, threads, 0, s>>>(dA, pitch, db, dx[0], dx[1], n);
    jacobi<<<blocks, threads, 0, s>>>(dA, pitch, db, dx[1], dx[0], n);
    residual<<<blocks, threads, 0, s>>>(dx[0], dx[1], dres, n);
    CUDA_CHECK(cudaMemcpyAsync(hres, dres, 8, cudaMemcpyDeviceToHost, s));
    CUDA_CHECK(cudaStreamSynchronize(s));
    direct_res.push_back(*hres);
    if (*hres < 1e-10) break;
  }
  double *x_direct = (double *)malloc(n * 8), *x_graph = (double *)malloc(n * 8);
  CUDA_CHECK(cudaMemcpy(x_direct, dx[0], n * 8, cudaMemcpyDeviceToHost));
  EXPECT(direct_res.back() < 1e-10, "direct run did not converge: residual %g after %zu iterations", direct_res.back(),
         direct_res.size());

  // Graph: capture one iteration, replay.
  CUDA_CHECK(cudaMemset(dx[0], 0, n * 8));
  cudaGraph_t graph;
  cudaGraphExec_t exec;
  CUDA_CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
  CUDA_CHECK(cudaMemsetAsync(dres, 0, 8, s));
  jacobi<<<blocks, threads, 0, s>>>(dA, pitch, db, dx[0], dx[1], n);
  jacobi<<<blocks, threads, 0, s>>>(dA, pitch, db, dx[1], dx[0], n);
  residual<<<blocks, threads, 0, s>>>(dx[0], dx[1], dres, n);
  CUDA_CHECK(cudaMemcpyAsync(hres, dres, 8, cudaMemcpyDeviceToHost, s));
  CUDA_CHECK(cudaStreamEndCapture(s, &graph));
  size_t nodes = 0;
  CUDA_CHECK(cudaGraphGetNodes(graph, nullptr, &nodes));
  EXPECT(nodes == 5, "graph has %zu nodes, want 5", nodes);
  CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  for (size_t it = 0; it < direct_res.size(); it++) {
    CUDA_CHECK(cudaGraphLaunch(exec, s));
    CUDA_CHECK(cudaStreamSynchronize(s));
    EXPECT(*hres == direct_res[it], "iteration %zu: graph residual %.17g, direct %.17g", it, *hres, direct_res[it]);
  }
  CUDA_CHECK(cudaMemcpy(x_graph, dx[0], n * 8, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(x_graph[i] == x_direct[i], "x[%d] graph %.17g, direct %.17g", i, x_graph[i], x_direct[i]);
  // The solution satisfies A x = b.
  for (int i = 0; i < n; i++) {
    double r = -hb[i];
    for (int j = 0; j < n; j++) r += (double)hA[i * n + j] * x_graph[j];
    EXPECT(fabs(r) < 1e-6 * (fabs(hb[i]) + 1), "row %d residual %g", i, r);
  }
  CUDA_CHECK(cudaGraphExecDestroy(exec));
  CUDA_CHECK(cudaGraphDestroy(graph));
  CUDA_CHECK(cudaStreamDestroy(s));
  cudaFree(dA); cudaFree(db); cudaFree(dx[0]); cudaFree(dx[1]); cudaFree(dres); cudaFreeHost(hres);
  free(hA); free(hb); free(x_direct); free(x_graph);
  return app_finish("graph_jacobi");
}
