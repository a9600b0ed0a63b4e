// Matrix transpose through a padded 32x33 shared tile with 32x8 blocks (each thread moves
// four elements), for a non-square size that is not a multiple of the tile.
#include "check.h"

#define TILE 32
#define ROWS 8

__global__ void transpose(float *out, const float *in, int w, int h) {
  __shared__ float tile[TILE][TILE + 1];
  int x = blockIdx.x * TILE + threadIdx.x, y = blockIdx.y * TILE + threadIdx.y;
  for (int j = 0; j < TILE; j += ROWS)
    if (x < w && y + j < h) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * w + x];
  __syncthreads();
  x = blockIdx.y * TILE + threadIdx.x;
  y = blockIdx.x * TILE + threadIdx.y;
  for (int j = 0; j < TILE; j += ROWS)
    if (x < h && y + j < w) out[(y + j) * h + x] = tile[threadIdx.x][threadIdx.y + j];
}

int main() {
  const int w = 1000, h = 333;
  float *a = (float *)malloc(w * h * 4), *b = (float *)malloc(w * h * 4), *da, *db;
  for (int i = 0; i < w * h; i++) a[i] = (float)i;
  CUDA_CHECK(cudaMalloc(&da, w * h * 4));
  CUDA_CHECK(cudaMalloc(&db, w * h * 4));
  CUDA_CHECK(cudaMemcpy(da, a, w * h * 4, cudaMemcpyHostToDevice));
  dim3 grid((w + TILE - 1) / TILE, (h + TILE - 1) / TILE), block(TILE, ROWS);
  transpose<<<grid, block>>>(db, da, w, h);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(b, db, w * h * 4, cudaMemcpyDeviceToHost));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      EXPECT(b[x * h + y] == a[y * w + x], "out[%d][%d] = %g", x, y, b[x * h + y]);
  return check_finish("transpose");
}
