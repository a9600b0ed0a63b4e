// The transpose kernels of NVIDIA's transpose sample / "An Efficient Matrix Transpose in
// CUDA C/C++": plain copy, naive transpose, shared-memory tile, tile padded by one
// column against bank conflicts, and a diagonal block ordering. TILE_DIM x BLOCK_ROWS
// threads each move TILE_DIM/BLOCK_ROWS elements. Non-square matrix.
#include "apps.h"

#define TILE_DIM 32
#define BLOCK_ROWS 8

__global__ void copy(float *odata, const float *idata, int width, int height) {
  int x = blockIdx.x * TILE_DIM + threadIdx.x, y = blockIdx.y * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) odata[(y + j) * width + x] = idata[(y + j) * width + x];
}

__global__ void transposeNaive(float *odata, const float *idata, int width, int height) {
  int x = blockIdx.x * TILE_DIM + threadIdx.x, y = blockIdx.y * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) odata[x * height + (y + j)] = idata[(y + j) * width + x];
}

__global__ void transposeCoalesced(float *odata, const float *idata, int width, int height) {
  __shared__ float tile[TILE_DIM][TILE_DIM];
  int x = blockIdx.x * TILE_DIM + threadIdx.x, y = blockIdx.y * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) tile[threadIdx.y + j][threadIdx.x] = idata[(y + j) * width + x];
  __syncthreads();
  x = blockIdx.y * TILE_DIM + threadIdx.x;
  y = blockIdx.x * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) odata[(y + j) * height + x] = tile[threadIdx.x][threadIdx.y + j];
}

__global__ void transposeNoBankConflicts(float *odata, const float *idata, int width, int height) {
  __shared__ float tile[TILE_DIM][TILE_DIM + 1];
  int x = blockIdx.x * TILE_DIM + threadIdx.x, y = blockIdx.y * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) tile[threadIdx.y + j][threadIdx.x] = idata[(y + j) * width + x];
  __syncthreads();
  x = blockIdx.y * TILE_DIM + threadIdx.x;
  y = blockIdx.x * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) odata[(y + j) * height + x] = tile[threadIdx.x][threadIdx.y + j];
}

__global__ void transposeDiagonal(float *odata, const float *idata, int width, int height) {
  __shared__ float tile[TILE_DIM][TILE_DIM + 1];
  int blockIdx_x, blockIdx_y;
  if (width == height) {
    blockIdx_y = blockIdx.x;
    blockIdx_x = (blockIdx.x + blockIdx.y) % gridDim.x;
  } else {
    int bid = blockIdx.x + gridDim.x * blockIdx.y;
    blockIdx_y = bid % gridDim.y;
    blockIdx_x = ((bid / gridDim.y) + blockIdx_y) % gridDim.x;
  }
  int xIndex = blockIdx_x * TILE_DIM + threadIdx.x, yIndex = blockIdx_y * TILE_DIM + threadIdx.y;
  int index_in = xIndex + yIndex * width;
  xIndex = blockIdx_y * TILE_DIM + threadIdx.x;
  yIndex = blockIdx_x * TILE_DIM + threadIdx.y;
  int index_out = xIndex + yIndex * height;
  for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS) tile[threadIdx.y + i][threadIdx.x] = idata[index_in + i * width];
  __syncthreads();
  for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS) odata[index_out + i * height] = tile[threadIdx.x][threadIdx.y + i];
}

typedef void (*Kernel)(float *, const float *, int, int);

int main() {
  const int width = 1024, height = 768;
  const size_t n = (size_t)width * height;
  float *h = (float *)malloc(n * 4), *r = (float *)malloc(n * 4);
  for (size_t i = 0; i < n; i++) h[i] = (float)i;
  float *di, *dout;
  CUDA_CHECK(cudaMalloc(&di, n * 4));
  CUDA_CHECK(cudaMalloc(&dout, n * 4));
  CUDA_CHECK(cudaMemcpy(di, h, n * 4, cudaMemcpyHostToDevice));
  dim3 grid(width / TILE_DIM, height / TILE_DIM), threads(TILE_DIM, BLOCK_ROWS);
  struct { const char *name; Kernel k; bool transposes; } v[] = {
      {"copy", copy, false},
      {"naive", transposeNaive, true},
      {"coalesced", transposeCoalesced, true},
      {"noBankConflicts", transposeNoBankConflicts, true},
      {"diagonal", transposeDiagonal, true},
  };
  for (auto &k : v) {
    CUDA_CHECK(cudaMemset(dout, 0xff, n * 4));
    k.k<<<grid, threads>>>(dout, di, width, height);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(r, dout, n * 4, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int y = 0; y < height && bad < 3; y++)
      for (int x = 0; x < width && bad < 3; x++) {
        float want = h[y * width + x];
        float got = k.transposes ? r[x * height + y] : r[y * width + x];
        if (got != want) {
          bad++;
          EXPECT(got == want, "%s: element (%d,%d) = %f, want %f", k.name, y, x, got, want);
        }
      }
  }
  cudaFree(di); cudaFree(dout); free(h); free(r);
  return app_finish("transpose");
}
