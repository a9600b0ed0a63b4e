// Double-precision math: the libdevice f64 functions, division and square root with
// IEEE rounding, and conversions between f32 and f64.
__global__ void math_f64(const double *x, const double *y, double *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  double a = x[i], b = y[i], r = 0.0;
  r += sin(a) + cos(a) + tan(a) + asin(a * 0.5) + acos(a * 0.5) + atan(a) + atan2(a, b);
  r += sinh(a) + cosh(a) + tanh(a) + asinh(a) + acosh(1.0 + fabs(a)) + atanh(a * 0.25);
  r += exp(a) + exp2(a) + exp10(a) + expm1(a) + log(b) + log2(b) + log10(b) + log1p(b);
  r += pow(a, b) + sqrt(b) + cbrt(b) + rsqrt(b) + hypot(a, b) + rhypot(a, b);
  r += erf(a) + erfc(a) + erfcx(a) + lgamma(b) + tgamma(b) + erfinv(a * 0.1) + erfcinv(0.5 + a * 0.1);
  r += fmod(a, b) + remainder(a, b) + fmin(a, b) + fmax(a, b) + fdim(a, b);
  r += floor(a) + ceil(a) + trunc(a) + round(a) + rint(a) + nearbyint(a);
  r += copysign(a, b) + fma(a, b, 1.0) + ldexp(a, 5) + scalbn(a, -1) + logb(b);
  double s, c;
  sincos(a, &s, &c);
  r += s * c + sinpi(a) + cospi(a);
  int e;
  r += frexp(b, &e) + e + ilogb(b);
  double ip;
  r += modf(a, &ip) + ip + nextafter(a, b) + normcdf(a) + normcdfinv(0.25) + j1(a) + y0(b) + jn(2, a);
  r += cyl_bessel_i0(a) + cyl_bessel_i1(a);
  long long ll = llrint(a) + llround(b);
  r += (double)ll;
  r += __dadd_rn(a, b) + __dmul_rz(a, b) + __ddiv_ru(a, b) + __dsqrt_rd(b) + __drcp_rn(b) + __fma_rz(a, b, a);
  out[i] = r / b;
}

__global__ void f32_f64_mix(const float *x, double *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    double d = x[i];
    float f = (float)(d * 3.0);
    out[i] = d / 7.0 + (double)__double2float_rn(d) + (double)__double2float_rz(d * 1.1) + f;
  }
}
