// Single-precision math library: libdevice calls (sinf, expf, powf...) and the fast
// intrinsics (__sinf, __expf, __fdividef, rsqrtf) that map to approximate PTX.
// ROUNDTRIP: EXTRACT
__global__ void math_f32(const float *x, const float *y, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float a = x[i], b = y[i];
  float r = 0.0f;
  r += sinf(a) + cosf(a) + tanf(a);
  r += asinf(a * 0.5f) + acosf(a * 0.5f) + atanf(a) + atan2f(a, b);
  r += sinhf(a) + coshf(a) + tanhf(a) + asinhf(a) + acoshf(1.0f + fabsf(a)) + atanhf(a * 0.25f);
  r += expf(a) + exp2f(a) + exp10f(a) + expm1f(a);
  r += logf(b) + log2f(b) + log10f(b) + log1pf(b);
  r += powf(a, b) + sqrtf(b) + cbrtf(b) + rsqrtf(b) + rcbrtf(b) + hypotf(a, b);
  r += erff(a) + erfcf(a) + lgammaf(b) + tgammaf(b) + erfinvf(a * 0.1f);
  r += fmodf(a, b) + remainderf(a, b) + fminf(a, b) + fmaxf(a, b) + fdimf(a, b);
  r += floorf(a) + ceilf(a) + truncf(a) + roundf(a) + rintf(a) + nearbyintf(a);
  r += copysignf(a, b) + fmaf(a, b, 1.0f) + ldexpf(a, 3) + scalbnf(a, -2) + logbf(b);
  float s, c;
  sincosf(a, &s, &c);
  r += s * c;
  sincospif(a, &s, &c);
  r += s - c + sinpif(a) + cospif(a);
  int e;
  r += frexpf(b, &e) + (float)e + (float)ilogbf(b);
  float ip;
  r += modff(a, &ip) + ip;
  r += nextafterf(a, b) + normcdff(a) + normcdfinvf(0.3f) + j0f(a) + y1f(b);
  r += __sinf(a) + __cosf(a) + __tanf(a) + __expf(a) + __exp10f(a) + __logf(b) + __log2f(b) + __log10f(b);
  r += __powf(a, b) + __fdividef(a, b) + __frsqrt_rn(b) + __saturatef(a);
  r += (isnan(a) ? 1.0f : 0.0f) + (isinf(b) ? 2.0f : 0.0f) + (isfinite(a) ? 4.0f : 0.0f) + (signbit(a) ? 8.f : 0.f);
  out[i] = r / b;
}

__global__ void math_fast_div(const float *x, float *out, float d, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = x[i] / d + __fdividef(x[i], d + 1.0f) + 1.0f / x[i];
}
