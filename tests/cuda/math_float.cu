// Single-precision math functions against the host, within the maximum ulp errors of the CUDA
// C Programming Guide ("Mathematical Functions" appendix, single precision): sinf 2, cosf 2,
// expf 2, logf 1, powf 4, sqrtf 0 (IEEE, -prec-sqrt=true), tanhf 2, erff 2, fabsf/fminf/
// fmaxf/floorf 0. The host reference is computed in double and rounded once.
#include "check.h"

#define NFUNC 11

__global__ void mathf(const float *x, const float *y, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float a = x[i], b = y[i];
  float *o = out + (size_t)i * NFUNC;
  o[0] = sinf(a);
  o[1] = cosf(a);
  o[2] = expf(b);
  o[3] = logf(fabsf(a) * 1e3f);
  o[4] = powf(fabsf(a) * 0.1f, b * 0.1f);
  o[5] = sqrtf(fabsf(a * b));
  o[6] = tanhf(b * 0.3f);
  o[7] = erff(b * 0.2f);
  o[8] = fminf(a, b);
  o[9] = fmaxf(a, b);
  o[10] = floorf(a * b);
}

static float ref(int f, float a, float b) {
  switch (f) {
  case 0: return (float)sin((double)a);
  case 1: return (float)cos((double)a);
  case 2: return (float)exp((double)b);
  case 3: return (float)log((double)(fabsf(a) * 1e3f));
  case 4: return (float)pow((double)(fabsf(a) * 0.1f), (double)(b * 0.1f));
  case 5: return (float)sqrt((double)fabsf(a * b));
  case 6: return (float)tanh((double)(b * 0.3f));
  case 7: return (float)erf((double)(b * 0.2f));
  case 8: return fminf(a, b);
  case 9: return fmaxf(a, b);
  default: return floorf(a * b);
  }
}

int main() {
  static const char *names[NFUNC] = {"sinf", "cosf", "expf", "logf", "powf", "sqrtf",
                                     "tanhf", "erff", "fminf", "fmaxf", "floorf"};
  static const int max_ulp[NFUNC] = {2, 2, 2, 1, 4, 0, 2, 2, 0, 0, 0};
  const int n = 200000;
  float *x = (float *)malloc(n * 4), *y = (float *)malloc(n * 4);
  float *r = (float *)malloc((size_t)n * NFUNC * 4);
  uint32_t seed = 1234;
  for (int i = 0; i < n; i++) {
    x[i] = ((float)check_rand(&seed) / (1 << 24) - 0.5f) * 200.0f; // [-100, 100)
    y[i] = ((float)check_rand(&seed) / (1 << 24) - 0.5f) * 170.0f; // expf stays finite
  }
  // Special values: zeros, infinities, NaN, denormals, the largest float.
  float specials[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1e-40f, -1e-40f, 3.4e38f, 1.0f, -1.0f};
  for (int i = 0; i < 10; i++)
    for (int j = 0; j < 10; j++) x[i * 10 + j] = specials[i], y[i * 10 + j] = specials[j];
  float *dx, *dy, *dr;
  CUDA_CHECK(cudaMalloc(&dx, n * 4));
  CUDA_CHECK(cudaMalloc(&dy, n * 4));
  CUDA_CHECK(cudaMalloc(&dr, (size_t)n * NFUNC * 4));
  CUDA_CHECK(cudaMemcpy(dx, x, n * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dy, y, n * 4, cudaMemcpyHostToDevice));
  mathf<<<(n + 255) / 256, 256>>>(dx, dy, dr, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dr, (size_t)n * NFUNC * 4, cudaMemcpyDeviceToHost));
  int64_t worst[NFUNC] = {0};
  for (int i = 0; i < n; i++)
    for (int f = 0; f < NFUNC; f++) {
      float got = r[(size_t)i * NFUNC + f], want = ref(f, x[i], y[i]);
      int64_t d = ulp_distance_f(got, want);
      if (d > worst[f]) worst[f] = d;
      EXPECT(d <= max_ulp[f], "%s(x=%a, y=%a) = %a, host %a: %lld ulp > %d", names[f], x[i], y[i],
             got, want, (long long)d, max_ulp[f]);
    }
  for (int f = 0; f < NFUNC; f++) printf("%-7s max %lld ulp (allowed %d)\n", names[f], (long long)worst[f], max_ulp[f]);
  return check_finish("math_float");
}
