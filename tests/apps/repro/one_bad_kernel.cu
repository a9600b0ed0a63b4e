// Reproducer (tests/apps/KNOWN_ISSUES.md): a module with one kernel ptxvm cannot compile
// (`unused_wmma` uses wmma tensor-core instructions) and one plain kernel (`plain`). Only
// `plain` is launched; on a GPU it runs. On ptxvm the launch fails with
// cudaErrorNotSupported because the whole module is compiled at once.
#include <cstdio>
#include <cuda_fp16.h>
#include <mma.h>
using namespace nvcuda;
__global__ void unused_wmma(const half *a, const half *b, float *c) {
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> fc;
  wmma::fill_fragment(fc, 0.0f);
  wmma::load_matrix_sync(fa, a, 16);
  wmma::load_matrix_sync(fb, b, 16);
  wmma::mma_sync(fc, fa, fb, fc);
  wmma::store_matrix_sync(c, fc, 16, wmma::mem_row_major);
}
__global__ void plain(int *out) { out[threadIdx.x] = threadIdx.x * 3; }
int main() {
  int *d, h[32];
  cudaMalloc(&d, sizeof h);
  plain<<<1, 32>>>(d);
  cudaError_t launch = cudaGetLastError(), sync = cudaDeviceSynchronize();
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  int bad = launch != cudaSuccess || sync != cudaSuccess;
  for (int i = 0; i < 32 && !bad; i++) bad += h[i] != i * 3;
  printf("launch %s, sync %s\n%s\n", cudaGetErrorName(launch), cudaGetErrorName(sync), bad ? "FAILED" : "PASSED");
  return bad != 0;
}
