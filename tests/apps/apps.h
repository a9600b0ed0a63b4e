// Shared by the application-style programs of tests/apps: each checks every result against
// a host computation, prints "<name>: PASSED" and exits 0, or prints what went wrong,
// "FAILED", and exits 1. Kept tiny on purpose: the programs should read like the CUDA
// samples, HeCBench and Rodinia codes they imitate.
#ifndef PTXVM_TEST_APPS_H
#define PTXVM_TEST_APPS_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cuda_runtime.h>

static int app_failures;

#define CUDA_CHECK(call)                                                                  \
  do {                                                                                    \
    cudaError_t err_ = (call);                                                            \
    if (err_ != cudaSuccess) {                                                            \
      printf("%s:%d: %s: %s (%s)\nFAILED\n", __FILE__, __LINE__, #call,                   \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                           \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

// Checks a launch and waits for it, so a fault is attributed to the kernel that caused it.
#define LAUNCH_CHECK()                                                                    \
  do {                                                                                    \
    CUDA_CHECK(cudaGetLastError());                                                       \
    CUDA_CHECK(cudaDeviceSynchronize());                                                  \
  } while (0)

// A condition that must hold; only the first few failures are printed.
#define EXPECT(cond, ...)                                                                 \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      if (app_failures++ < 10) {                                                          \
        printf("%s:%d: expected %s: ", __FILE__, __LINE__, #cond);                        \
        printf(__VA_ARGS__);                                                              \
        printf("\n");                                                                     \
      }                                                                                   \
    }                                                                                     \
  } while (0)

// |got - want| within an absolute plus relative tolerance.
static inline bool app_close(double got, double want, double atol, double rtol) {
  return std::fabs(got - want) <= atol + rtol * std::fabs(want);
}

// Deterministic host data: the same inputs on every run and every machine.
static inline uint32_t app_rand(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}
static inline float app_randf(uint32_t *state, float lo, float hi) {
  return lo + (hi - lo) * (float)(app_rand(state) >> 8) * (1.0f / 16777216.0f);
}

static inline int app_finish(const char *name) {
  if (app_failures) {
    printf("%s: %d check(s) failed\nFAILED\n", name, app_failures);
    return 1;
  }
  printf("%s: PASSED\n", name);
  return 0;
}

#endif
