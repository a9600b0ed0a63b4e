// convolutionSeparable as in the CUDA sample: a row pass and a column pass, each staging a
// tile plus apron in shared memory, the filter (radius 8) in __constant__ memory set with
// cudaMemcpyToSymbol, loops unrolled with #pragma unroll, clamp-to-zero at the borders.
#include "apps.h"

#define KERNEL_RADIUS 8
#define KERNEL_LENGTH (2 * KERNEL_RADIUS + 1)
__constant__ float c_Kernel[KERNEL_LENGTH];

#define ROWS_BLOCKDIM_X 16
#define ROWS_BLOCKDIM_Y 4
#define ROWS_RESULT_STEPS 8
#define ROWS_HALO_STEPS 1

__global__ void convolutionRowsKernel(float *d_Dst, const float *d_Src, int imageW, int imageH, int pitch) {
  __shared__ float s_Data[ROWS_BLOCKDIM_Y][(ROWS_RESULT_STEPS + 2 * ROWS_HALO_STEPS) * ROWS_BLOCKDIM_X];
  const int baseX = (blockIdx.x * ROWS_RESULT_STEPS - ROWS_HALO_STEPS) * ROWS_BLOCKDIM_X + threadIdx.x;
  const int baseY = blockIdx.y * ROWS_BLOCKDIM_Y + threadIdx.y;
  d_Src += baseY * pitch + baseX;
  d_Dst += baseY * pitch + baseX;
#pragma unroll
  for (int i = ROWS_HALO_STEPS; i < ROWS_HALO_STEPS + ROWS_RESULT_STEPS; i++)
    s_Data[threadIdx.y][threadIdx.x + i * ROWS_BLOCKDIM_X] = d_Src[i * ROWS_BLOCKDIM_X];
#pragma unroll
  for (int i = 0; i < ROWS_HALO_STEPS; i++)
    s_Data[threadIdx.y][threadIdx.x + i * ROWS_BLOCKDIM_X] = (baseX >= -i * ROWS_BLOCKDIM_X) ? d_Src[i * ROWS_BLOCKDIM_X] : 0;
#pragma unroll
  for (int i = ROWS_HALO_STEPS + ROWS_RESULT_STEPS; i < ROWS_HALO_STEPS + ROWS_RESULT_STEPS + ROWS_HALO_STEPS; i++)
    s_Data[threadIdx.y][threadIdx.x + i * ROWS_BLOCKDIM_X] =
        (imageW - baseX > i * ROWS_BLOCKDIM_X) ? d_Src[i * ROWS_BLOCKDIM_X] : 0;
  __syncthreads();
#pragma unroll
  for (int i = ROWS_HALO_STEPS; i < ROWS_HALO_STEPS + ROWS_RESULT_STEPS; i++) {
    float sum = 0;
#pragma unroll
    for (int j = -KERNEL_RADIUS; j <= KERNEL_RADIUS; j++)
      sum += c_Kernel[KERNEL_RADIUS - j] * s_Data[threadIdx.y][threadIdx.x + i * ROWS_BLOCKDIM_X + j];
    d_Dst[i * ROWS_BLOCKDIM_X] = sum;
  }
}

#define COLUMNS_BLOCKDIM_X 16
#define COLUMNS_BLOCKDIM_Y 8
#define COLUMNS_RESULT_STEPS 8
#define COLUMNS_HALO_STEPS 1

__global__ void convolutionColumnsKernel(float *d_Dst, const float *d_Src, int imageW, int imageH, int pitch) {
  __shared__ float s_Data[COLUMNS_BLOCKDIM_X][(COLUMNS_RESULT_STEPS + 2 * COLUMNS_HALO_STEPS) * COLUMNS_BLOCKDIM_Y + 1];
  const int baseX = blockIdx.x * COLUMNS_BLOCKDIM_X + threadIdx.x;
  const int baseY = (blockIdx.y * COLUMNS_RESULT_STEPS - COLUMNS_HALO_STEPS) * COLUMNS_BLOCKDIM_Y + threadIdx.y;
  d_Src += baseY * pitch + baseX;
  d_Dst += baseY * pitch + baseX;
#pragma unroll
  for (int i = COLUMNS_HALO_STEPS; i < COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS; i++)
    s_Data[threadIdx.x][threadIdx.y + i * COLUMNS_BLOCKDIM_Y] = d_Src[i * COLUMNS_BLOCKDIM_Y * pitch];
#pragma unroll
  for (int i = 0; i < COLUMNS_HALO_STEPS; i++)
    s_Data[threadIdx.x][threadIdx.y + i * COLUMNS_BLOCKDIM_Y] =
        (baseY >= -i * COLUMNS_BLOCKDIM_Y) ? d_Src[i * COLUMNS_BLOCKDIM_Y * pitch] : 0;
#pragma unroll
  for (int i = COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS;
       i < COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS + COLUMNS_HALO_STEPS; i++)
    s_Data[threadIdx.x][threadIdx.y + i * COLUMNS_BLOCKDIM_Y] =
        (imageH - baseY > i * COLUMNS_BLOCKDIM_Y) ? d_Src[i * COLUMNS_BLOCKDIM_Y * pitch] : 0;
  __syncthreads();
#pragma unroll
  for (int i = COLUMNS_HALO_STEPS; i < COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS; i++) {
    float sum = 0;
#pragma unroll
    for (int j = -KERNEL_RADIUS; j <= KERNEL_RADIUS; j++)
      sum += c_Kernel[KERNEL_RADIUS - j] * s_Data[threadIdx.x][threadIdx.y + i * COLUMNS_BLOCKDIM_Y + j];
    d_Dst[i * COLUMNS_BLOCKDIM_Y * pitch] = sum;
  }
}

int main() {
  const int imageW = 512, imageH = 384;  // multiples of the tile sizes, as the sample requires
  const size_t n = (size_t)imageW * imageH;
  float h_Kernel[KERNEL_LENGTH];
  uint32_t seed = 11;
  float ksum = 0;
  for (int i = 0; i < KERNEL_LENGTH; i++) ksum += (h_Kernel[i] = app_randf(&seed, 0, 1));
  for (int i = 0; i < KERNEL_LENGTH; i++) h_Kernel[i] /= ksum;
  float *in = (float *)malloc(n * 4), *mid = (float *)malloc(n * 4), *ref = (float *)malloc(n * 4);
  float *out = (float *)malloc(n * 4);
  for (size_t i = 0; i < n; i++) in[i] = (float)(app_rand(&seed) % 16);
  CUDA_CHECK(cudaMemcpyToSymbol(c_Kernel, h_Kernel, sizeof h_Kernel));
  float *d_In, *d_Buf, *d_Out;
  CUDA_CHECK(cudaMalloc(&d_In, n * 4));
  CUDA_CHECK(cudaMalloc(&d_Buf, n * 4));
  CUDA_CHECK(cudaMalloc(&d_Out, n * 4));
  CUDA_CHECK(cudaMemcpy(d_In, in, n * 4, cudaMemcpyHostToDevice));
  dim3 b1(imageW / (ROWS_RESULT_STEPS * ROWS_BLOCKDIM_X), imageH / ROWS_BLOCKDIM_Y), t1(ROWS_BLOCKDIM_X, ROWS_BLOCKDIM_Y);
  convolutionRowsKernel<<<b1, t1>>>(d_Buf, d_In, imageW, imageH, imageW);
  LAUNCH_CHECK();
  dim3 b2(imageW / COLUMNS_BLOCKDIM_X, imageH / (COLUMNS_RESULT_STEPS * COLUMNS_BLOCKDIM_Y)),
      t2(COLUMNS_BLOCKDIM_X, COLUMNS_BLOCKDIM_Y);
  convolutionColumnsKernel<<<b2, t2>>>(d_Out, d_Buf, imageW, imageH, imageW);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out, d_Out, n * 4, cudaMemcpyDeviceToHost));
  // Host reference: the sample's convolutionRowCPU / convolutionColumnCPU.
  for (int y = 0; y < imageH; y++)
    for (int x = 0; x < imageW; x++) {
      double s = 0;
      for (int k = -KERNEL_RADIUS; k <= KERNEL_RADIUS; k++) {
        int d = x + k;
        if (d >= 0 && d < imageW) s += in[y * imageW + d] * (double)h_Kernel[KERNEL_RADIUS - k];
      }
      mid[y * imageW + x] = (float)s;
    }
  for (int y = 0; y < imageH; y++)
    for (int x = 0; x < imageW; x++) {
      double s = 0;
      for (int k = -KERNEL_RADIUS; k <= KERNEL_RADIUS; k++) {
        int d = y + k;
        if (d >= 0 && d < imageH) s += mid[d * imageW + x] * (double)h_Kernel[KERNEL_RADIUS - k];
      }
      ref[y * imageW + x] = (float)s;
    }
  for (size_t i = 0; i < n; i++)
    EXPECT(app_close(out[i], ref[i], 1e-4, 1e-5), "pixel (%zu,%zu) = %f, want %f", i / imageW, i % imageW, out[i], ref[i]);
  cudaFree(d_In); cudaFree(d_Buf); cudaFree(d_Out);
  free(in); free(mid); free(ref); free(out);
  return app_finish("conv_separable");
}
