// Floating-point intrinsics with explicit rounding: __fmaf_rn/rz/ru/rd, __fadd_rz,
// __fmul_ru, __fdiv_rn, __frcp_rd, __fsqrt_ru, conversions __float2int_rn/rz/ru/rd and
// friends, bit casts (__int_as_float, __double_as_longlong), __saturatef and ftz forms.
__global__ void rounding(const float *a, const float *b, float *out, int *iout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float x = a[i], y = b[i];
  float r = __fmaf_rn(x, y, 1.0f) + __fmaf_rz(x, y, 1.0f) + __fmaf_ru(x, y, 1.0f) + __fmaf_rd(x, y, 1.0f);
  r += __fadd_rn(x, y) + __fadd_rz(x, y) + __fadd_ru(x, y) + __fadd_rd(x, y);
  r += __fsub_rn(x, y) + __fmul_rz(x, y) + __fmul_ru(x, y) + __fmul_rd(x, y);
  r += __fdiv_rn(x, y) + __fdiv_rz(x, y) + __frcp_rn(y) + __frcp_rd(y) + __fsqrt_rn(y) + __fsqrt_ru(y);
  r += __saturatef(x) + __fmaf_ieee_rn(x, y, x);
  int k = __float2int_rn(x) + __float2int_rz(x) + __float2int_ru(x) + __float2int_rd(x);
  k += (int)__float2uint_rn(y) + (int)__float2uint_rz(y);
  k += (int)__float2ll_rn(x * 1e10f) + (int)__float2ull_rz(y * 1e10f);
  k += __float_as_int(r) ^ (int)__float_as_uint(x);
  r += __int_as_float(0x3f800000 + (k & 0xff)) + __uint_as_float(0x40000000u);
  r += __int2float_rn(k) + __int2float_rz(k) + __uint2float_ru((unsigned)k) + __ll2float_rd((long long)k << 20);
  out[i] = r;
  iout[i] = k;
}

__global__ void double_bits(const double *a, long long *out, double *dout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  double x = a[i];
  long long bits = __double_as_longlong(x);
  int hi = __double2hiint(x), lo = __double2loint(x);
  out[i] = bits ^ ((long long)hi << 32 | (unsigned)lo);
  dout[i] = __longlong_as_double(bits & 0x7FFFFFFFFFFFFFFFll) + __hiloint2double(hi, lo) + __double2int_rz(x) +
            __double2ll_rn(x) + (double)__double2float_ru(x) + __ll2double_rn(bits >> 12) + __ull2double_rz((unsigned long long)bits);
  float f = (float)x;
  dout[i + n] = __int2double_rn(__float2int_rn(f)) + fminf(f, 0.0f) + copysignf(1.0f, f);
}
