// Tensor-core GEMM with the WMMA API as in the CUDA samples simpleTensorCoreGEMM /
// cudaTensorCoreGemm: half inputs, float accumulators, 16x16x16 fragments, one warp per
// 16x16 output tile, A row-major and B column-major loaded from global memory, C loaded,
// scaled (alpha*A*B + beta*C) and stored. Inputs are small integers so every product and
// sum is exact in half/float and the host result must match exactly.
#include "apps.h"
#include <cuda_fp16.h>
#include <mma.h>
using namespace nvcuda;

#define WMMA_M 16
#define WMMA_N 16
#define WMMA_K 16

__global__ void wmma_example(const half *a, const half *b, float *c, int M, int N, int K, float alpha, float beta) {
  int lda = K, ldb = K, ldc = N;  // A row-major M x K, B column-major K x N, C row-major
  int warpM = (blockIdx.x * blockDim.x + threadIdx.x) / warpSize;
  int warpN = blockIdx.y * blockDim.y + threadIdx.y;
  wmma::fragment<wmma::matrix_a, WMMA_M, WMMA_N, WMMA_K, half, wmma::row_major> a_frag;
  wmma::fragment<wmma::matrix_b, WMMA_M, WMMA_N, WMMA_K, half, wmma::col_major> b_frag;
  wmma::fragment<wmma::accumulator, WMMA_M, WMMA_N, WMMA_K, float> acc_frag;
  wmma::fragment<wmma::accumulator, WMMA_M, WMMA_N, WMMA_K, float> c_frag;
  wmma::fill_fragment(acc_frag, 0.0f);
  for (int i = 0; i < K; i += WMMA_K) {
    int aRow = warpM * WMMA_M, aCol = i;
    int bRow = i, bCol = warpN * WMMA_N;
    if (aRow < M && aCol < K && bRow < K && bCol < N) {
      wmma::load_matrix_sync(a_frag, a + aRow * lda + aCol, lda);
      wmma::load_matrix_sync(b_frag, b + bCol * ldb + bRow, ldb);
      wmma::mma_sync(acc_frag, a_frag, b_frag, acc_frag);
    }
  }
  int cRow = warpM * WMMA_M, cCol = warpN * WMMA_N;
  if (cRow < M && cCol < N) {
    wmma::load_matrix_sync(c_frag, c + cRow * ldc + cCol, ldc, wmma::mem_row_major);
    for (int i = 0; i < c_frag.num_elements; i++) c_frag.x[i] = alpha * acc_frag.x[i] + beta * c_frag.x[i];
    wmma::store_matrix_sync(c + cRow * ldc + cCol, c_frag, ldc, wmma::mem_row_major);
  }
}

int main() {
  const int M = 128, N = 96, K = 80;
  const float alpha = 2.0f, beta = -1.0f;
  half *ha = (half *)malloc(M * K * 2), *hb = (half *)malloc(K * N * 2);
  float *fa = (float *)malloc(M * K * 4), *fb = (float *)malloc(K * N * 4), *hc = (float *)malloc(M * N * 4);
  float *r = (float *)malloc(M * N * 4);
  uint32_t seed = 8;
  for (int i = 0; i < M * K; i++) ha[i] = __float2half(fa[i] = (float)((int)(app_rand(&seed) % 9) - 4));
  for (int i = 0; i < K * N; i++) hb[i] = __float2half(fb[i] = (float)((int)(app_rand(&seed) % 9) - 4));
  for (int i = 0; i < M * N; i++) hc[i] = (float)(app_rand(&seed) % 100);
  half *da, *db;
  float *dc;
  CUDA_CHECK(cudaMalloc(&da, M * K * 2));
  CUDA_CHECK(cudaMalloc(&db, K * N * 2));
  CUDA_CHECK(cudaMalloc(&dc, M * N * 4));
  CUDA_CHECK(cudaMemcpy(da, ha, M * K * 2, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(db, hb, K * N * 2, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dc, hc, M * N * 4, cudaMemcpyHostToDevice));
  dim3 blockDim(128, 4);  // 4 x 4 warps, each one 16x16 tile
  dim3 gridDim((M + (WMMA_M * blockDim.x / 32 - 1)) / (WMMA_M * blockDim.x / 32),
               (N + WMMA_N * blockDim.y - 1) / (WMMA_N * blockDim.y));
  wmma_example<<<gridDim, blockDim>>>(da, db, dc, M, N, K, alpha, beta);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dc, M * N * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      float s = 0;
      for (int k = 0; k < K; k++) s += fa[i * K + k] * fb[j * K + k];  // B column-major
      float want = alpha * s + beta * hc[i * N + j];
      EXPECT(r[i * N + j] == want, "C[%d][%d] = %f, want %f", i, j, r[i * N + j], want);
    }
  cudaFree(da); cudaFree(db); cudaFree(dc);
  free(ha); free(hb); free(fa); free(fb); free(hc); free(r);
  return app_finish("wmma_gemm");
}
