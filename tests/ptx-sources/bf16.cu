// bfloat16 (cuda_bf16.h): scalar and packed arithmetic, conversions to and from float,
// double and integers, comparisons; emulated below sm_80 and native from sm_80 on.
#include <cuda_bf16.h>

__global__ void bf16_ops(const __nv_bfloat16 *a, const __nv_bfloat16 *b, __nv_bfloat16 *out, float *fout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __nv_bfloat16 x = a[i], y = b[i];
  __nv_bfloat16 r = __hadd(x, y) * __hmul(x, y) - __hsub(x, y);
#if __CUDA_ARCH__ >= 800
  r = __hfma(r, x, y);
#else
  r = r * x + y;
#endif
  r = __hmax(r, __hmin(x, y));
  r = __habs(r) + __hneg(y) + r / (y + __float2bfloat16(2.0f));
  r = hsqrt(__habs(r)) + hexp(x) + hfloor(y);
  float f = __bfloat162float(r);
  f += __hlt(x, y) ? 1.0f : 0.0f;
  f += __hisnan(r) ? 2.0f : 0.0f;
  int iv = __bfloat162int_rn(x) + __bfloat162int_rz(y);
  r = __int2bfloat16_rn(iv) + __float2bfloat16_rz(f) + __double2bfloat16((double)f * 0.5);
  out[i] = __ushort_as_bfloat16(__bfloat16_as_ushort(r) | 1);
  fout[i] = f;
}

__global__ void bf162_ops(const __nv_bfloat162 *a, const __nv_bfloat162 *b, __nv_bfloat162 *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __nv_bfloat162 x = a[i], y = b[i];
#if __CUDA_ARCH__ >= 800
  __nv_bfloat162 r = __hfma2(x, y, __hadd2(x, y));
#else
  __nv_bfloat162 r = __hadd2(__hmul2(x, y), __hadd2(x, y));
#endif
  r = __hmul2(r, __hsub2(x, y));
  r = __hmax2(r, __hmin2(x, y));
  float2 f = __bfloat1622float2(r);
  out[i] = __floats2bfloat162_rn(f.x + 1.0f, f.y * 2.0f) + __lows2bfloat162(x, y);
}

__global__ void bf16_from_float(const float *in, __nv_bfloat16 *out, unsigned short *bits, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    out[i] = __float2bfloat16(in[i]);
    bits[i] = __bfloat16_as_ushort(__float2bfloat16_rd(in[i])) ^ __bfloat16_as_ushort(__float2bfloat16_ru(in[i]));
  }
}
