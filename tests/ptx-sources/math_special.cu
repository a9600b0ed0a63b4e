// Special functions and float classification: erf/lgamma/bessel families, remquo,
// fma-based polynomial evaluation, and integer results of float math.
__device__ float horner(float x) {
  const float c[] = {1.0f, -0.5f, 0.25f, -0.125f, 0.0625f, -0.03125f};
  float r = 0.0f;
#pragma unroll
  for (int k = 5; k >= 0; --k) r = fmaf(r, x, c[k]);
  return r;
}

__global__ void special(const float *x, float *out, int *quo, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float a = x[i];
  int q;
  float r = remquof(a, 0.7f, &q);
  quo[i] = q + lrintf(a) + (int)lroundf(a * 2.0f);
  out[i] = r + erfcxf(a) + erfcinvf(0.5f + 0.25f * a) + lgammaf(a) + horner(a) + cyl_bessel_i0f(a) +
           jnf(3, a) + ynf(2, 1.0f + fabsf(a)) + norm3df(a, a, a) + rnorm4df(a, 1.f, 2.f, 3.f);
}

__global__ void classify(const double *x, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  double a = x[i];
  out[i] = (isnan(a) << 0) | (isinf(a) << 1) | (isfinite(a) << 2) | (signbit(a) << 3) |
           ((a == 0.0) << 4) | ((fabs(a) < 2.2250738585072014e-308) << 5);
}
