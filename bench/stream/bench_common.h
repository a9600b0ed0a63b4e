/* Shared by every twin of a benchmark: problem size from argv, a monotonic clock and the
 * "median of 5 after a warm-up" protocol, printed as one line the runner parses. */
#ifndef PTXVM_BENCH_COMMON_H
#define PTXVM_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_REPS 5

static double bench_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Prints "RESULT name median_ms=<m> gbps=<g>" for the runner. */
static void bench_report(const char *name, double *ms, int n, double bytes) {
  qsort(ms, (size_t)n, sizeof(double), bench_cmp_double);
  double med = ms[n / 2];
  printf("RESULT %s median_ms=%.4f gbps=%.3f\n", name, med, bytes / (med * 1e6));
}

#endif
