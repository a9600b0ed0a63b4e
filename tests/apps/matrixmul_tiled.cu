// matrixMul as in NVIDIA's CUDA sample: C = A * B with BLOCK_SIZE x BLOCK_SIZE tiles staged
// in shared memory, a template on the tile size, instantiated for 16 and 32, and
// non-square matrices whose sizes are multiples of the tile.
#include "apps.h"

template <int BLOCK_SIZE>
__global__ void MatrixMulCUDA(float *C, const float *A, const float *B, int wA, int wB) {
  int bx = blockIdx.x, by = blockIdx.y;
  int tx = threadIdx.x, ty = threadIdx.y;
  int aBegin = wA * BLOCK_SIZE * by;
  int aEnd = aBegin + wA - 1;
  int aStep = BLOCK_SIZE;
  int bBegin = BLOCK_SIZE * bx;
  int bStep = BLOCK_SIZE * wB;
  float Csub = 0;
  for (int a = aBegin, b = bBegin; a <= aEnd; a += aStep, b += bStep) {
    __shared__ float As[BLOCK_SIZE][BLOCK_SIZE];
    __shared__ float Bs[BLOCK_SIZE][BLOCK_SIZE];
    As[ty][tx] = A[a + wA * ty + tx];
    Bs[ty][tx] = B[b + wB * ty + tx];
    __syncthreads();
#pragma unroll
    for (int k = 0; k < BLOCK_SIZE; ++k) Csub += As[ty][k] * Bs[k][tx];
    __syncthreads();
  }
  int c = wB * BLOCK_SIZE * by + BLOCK_SIZE * bx;
  C[c + wB * ty + tx] = Csub;
}

template <int BS>
static void run(int hA, int wA, int wB, uint32_t seed) {
  size_t nA = (size_t)hA * wA, nB = (size_t)wA * wB, nC = (size_t)hA * wB;
  float *hAv = (float *)malloc(nA * 4), *hBv = (float *)malloc(nB * 4), *hC = (float *)malloc(nC * 4);
  for (size_t i = 0; i < nA; i++) hAv[i] = app_randf(&seed, -1, 1);
  for (size_t i = 0; i < nB; i++) hBv[i] = app_randf(&seed, -1, 1);
  float *dA, *dB, *dC;
  CUDA_CHECK(cudaMalloc(&dA, nA * 4));
  CUDA_CHECK(cudaMalloc(&dB, nB * 4));
  CUDA_CHECK(cudaMalloc(&dC, nC * 4));
  CUDA_CHECK(cudaMemcpy(dA, hAv, nA * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dB, hBv, nB * 4, cudaMemcpyHostToDevice));
  dim3 threads(BS, BS), grid(wB / BS, hA / BS);
  MatrixMulCUDA<BS><<<grid, threads>>>(dC, dA, dB, wA, wB);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(hC, dC, nC * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < hA; i++)
    for (int j = 0; j < wB; j++) {
      double s = 0;
      for (int k = 0; k < wA; k++) s += (double)hAv[i * wA + k] * hBv[k * wB + j];
      EXPECT(app_close(hC[i * wB + j], s, 1e-4, 1e-4), "BS=%d C[%d][%d] = %f, want %f", BS, i, j,
             hC[i * wB + j], s);
    }
  cudaFree(dA); cudaFree(dB); cudaFree(dC);
  free(hAv); free(hBv); free(hC);
}

int main() {
  run<16>(160, 128, 96, 1u);
  run<32>(128, 320, 64, 7u);
  return app_finish("matrixmul_tiled");
}
