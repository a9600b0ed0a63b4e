/* The native limit for triad.cu: the same loop in plain C with OpenMP. */
#include <math.h>
#include "bench_common.h"

static void triad(float *restrict a, const float *restrict b, const float *restrict c, float s,
                  int n) {
#pragma omp parallel for simd schedule(static)
  for (int i = 0; i < n; i++) a[i] = b[i] + s * c[i];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : (1 << 24);
  size_t bytes = (size_t)n * sizeof(float);
  float *a = aligned_alloc(256, bytes), *b = aligned_alloc(256, bytes), *c = aligned_alloc(256, bytes);
#pragma omp parallel for
  for (int i = 0; i < n; i++) { /* first touch by the threads that will use the pages */
    a[i] = 0;
    b[i] = c[i] = (float)(i % 1000);
  }
  double ms[BENCH_REPS];
  for (int r = -1; r < BENCH_REPS; r++) {
    double t0 = bench_now_ms();
    triad(a, b, c, 3.0f, n);
    if (r >= 0) ms[r] = bench_now_ms() - t0;
  }
  for (int i = 0; i < n; i++) {
    float want = (float)(i % 1000) * 4.0f;
    if (fabsf(a[i] - want) > 1e-3f * want) {
      printf("triad_omp: wrong result at %d\n", i);
      return 1;
    }
  }
  bench_report("triad", ms, BENCH_REPS, 3.0 * bytes);
  return 0;
}
