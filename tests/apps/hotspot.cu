// Rodinia hotspot: the 2D thermal simulation with pyramid blocking. Each block loads a
// BLOCK_SIZE x BLOCK_SIZE tile with a halo of `iteration` cells, runs several time steps
// in shared memory with shrinking valid regions and __syncthreads between steps, and
// writes the inner part. Host runs the plain 5-point stencil for the same steps.
#include "apps.h"

#define BLOCK_SIZE 16
#define STR_SIZE 256
#define MAX_PD (3.0e6)
#define PRECISION 0.001
#define SPEC_HEAT_SI 1.75e6
#define K_SI 100
#define FACTOR_CHIP 0.5
#define IN_RANGE(x, min, max) ((x) >= (min) && (x) <= (max))
#define CLAMP_RANGE(x, min, max) x = (x < (min)) ? min : ((x > (max)) ? max : x)
#define MIN(a, b) ((a) <= (b) ? (a) : (b))

static const float t_chip = 0.0005f, chip_height = 0.016f, chip_width = 0.016f, amb_temp = 80.0f;

__global__ void calculate_temp(int iteration, float *power, float *temp_src, float *temp_dst, int grid_cols,
                               int grid_rows, int border_cols, int border_rows, float Cap, float Rx, float Ry,
                               float Rz, float step, float time_elapsed) {
  __shared__ float temp_on_cuda[BLOCK_SIZE][BLOCK_SIZE];
  __shared__ float power_on_cuda[BLOCK_SIZE][BLOCK_SIZE];
  __shared__ float temp_t[BLOCK_SIZE][BLOCK_SIZE];
  float amb_temp = 80.0;
  float step_div_Cap;
  float Rx_1, Ry_1, Rz_1;
  int bx = blockIdx.x, by = blockIdx.y, tx = threadIdx.x, ty = threadIdx.y;
  step_div_Cap = step / Cap;
  Rx_1 = 1 / Rx;
  Ry_1 = 1 / Ry;
  Rz_1 = 1 / Rz;
  int small_block_rows = BLOCK_SIZE - iteration * 2;
  int small_block_cols = BLOCK_SIZE - iteration * 2;
  int blkY = small_block_rows * by - border_rows;
  int blkX = small_block_cols * bx - border_cols;
  int blkYmax = blkY + BLOCK_SIZE - 1;
  int blkXmax = blkX + BLOCK_SIZE - 1;
  int yidx = blkY + ty;
  int xidx = blkX + tx;
  int loadYidx = yidx, loadXidx = xidx;
  int index = grid_cols * loadYidx + loadXidx;
  if (IN_RANGE(loadYidx, 0, grid_rows - 1) && IN_RANGE(loadXidx, 0, grid_cols - 1)) {
    temp_on_cuda[ty][tx] = temp_src[index];
    power_on_cuda[ty][tx] = power[index];
  }
  __syncthreads();
  int validYmin = (blkY < 0) ? -blkY : 0;
  int validYmax = (blkYmax > grid_rows - 1) ? BLOCK_SIZE - 1 - (blkYmax - grid_rows + 1) : BLOCK_SIZE - 1;
  int validXmin = (blkX < 0) ? -blkX : 0;
  int validXmax = (blkXmax > grid_cols - 1) ? BLOCK_SIZE - 1 - (blkXmax - grid_cols + 1) : BLOCK_SIZE - 1;
  int N = ty - 1, S = ty + 1, W = tx - 1, E = tx + 1;
  N = (N < validYmin) ? validYmin : N;
  S = (S > validYmax) ? validYmax : S;
  W = (W < validXmin) ? validXmin : W;
  E = (E > validXmax) ? validXmax : E;
  bool computed;
  for (int i = 0; i < iteration; i++) {
    computed = false;
    if (IN_RANGE(tx, i + 1, BLOCK_SIZE - i - 2) && IN_RANGE(ty, i + 1, BLOCK_SIZE - i - 2) &&
        IN_RANGE(tx, validXmin, validXmax) && IN_RANGE(ty, validYmin, validYmax)) {
      computed = true;
      temp_t[ty][tx] = temp_on_cuda[ty][tx] +
                       step_div_Cap * (power_on_cuda[ty][tx] +
                                       (temp_on_cuda[S][tx] + temp_on_cuda[N][tx] - 2.0 * temp_on_cuda[ty][tx]) * Ry_1 +
                                       (temp_on_cuda[ty][E] + temp_on_cuda[ty][W] - 2.0 * temp_on_cuda[ty][tx]) * Rx_1 +
                                       (amb_temp - temp_on_cuda[ty][tx]) * Rz_1);
    }
    __syncthreads();
    if (i == iteration - 1) break;
    if (computed) temp_on_cuda[ty][tx] = temp_t[ty][tx];
    __syncthreads();
  }
  if (computed) temp_dst[index] = temp_t[ty][tx];
}

static void host_step(const float *power, const float *src, float *dst, int cols, int rows, float Cap, float Rx,
                      float Ry, float Rz, float step) {
  float step_div_Cap = step / Cap, Rx_1 = 1 / Rx, Ry_1 = 1 / Ry, Rz_1 = 1 / Rz;
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) {
      int N = r > 0 ? r - 1 : r, S = r < rows - 1 ? r + 1 : r;
      int W = c > 0 ? c - 1 : c, E = c < cols - 1 ? c + 1 : c;
      double t = src[r * cols + c];
      dst[r * cols + c] = (float)(t + step_div_Cap * (power[r * cols + c] +
                                                      (src[S * cols + c] + src[N * cols + c] - 2.0 * t) * Ry_1 +
                                                      (src[r * cols + E] + src[r * cols + W] - 2.0 * t) * Rx_1 +
                                                      (amb_temp - t) * Rz_1));
    }
}

int main() {
  const int grid_rows = 256, grid_cols = 256, total_iterations = 12, pyramid_height = 2;
  const int size = grid_rows * grid_cols;
  float *temp = (float *)malloc(size * 4), *power = (float *)malloc(size * 4);
  float *ref[2] = {(float *)malloc(size * 4), (float *)malloc(size * 4)};
  float *out = (float *)malloc(size * 4);
  uint32_t seed = 31;
  for (int i = 0; i < size; i++) {
    temp[i] = app_randf(&seed, 320.0f, 340.0f);
    power[i] = app_randf(&seed, 0.0f, 1e-3f);
  }
  float grid_height = chip_height / grid_rows, grid_width = chip_width / grid_cols;
  float Cap = FACTOR_CHIP * SPEC_HEAT_SI * t_chip * grid_width * grid_height;
  float Rx = grid_width / (2.0 * K_SI * t_chip * grid_height);
  float Ry = grid_height / (2.0 * K_SI * t_chip * grid_width);
  float Rz = t_chip / (K_SI * grid_height * grid_width);
  float max_slope = MAX_PD / (FACTOR_CHIP * t_chip * SPEC_HEAT_SI);
  float step = PRECISION / max_slope;

  int borderCols = pyramid_height, borderRows = pyramid_height;
  int smallBlockCol = BLOCK_SIZE - pyramid_height * 2, smallBlockRow = BLOCK_SIZE - pyramid_height * 2;
  int blockCols = grid_cols / smallBlockCol + ((grid_cols % smallBlockCol == 0) ? 0 : 1);
  int blockRows = grid_rows / smallBlockRow + ((grid_rows % smallBlockRow == 0) ? 0 : 1);
  float *MatrixTemp[2], *MatrixPower;
  CUDA_CHECK(cudaMalloc(&MatrixTemp[0], size * 4));
  CUDA_CHECK(cudaMalloc(&MatrixTemp[1], size * 4));
  CUDA_CHECK(cudaMalloc(&MatrixPower, size * 4));
  CUDA_CHECK(cudaMemcpy(MatrixTemp[0], temp, size * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(MatrixPower, power, size * 4, cudaMemcpyHostToDevice));
  dim3 dimBlock(BLOCK_SIZE, BLOCK_SIZE), dimGrid(blockCols, blockRows);
  int src = 1, dst = 0;
  float time_elapsed = 0.001f;
  for (int t = 0; t < total_iterations; t += pyramid_height) {
    int temp_ = src; src = dst; dst = temp_;
    calculate_temp<<<dimGrid, dimBlock>>>(MIN(pyramid_height, total_iterations - t), MatrixPower, MatrixTemp[src],
                                          MatrixTemp[dst], grid_cols, grid_rows, borderCols, borderRows, Cap, Rx,
                                          Ry, Rz, step, time_elapsed);
    CUDA_CHECK(cudaGetLastError());
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(out, MatrixTemp[dst], size * 4, cudaMemcpyDeviceToHost));
  memcpy(ref[0], temp, size * 4);
  for (int t = 0; t < total_iterations; t++)
    host_step(power, ref[t & 1], ref[(t + 1) & 1], grid_cols, grid_rows, Cap, Rx, Ry, Rz, step);
  const float *want = ref[total_iterations & 1];
  for (int i = 0; i < size; i++)
    EXPECT(app_close(out[i], want[i], 1e-3, 1e-5), "cell (%d,%d) = %f, want %f", i / grid_cols, i % grid_cols, out[i],
           want[i]);
  cudaFree(MatrixTemp[0]); cudaFree(MatrixTemp[1]); cudaFree(MatrixPower);
  free(temp); free(power); free(ref[0]); free(ref[1]); free(out);
  return app_finish("hotspot");
}
