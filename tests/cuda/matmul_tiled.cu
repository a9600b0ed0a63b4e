// Tiled matrix multiply with 2D blocks and shared-memory tiles (16x16), sizes that are not
// multiples of the tile, integer-valued inputs so the float result is exact.
#include "check.h"

#define TILE 16

__global__ void matmul(const float *A, const float *B, float *C, int M, int N, int K) {
  __shared__ float As[TILE][TILE];
  __shared__ float Bs[TILE][TILE + 1]; // padded
  int row = blockIdx.y * TILE + threadIdx.y, col = blockIdx.x * TILE + threadIdx.x;
  float acc = 0;
  for (int t = 0; t < (K + TILE - 1) / TILE; t++) {
    int ka = t * TILE + threadIdx.x, kb = t * TILE + threadIdx.y;
    As[threadIdx.y][threadIdx.x] = (row < M && ka < K) ? A[row * K + ka] : 0.0f;
    Bs[threadIdx.y][threadIdx.x] = (kb < K && col < N) ? B[kb * N + col] : 0.0f;
    __syncthreads();
    for (int k = 0; k < TILE; k++) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < M && col < N) C[row * N + col] = acc;
}

int main() {
  const int M = 123, N = 77, K = 201;
  float *A = (float *)malloc(M * K * 4), *B = (float *)malloc(K * N * 4), *C = (float *)malloc(M * N * 4);
  uint32_t seed = 8;
  for (int i = 0; i < M * K; i++) A[i] = (float)((int)(check_rand(&seed) % 17) - 8);
  for (int i = 0; i < K * N; i++) B[i] = (float)((int)(check_rand(&seed) % 13) - 6);
  float *dA, *dB, *dC;
  CUDA_CHECK(cudaMalloc(&dA, M * K * 4));
  CUDA_CHECK(cudaMalloc(&dB, K * N * 4));
  CUDA_CHECK(cudaMalloc(&dC, M * N * 4));
  CUDA_CHECK(cudaMemcpy(dA, A, M * K * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dB, B, K * N * 4, cudaMemcpyHostToDevice));
  dim3 block(TILE, TILE), grid((N + TILE - 1) / TILE, (M + TILE - 1) / TILE);
  matmul<<<grid, block>>>(dA, dB, dC, M, N, K);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(C, dC, M * N * 4, cudaMemcpyDeviceToHost));
  for (int r = 0; r < M; r++)
    for (int c = 0; c < N; c++) {
      float want = 0;
      for (int k = 0; k < K; k++) want += A[r * K + k] * B[k * N + c];
      EXPECT(C[r * N + c] == want, "C[%d][%d] = %g vs %g", r, c, C[r * N + c], want);
    }
  return check_finish("matmul_tiled");
}
