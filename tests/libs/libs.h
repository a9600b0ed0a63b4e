// Shared by tests/libs: CUDA programs built on Thrust, CUB, cooperative groups and libcu++.
// Each program runs several named cases; every case checks its results against a host
// computation. The program prints "<case>: ok" or what went wrong per case, then PASSED
// (exit 0) or FAILED (exit 1).
#ifndef PTXVM_TEST_LIBS_H
#define PTXVM_TEST_LIBS_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cuda_runtime.h>

static int libs_failures;      // failed checks in the whole program
static int libs_case_failures; // failed checks in the running case

#define CUDA_CHECK(call)                                                                  \
  do {                                                                                    \
    cudaError_t err_ = (call);                                                            \
    if (err_ != cudaSuccess) {                                                            \
      printf("%s:%d: %s: %s (%s)\nFAILED\n", __FILE__, __LINE__, #call,                   \
             cudaGetErrorName(err_), cudaGetErrorString(err_));                           \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

#define LAUNCH_CHECK()                                                                    \
  do {                                                                                    \
    CUDA_CHECK(cudaGetLastError());                                                       \
    CUDA_CHECK(cudaDeviceSynchronize());                                                  \
  } while (0)

// A condition that must hold; only the first few failures of a case are printed.
#define EXPECT(cond, ...)                                                                 \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      libs_failures++;                                                                    \
      if (libs_case_failures++ < 5) {                                                     \
        printf("%s:%d: expected %s: ", __FILE__, __LINE__, #cond);                        \
        printf(__VA_ARGS__);                                                              \
        printf("\n");                                                                     \
      }                                                                                   \
    }                                                                                     \
  } while (0)

// Runs one case: a function with no arguments that checks with EXPECT.
#define RUN_CASE(fn)                                                                      \
  do {                                                                                    \
    libs_case_failures = 0;                                                               \
    fn();                                                                                 \
    printf("%s: %s\n", #fn, libs_case_failures ? "FAILED" : "ok");                        \
  } while (0)

static inline int libs_finish(const char *name) {
  printf("%s: %s\n", name, libs_failures ? "FAILED" : "PASSED");
  return libs_failures ? 1 : 0;
}

static inline bool libs_close(double got, double want, double atol, double rtol) {
  return std::fabs(got - want) <= atol + rtol * std::fabs(want);
}

// Deterministic host data: the same inputs on every run and every machine.
static inline uint32_t libs_rand(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

#endif
