// Tensor cores through mma.h: 16x16x16 f16 x f16 -> f32 (and f16 accumulate), 8-bit
// integer wmma, and bf16/tf32 wmma under sm_80.
// ROUNDTRIP: EXTRACT
#include <mma.h>
#include <cuda_fp16.h>
using namespace nvcuda;

__global__ void wmma_f16_f32(const half *a, const half *b, const float *c, float *d, int M, int N, int K) {
  int warp_m = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
  int warp_n = blockIdx.y;
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
  wmma::load_matrix_sync(acc, c + warp_m * 16 * N + warp_n * 16, N, wmma::mem_row_major);
  for (int k = 0; k < K; k += 16) {
    wmma::load_matrix_sync(fa, a + warp_m * 16 * K + k, K);
    wmma::load_matrix_sync(fb, b + warp_n * 16 * K + k, K);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  for (int t = 0; t < acc.num_elements; t++) acc.x[t] *= 0.5f;
  wmma::store_matrix_sync(d + warp_m * 16 * N + warp_n * 16, acc, N, wmma::mem_row_major);
}

__global__ void wmma_f16_f16(const half *a, const half *b, half *d) {
  wmma::fragment<wmma::matrix_a, 32, 8, 16, half, wmma::col_major> fa;
  wmma::fragment<wmma::matrix_b, 32, 8, 16, half, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 32, 8, 16, half> acc;
  wmma::fill_fragment(acc, __float2half(0.0f));
  wmma::load_matrix_sync(fa, a, 32);
  wmma::load_matrix_sync(fb, b, 8);
  wmma::mma_sync(acc, fa, fb, acc);
  wmma::store_matrix_sync(d, acc, 8, wmma::mem_col_major);
}

__global__ void wmma_s8(const signed char *a, const signed char *b, int *d) {
  wmma::fragment<wmma::matrix_a, 16, 16, 16, signed char, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, signed char, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, int> acc;
  wmma::fill_fragment(acc, 0);
  wmma::load_matrix_sync(fa, a, 16);
  wmma::load_matrix_sync(fb, b, 16);
  wmma::mma_sync(acc, fa, fb, acc);
  wmma::store_matrix_sync(d, acc, 16, wmma::mem_row_major);
}

#if __CUDA_ARCH__ >= 800 || !defined(__CUDA_ARCH__)
__global__ void wmma_tf32_bf16(const float *a, const float *b, float *d, const __nv_bfloat16 *ha, const __nv_bfloat16 *hb) {
#if __CUDA_ARCH__ >= 800
  wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  wmma::load_matrix_sync(fa, a, 8);
  wmma::load_matrix_sync(fb, b, 16);
  for (int t = 0; t < fa.num_elements; t++) fa.x[t] = wmma::__float_to_tf32(fa.x[t]);
  wmma::mma_sync(acc, fa, fb, acc);
  wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> ba;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::row_major> bb;
  wmma::load_matrix_sync(ba, ha, 16);
  wmma::load_matrix_sync(bb, hb, 16);
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> bacc;
  wmma::load_matrix_sync(bacc, d + 256, 16, wmma::mem_row_major);
  wmma::mma_sync(bacc, ba, bb, bacc);
  wmma::store_matrix_sync(d, acc, 16, wmma::mem_row_major);
  wmma::store_matrix_sync(d + 256, bacc, 16, wmma::mem_col_major);
#endif
}
#endif
