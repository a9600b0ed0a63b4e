/* Shared helpers of the driver-API programs (tests/drvapps): checked calls that name the
 * failing call and its CUresult, and the paths the runner hands over (generated PTX,
 * fatbins and cubins live in DRVAPPS_OUT, sources in DRVAPPS_SRC). */
#ifndef DRVAPPS_H
#define DRVAPPS_H
#include <cuda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <stdint.h>

static int drv_failures;

/* A call that must succeed: on failure the program stops, since later steps depend on it. */
#define CU(call)                                                                        \
  do {                                                                                  \
    CUresult r_ = (call);                                                               \
    if (r_ != CUDA_SUCCESS) {                                                           \
      const char *n_ = "?";                                                             \
      cuGetErrorName(r_, &n_);                                                          \
      printf("%s:%d: %s -> %s (%d)\nFAILED\n", __FILE__, __LINE__, #call, n_, (int)r_); \
      exit(1);                                                                          \
    }                                                                                   \
  } while (0)

/* A call whose exact CUresult is the thing being tested. */
#define EXPECT_RES(call, want)                                                          \
  do {                                                                                  \
    CUresult r_ = (call);                                                               \
    if (r_ != (want)) {                                                                 \
      const char *n_ = "?", *w_ = "?";                                                  \
      cuGetErrorName(r_, &n_);                                                          \
      cuGetErrorName((want), &w_);                                                      \
      printf("%s:%d: %s -> %s (%d), expected %s\n", __FILE__, __LINE__, #call, n_,     \
             (int)r_, w_);                                                              \
      drv_failures++;                                                                   \
    }                                                                                   \
  } while (0)

#define EXPECT(cond)                                                                    \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      printf("%s:%d: expected %s\n", __FILE__, __LINE__, #cond);                        \
      drv_failures++;                                                                   \
    }                                                                                   \
  } while (0)

static inline int drv_finish(void) {
  if (drv_failures) {
    printf("%d check(s) failed\nFAILED\n", drv_failures);
    return 1;
  }
  printf("PASSED\n");
  return 0;
}

/* DRVAPPS_OUT/<name>: where the runner put the files generated at test time. */
static inline const char *drv_path(const char *name) {
  static char buf[4][4096];
  static int next;
  const char *dir = getenv("DRVAPPS_OUT");
  char *b = buf[next++ & 3];
  snprintf(b, sizeof buf[0], "%s/%s", dir ? dir : ".", name);
  return b;
}

static inline void *drv_read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    printf("cannot open %s\nFAILED\n", path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = (char *)malloc((size_t)n + 1);
  if (fread(p, 1, (size_t)n, f) != (size_t)n) {
    printf("cannot read %s\nFAILED\n", path);
    exit(1);
  }
  p[n] = 0;
  fclose(f);
  if (size) *size = (size_t)n;
  return p;
}

static inline CUcontext drv_setup(CUdevice *dev_out) {
  CUdevice dev;
  CUcontext ctx;
  CU(cuInit(0));
  CU(cuDeviceGet(&dev, 0));
  CU(cuCtxCreate(&ctx, NULL, 0, dev));
  if (dev_out) *dev_out = dev;
  return ctx;
}
#endif
