/* bench_parse: how fast the PTX front end reads PTX. Parses and verifies one PTX file N
 * times per round, five rounds, and prints the median throughput in MB/s (input bytes per
 * second, 1 MB = 10^6 bytes).
 * Usage: bench_parse FILE.ptx [N] [--parse-only] [--keep-memory]
 * --keep-memory stops glibc from returning freed arena chunks to the kernel, so the numbers
 * leave out the page faults of fresh memory (a third of the cost when measured; what a
 * long-running process that parses many modules would see with chunk reuse). */
#include "ptx.h"

#include <errno.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define ROUNDS 5

static double clock_seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* One parse (+ verify) of the whole text; false, with the diagnostics printed, on failure:
 * a benchmark of input the front end rejects would measure the error path. */
static bool parse_once(const char *src, size_t len, const char *path, bool verify) {
  DiagSink d;
  diag_init(&d, path, src, len);
  PtxModule *m = ptx_module_parse(src, len, path, &d);
  bool ok = m != NULL;
  if (ok && verify) ok = ptx_module_verify(m, &d);
  if (!ok) diag_print(&d, stderr);
  if (m) ptx_module_destroy(m);
  diag_fini(&d);
  return ok;
}

int main(int argc, char **argv) {
  const char *path = NULL;
  long iterations = 10;
  bool verify = true, keep_memory = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--parse-only")) verify = false;
    else if (!strcmp(argv[i], "--keep-memory")) keep_memory = true;
    else if (!path) path = argv[i];
    else iterations = strtol(argv[i], NULL, 10);
  }
  if (!path || iterations < 1) {
    fprintf(stderr, "usage: bench_parse FILE.ptx [N] [--parse-only] [--keep-memory]\n");
    return 2;
  }
  if (keep_memory) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#else
    fprintf(stderr, "bench_parse: --keep-memory needs glibc; ignored\n");
    keep_memory = false;
#endif
  }
  size_t len;
  char *src = file_read_all(path, &len);
  if (!src) {
    fprintf(stderr, "bench_parse: cannot read %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!parse_once(src, len, path, verify)) { /* also warms caches and the allocator */
    fprintf(stderr, "bench_parse: %s does not %s; nothing to measure\n", path, verify ? "verify" : "parse");
    return 1;
  }
  /* Wall-clock rate is the headline; the CPU-time rate says what the code costs when the
   * machine is shared (a busy machine lowers the first, not the second). */
  double rates[ROUNDS], cpu_rates[ROUNDS];
  for (int r = 0; r < ROUNDS; r++) {
    double t0 = clock_seconds(CLOCK_MONOTONIC), c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (long k = 0; k < iterations; k++) parse_once(src, len, path, verify);
    double dt = clock_seconds(CLOCK_MONOTONIC) - t0, dc = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    rates[r] = (double)len * (double)iterations / dt / 1e6;
    cpu_rates[r] = (double)len * (double)iterations / dc / 1e6;
  }
  qsort(rates, ROUNDS, sizeof rates[0], compare_double);
  qsort(cpu_rates, ROUNDS, sizeof cpu_rates[0], compare_double);
  printf("%s: %.2f MB x %ld, %s%s: median %.1f MB/s (min %.1f, max %.1f; per CPU second %.1f) over %d rounds\n",
         path, len / 1e6, iterations, verify ? "parse+verify" : "parse only", keep_memory ? " (memory kept)" : "",
         rates[ROUNDS / 2], rates[0],
         rates[ROUNDS - 1], cpu_rates[ROUNDS / 2], ROUNDS);
  free(src);
  return 0;
}
