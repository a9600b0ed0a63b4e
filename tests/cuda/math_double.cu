// Double-precision math functions against the host's long double, within the CUDA C
// Programming Guide's maximum ulp errors (double precision): sin 2, cos 2, exp 1, log 1,
// pow 2, sqrt 0, tanh 2, erf 2, fma 0.
#include "check.h"

#define NFUNC 9

__global__ void mathd(const double *x, const double *y, double *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  double a = x[i], b = y[i];
  double *o = out + (size_t)i * NFUNC;
  o[0] = sin(a);
  o[1] = cos(a);
  o[2] = exp(b);
  o[3] = log(fabs(a) * 1e3);
  o[4] = pow(fabs(a) * 0.1, b * 0.01);
  o[5] = sqrt(fabs(a * b));
  o[6] = tanh(b * 0.03);
  o[7] = erf(b * 0.02);
  o[8] = fma(a, b, 1.0 / 3.0);
}

static double ref(int f, double a, double b) {
  switch (f) {
  case 0: return (double)sinl((long double)a);
  case 1: return (double)cosl((long double)a);
  case 2: return (double)expl((long double)b);
  case 3: return (double)logl((long double)(fabs(a) * 1e3));
  case 4: return (double)powl((long double)(fabs(a) * 0.1), (long double)(b * 0.01));
  case 5: return sqrt(fabs(a * b));
  case 6: return (double)tanhl((long double)(b * 0.03));
  case 7: return (double)erfl((long double)(b * 0.02));
  default: return fma(a, b, 1.0 / 3.0);
  }
}

int main() {
  static const char *names[NFUNC] = {"sin", "cos", "exp", "log", "pow", "sqrt", "tanh", "erf", "fma"};
  static const int max_ulp[NFUNC] = {2, 2, 1, 1, 2, 0, 2, 2, 0};
  const int n = 100000;
  double *x = (double *)malloc(n * 8), *y = (double *)malloc(n * 8);
  double *r = (double *)malloc((size_t)n * NFUNC * 8);
  uint32_t seed = 77;
  for (int i = 0; i < n; i++) {
    x[i] = ((double)check_rand(&seed) / (1 << 24) - 0.5) * 200.0;
    y[i] = ((double)check_rand(&seed) / (1 << 24) - 0.5) * 1400.0; // exp stays finite
  }
  double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 1e-310, 1.0};
  for (int i = 0; i < 7; i++)
    for (int j = 0; j < 7; j++) x[i * 7 + j] = specials[i], y[i * 7 + j] = specials[j];
  double *dx, *dy, *dr;
  CUDA_CHECK(cudaMalloc(&dx, n * 8));
  CUDA_CHECK(cudaMalloc(&dy, n * 8));
  CUDA_CHECK(cudaMalloc(&dr, (size_t)n * NFUNC * 8));
  CUDA_CHECK(cudaMemcpy(dx, x, n * 8, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dy, y, n * 8, cudaMemcpyHostToDevice));
  mathd<<<(n + 127) / 128, 128>>>(dx, dy, dr, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dr, (size_t)n * NFUNC * 8, cudaMemcpyDeviceToHost));
  int64_t worst[NFUNC] = {0};
  for (int i = 0; i < n; i++)
    for (int f = 0; f < NFUNC; f++) {
      double got = r[(size_t)i * NFUNC + f], want = ref(f, x[i], y[i]);
      int64_t d = ulp_distance_d(got, want);
      if (d > worst[f]) worst[f] = d;
      EXPECT(d <= max_ulp[f], "%s(x=%a, y=%a) = %a, host %a: %lld ulp > %d", names[f], x[i], y[i],
             got, want, (long long)d, max_ulp[f]);
    }
  for (int f = 0; f < NFUNC; f++) printf("%-5s max %lld ulp (allowed %d)\n", names[f], (long long)worst[f], max_ulp[f]);
  return check_finish("math_double");
}
