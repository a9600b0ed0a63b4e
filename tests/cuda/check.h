// Shared by the self-checking CUDA programs of tests/cuda: each prints "<name>: PASSED" and
// exits 0, or prints what went wrong, "FAILED", and exits 1.
#ifndef PTXVM_TEST_CUDA_CHECK_H
#define PTXVM_TEST_CUDA_CHECK_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cuda_runtime.h>

static int check_failures;

// A CUDA call that must succeed: on error the program stops with FAILED.
#define CUDA_CHECK(call)                                                                  \
  do {                                                                                    \
    cudaError_t err_ = (call);                                                            \
    if (err_ != cudaSuccess) {                                                            \
      printf("%s:%d: %s: %s (%s)\nFAILED\n", __FILE__, __LINE__, #call,                   \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                           \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

// A condition that must hold; the first failures are printed with a message.
#define EXPECT(cond, ...)                                                                 \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      if (check_failures++ < 20) {                                                        \
        printf("%s:%d: expected %s: ", __FILE__, __LINE__, #cond);                        \
        printf(__VA_ARGS__);                                                              \
        printf("\n");                                                                     \
      }                                                                                   \
    }                                                                                     \
  } while (0)

// Launch, then check both the launch and the kernel's execution.
#define LAUNCH_CHECK()                                                                    \
  do {                                                                                    \
    CUDA_CHECK(cudaGetLastError());                                                       \
    CUDA_CHECK(cudaDeviceSynchronize());                                                  \
  } while (0)

static inline int check_finish(const char *name) {
  if (check_failures) {
    printf("%s: %d check(s) failed\nFAILED\n", name, check_failures);
    return 1;
  }
  printf("%s: PASSED\n", name);
  return 0;
}

// Distance in units in the last place between two floats (0 when equal, huge for NaN
// against a number), for checking math functions against the bounds in the CUDA C
// Programming Guide's "Mathematical Functions" appendix.
static inline int64_t ulp_distance_f(float a, float b) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return INT64_MAX;
  if (a == b) return 0;
  int32_t ia, ib;
  memcpy(&ia, &a, 4);
  memcpy(&ib, &b, 4);
  int64_t la = ia < 0 ? (int64_t)INT32_MIN - ia : ia; // map to a monotonic integer line
  int64_t lb = ib < 0 ? (int64_t)INT32_MIN - ib : ib;
  return la > lb ? la - lb : lb - la;
}

static inline int64_t ulp_distance_d(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return INT64_MAX;
  if (a == b) return 0;
  int64_t ia, ib;
  memcpy(&ia, &a, 8);
  memcpy(&ib, &b, 8);
  // Doubles of opposite sign: count through zero without overflow.
  if ((ia < 0) != (ib < 0)) {
    uint64_t da = (uint64_t)(ia & INT64_MAX), db = (uint64_t)(ib & INT64_MAX);
    uint64_t s = da + db;
    return s > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)s;
  }
  uint64_t d = ia > ib ? (uint64_t)ia - (uint64_t)ib : (uint64_t)ib - (uint64_t)ia;
  return (int64_t)d;
}

// A deterministic pseudo-random sequence, the same on every run.
static inline uint32_t check_rand(uint32_t *state) {
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

#endif
