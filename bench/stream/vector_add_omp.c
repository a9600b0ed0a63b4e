/* The native limit for vector_add.cu: the same loop in plain C with OpenMP. */
#include "bench_common.h"

static void vector_add(const float *restrict a, const float *restrict b, float *restrict c, int n) {
#pragma omp parallel for simd schedule(static)
  for (int i = 0; i < n; i++) c[i] = a[i] + b[i];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : (1 << 24);
  size_t bytes = (size_t)n * sizeof(float);
  float *a = aligned_alloc(256, bytes), *b = aligned_alloc(256, bytes), *c = aligned_alloc(256, bytes);
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    a[i] = b[i] = (float)(i % 1000);
    c[i] = 0;
  }
  double ms[BENCH_REPS];
  for (int r = -1; r < BENCH_REPS; r++) {
    double t0 = bench_now_ms();
    vector_add(a, b, c, n);
    if (r >= 0) ms[r] = bench_now_ms() - t0;
  }
  for (int i = 0; i < n; i++) {
    if (c[i] != 2.0f * (float)(i % 1000)) {
      printf("vector_add_omp: wrong result at %d\n", i);
      return 1;
    }
  }
  bench_report("vector_add", ms, BENCH_REPS, 3.0 * bytes);
  return 0;
}
