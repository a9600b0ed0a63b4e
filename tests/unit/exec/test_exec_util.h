/* Helpers for exec's tests: hand-written group functions in C that obey the kernel ABI
 * (base/kernel_abi.h) stand in for generated code, so exec is tested without LLVM. */
#ifndef PTXVM_TEST_EXEC_UTIL_H
#define PTXVM_TEST_EXEC_UTIL_H

#include "exec.h"
#include "test.h"

/* Sanitizers must not catch the faults these tests make on purpose. */
#define TEST_NO_SANITIZE __attribute__((no_sanitize_address, no_sanitize_undefined, noinline))

static inline KDim3 kdim3(uint32_t x, uint32_t y, uint32_t z) {
  KDim3 d = {x, y, z};
  return d;
}

KKernel test_kernel(const char *name, KGroupFn run, uint32_t g, KDim3 block);
/* Launches `k` over `grid` with the kernel's block and `params`. */
ExecStatus test_launch(const KKernel *k, KDim3 grid, const void *params, uint32_t dyn_shared,
                       ExecFault *fault);
/* The linear thread id of `lane` of the group, or -1 when the lane is past the block. */
int test_lane_tid(const KGroupCtx *ctx, uint32_t g, uint32_t lane);
uint64_t test_cta_linear(const KGroupCtx *ctx);
/* Restarts the pool with PTXVM_THREADS=n (0: unset). */
void test_restart_pool(unsigned n);
/* Runs fn with stdout captured into a heap string (caller frees). */
char *test_capture_stdout(void (*fn)(void *), void *arg);

#endif
