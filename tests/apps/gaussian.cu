// Rodinia gaussian: Gaussian elimination by many small launches. For each pivot t, Fan1
// computes the multipliers of column t, Fan2 (a 2D grid) updates the trailing matrix and
// the right-hand side; the host then back-substitutes. 2*(n-1) launches of tiny grids,
// which stresses launch overhead and per-launch state more than arithmetic.
#include "apps.h"

__global__ void Fan1(float *m_cuda, const float *a_cuda, int Size, int t) {
  if (threadIdx.x + blockIdx.x * blockDim.x >= Size - 1 - t) return;
  *(m_cuda + Size * (blockDim.x * blockIdx.x + threadIdx.x + t + 1) + t) =
      *(a_cuda + Size * (blockDim.x * blockIdx.x + threadIdx.x + t + 1) + t) / *(a_cuda + Size * t + t);
}

__global__ void Fan2(const float *m_cuda, float *a_cuda, float *b_cuda, int Size, int j1, int t) {
  if (threadIdx.x + blockIdx.x * blockDim.x >= Size - 1 - t) return;
  if (threadIdx.y + blockIdx.y * blockDim.y >= Size - t) return;
  int xidx = blockIdx.x * blockDim.x + threadIdx.x;
  int yidx = blockIdx.y * blockDim.y + threadIdx.y;
  a_cuda[Size * (xidx + 1 + t) + (yidx + t)] -= m_cuda[Size * (xidx + 1 + t) + t] * a_cuda[Size * t + (yidx + t)];
  if (yidx == 0) b_cuda[xidx + 1 + t] -= m_cuda[Size * (xidx + 1 + t) + (yidx + t)] * b_cuda[t];
}

int main() {
  const int Size = 192;
  uint32_t seed = 21;
  float *a = (float *)malloc(Size * Size * 4), *b = (float *)malloc(Size * 4), *m = (float *)calloc(Size * Size, 4);
  double *x_true = (double *)malloc(Size * 8);
  // Diagonally dominant, so no pivoting is needed (as in Rodinia's generated matrices).
  for (int i = 0; i < Size; i++) {
    double row = 0;
    for (int j = 0; j < Size; j++) {
      a[i * Size + j] = app_randf(&seed, -1, 1);
      row += fabs(a[i * Size + j]);
    }
    a[i * Size + i] = (float)(row + 1);
    x_true[i] = app_randf(&seed, -1, 1);
  }
  for (int i = 0; i < Size; i++) {
    double s = 0;
    for (int j = 0; j < Size; j++) s += a[i * Size + j] * x_true[j];
    b[i] = (float)s;
  }
  float *m_cuda, *a_cuda, *b_cuda;
  CUDA_CHECK(cudaMalloc(&m_cuda, Size * Size * 4));
  CUDA_CHECK(cudaMalloc(&a_cuda, Size * Size * 4));
  CUDA_CHECK(cudaMalloc(&b_cuda, Size * 4));
  CUDA_CHECK(cudaMemcpy(m_cuda, m, Size * Size * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(a_cuda, a, Size * Size * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(b_cuda, b, Size * 4, cudaMemcpyHostToDevice));
  int block_size = 512, grid_size = (Size / block_size) + (!(Size % block_size) ? 0 : 1);
  dim3 dimBlock(block_size), dimGrid(grid_size);
  int blockSize2d = 4, gridSize2d = (Size / blockSize2d) + (!(Size % blockSize2d ? 0 : 1));
  dim3 dimBlockXY(blockSize2d, blockSize2d), dimGridXY(gridSize2d, gridSize2d);
  for (int t = 0; t < (Size - 1); t++) {
    Fan1<<<dimGrid, dimBlock>>>(m_cuda, a_cuda, Size, t);
    Fan2<<<dimGridXY, dimBlockXY>>>(m_cuda, a_cuda, b_cuda, Size, Size - t, t);
    CUDA_CHECK(cudaGetLastError());
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  float *ra = (float *)malloc(Size * Size * 4), *rb = (float *)malloc(Size * 4);
  CUDA_CHECK(cudaMemcpy(ra, a_cuda, Size * Size * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rb, b_cuda, Size * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(m, m_cuda, Size * Size * 4, cudaMemcpyDeviceToHost));
  // The same elimination on the host in float, step by step.
  for (int t = 0; t < Size - 1; t++) {
    for (int i = t + 1; i < Size; i++) {
      float mult = a[i * Size + t] / a[t * Size + t];
      for (int j = t; j < Size; j++) a[i * Size + j] -= mult * a[t * Size + j];
      b[i] -= mult * b[t];
      EXPECT(app_close(m[i * Size + t], mult, 1e-5, 1e-4), "multiplier m[%d][%d] = %f, want %f", i, t,
             m[i * Size + t], mult);
    }
  }
  for (int i = 0; i < Size; i++) {
    EXPECT(app_close(rb[i], b[i], 1e-3, 1e-3), "b[%d] = %f, want %f", i, rb[i], b[i]);
    for (int j = 0; j < Size; j++)
      EXPECT(app_close(ra[i * Size + j], a[i * Size + j], 1e-3, 1e-3), "a[%d][%d] = %f, want %f", i, j,
             ra[i * Size + j], a[i * Size + j]);
  }
  // Rodinia's BackSub on the device's triangular system; x must match the true solution.
  double *x = (double *)malloc(Size * 8);
  for (int i = Size - 1; i >= 0; i--) {
    double s = rb[i];
    for (int j = i + 1; j < Size; j++) s -= ra[i * Size + j] * x[j];
    x[i] = s / ra[i * Size + i];
    EXPECT(fabs(x[i] - x_true[i]) < 1e-3, "x[%d] = %f, want %f", i, x[i], x_true[i]);
  }
  cudaFree(m_cuda); cudaFree(a_cuda); cudaFree(b_cuda);
  free(a); free(b); free(m); free(x_true); free(ra); free(rb); free(x);
  return app_finish("gaussian");
}
