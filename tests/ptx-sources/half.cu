// Half precision (cuda_fp16.h): half and half2 arithmetic, fma, comparisons, conversions
// with every rounding mode, half math functions and packed loads/stores.
// ROUNDTRIP: EXTRACT
// ROUNDTRIP: VARIANT -G
#include <cuda_fp16.h>

__global__ void half_ops(const __half *a, const __half *b, __half *out, float *fout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __half x = a[i], y = b[i];
  __half r = __hadd(x, y) + __hmul(x, y) - __hsub(x, y);
  r = __hfma(r, x, y);
  r = r / (y + __float2half(1.0f));
  r = __hmax(r, __hmin(x, y));
  r = __habs(r) + __hneg(x);
  r = hsqrt(__habs(r)) + hexp(x) + hlog(__habs(y) + __float2half(1.f)) + hsin(x) + hcos(y) + hrcp(y) + hrsqrt(__habs(y));
  r = hfloor(r) + hceil(x) + htrunc(y) + hrint(x);
  bool lt = __hlt(x, y), eq = __heq(x, y), nan = __hisnan(r);
  float f = __half2float(r) + (lt ? 1.f : 0.f) + (eq ? 2.f : 0.f) + (nan ? 4.f : 0.f);
  f += __half2float(__float2half_rz(f)) + __half2float(__float2half_rd(f)) + __half2float(__float2half_ru(f));
  int iv = __half2int_rn(x) + __half2int_rz(y) + (int)__half2uint_rd(__habs(x)) + (int)__half2short_ru(y);
  r = __int2half_rn(iv) + __uint2half_rn((unsigned)iv) + __short2half_rz((short)iv) + __ll2half_rn((long long)iv);
  unsigned short bits = __half_as_ushort(r);
  out[i] = __ushort_as_half(bits ^ 0x8000);
  fout[i] = f + __half2float(__hadd_sat(x, y)) + __half2float(__hfma_sat(x, y, r));
}

__global__ void half2_ops(const __half2 *a, const __half2 *b, __half2 *out, float2 *fout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __half2 x = a[i], y = b[i];
  __half2 r = __hadd2(x, y) * __hmul2(x, y) - y;
  r = __hfma2(r, x, y);
  r = __h2div(r, __hadd2(y, __float2half2_rn(1.0f)));
  r = __hmax2(r, x);
  r = __lowhigh2highlow(r);
  r = __halves2half2(__low2half(r), __high2half(x));
  r = h2sqrt(__habs2(r)) + h2exp(x);
  __half2 cmp = __hlt2(x, y);
  bool all = __hble2(x, y);
  float2 f = __half22float2(r);
  f.x += __low2float(cmp) + (all ? 1.f : 0.f);
  f.y += __high2float(__hfma2_relu(x, y, r));
  out[i] = __floats2half2_rn(f.x, f.y) + __float22half2_rn(make_float2(f.y, f.x));
  fout[i] = f;
}

__global__ void half_convert(const float *in, __half *h, double *d, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    h[i] = __float2half_rn(in[i]);
    d[i] = (double)__half2float(__double2half(in[i] * 1.5));
  }
}
