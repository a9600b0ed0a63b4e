// wmma kernels for test_wmma.c: one warp multiplies A (M x K) by B (K x N) and adds C,
// with the layouts, shapes and element types named in each kernel; leading dimensions
// are padded (lda = K + 3 etc.) so the stride operand matters; D is stored with
// d = 2*acc + 1 element-wise on the fragment to check that fragments of one kind agree.
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <mma.h>
using namespace nvcuda;

template <int M, int N, int K, typename TA, typename TC, typename LA, typename LB, bool DCOL>
__device__ void gemm(const TA *a, int lda, const TA *b, int ldb, const TC *c, int ldc, TC *d) {
  __shared__ TA sb[64 * 64];
  // B goes through shared memory to cover the .shared forms.
  for (int i = threadIdx.x; i < 1024; i += 32) sb[i] = b[i];
  __syncwarp();
  wmma::fragment<wmma::matrix_a, M, N, K, TA, LA> fa;
  wmma::fragment<wmma::matrix_b, M, N, K, TA, LB> fb;
  wmma::fragment<wmma::accumulator, M, N, K, TC> fc;
  wmma::load_matrix_sync(fa, a, lda);
  wmma::load_matrix_sync(fb, sb, ldb);
  wmma::load_matrix_sync(fc, c, ldc, wmma::mem_row_major);
  wmma::mma_sync(fc, fa, fb, fc);
  for (int i = 0; i < fc.num_elements; i++) fc.x[i] = fc.x[i] * (TC)2 + (TC)1;
  wmma::store_matrix_sync(d, fc, ldc, DCOL ? wmma::mem_col_major : wmma::mem_row_major);
}

extern "C" __global__ void f16_16x16x16(const half *a, const half *b, const float *c, float *d) {
  gemm<16, 16, 16, half, float, wmma::row_major, wmma::col_major, false>(a, 19, b, 21, c, 18, d);
}
extern "C" __global__ void f16_32x8x16_colrow_h(const half *a, const half *b, const half *c, half *d) {
  gemm<32, 8, 16, half, half, wmma::col_major, wmma::row_major, true>(a, 35, b, 9, c, 33, d);
}
extern "C" __global__ void s8_8x32x16(const signed char *a, const signed char *b, const int *c, int *d) {
  gemm<8, 32, 16, signed char, int, wmma::row_major, wmma::col_major, false>(a, 20, b, 16, c, 32, d);
}
extern "C" __global__ void u8_16x16x16(const unsigned char *a, const unsigned char *b, const int *c, int *d) {
  gemm<16, 16, 16, unsigned char, int, wmma::row_major, wmma::row_major, true>(a, 16, b, 24, c, 17, d);
}
