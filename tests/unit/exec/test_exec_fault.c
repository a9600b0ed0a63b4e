/* Faults in kernel code: signals and traps become launch errors naming the block and the
 * thread, the host keeps running, later launches work, and the host's own handlers still
 * get the signals that are not ours. */
#include "test_exec_util.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static KGroupStatus k_fill(KGroupCtx *ctx) {
  uint32_t *out = *(uint32_t *const *)ctx->params;
  out[ctx->ctaid.x * ctx->ntid.x + ctx->group_index] = 1;
  return KGROUP_DONE;
}

/* CTA 5's second group (threads 4..7) stores through NULL. */
TEST_NO_SANITIZE static KGroupStatus k_null(KGroupCtx *ctx) {
  if (ctx->ctaid.x == 5 && ctx->group_index == 1) {
    volatile int *volatile p = NULL;
    *p = 42;
  }
  return KGROUP_DONE;
}

TEST(exec_fault_null_store) {
  ExecFault f;
  KKernel k = test_kernel("null_store", k_null, 4, kdim3(8, 2, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(16, 1, 1), NULL, 0, &f), EXEC_ERR_ILLEGAL_ADDRESS);
  CHECK_EQ_INT(f.status, EXEC_ERR_ILLEGAL_ADDRESS);
  CHECK_EQ_STR(f.kernel, "null_store");
  CHECK_EQ_INT(f.block.x, 5);
  CHECK_EQ_INT(f.block.y, 0);
  CHECK_EQ_INT(f.thread.x, 4);
  CHECK_EQ_INT(f.thread.y, 0);
  CHECK(strstr(f.message, "illegal memory access") != NULL);
  CHECK(strstr(f.message, "SIGSEGV") != NULL);
  /* Again, then a good launch. */
  CHECK_EQ_INT(test_launch(&k, kdim3(16, 1, 1), NULL, 0, &f), EXEC_ERR_ILLEGAL_ADDRESS);
  uint32_t out[64] = {0};
  void *p = out;
  KKernel good = test_kernel("fill", k_fill, 1, kdim3(4, 1, 1));
  CHECK_EQ_INT(test_launch(&good, kdim3(16, 1, 1), &p, 0, &f), EXEC_OK);
  int ones = 0;
  for (int i = 0; i < 64; i++) ones += out[i];
  CHECK_EQ_INT(ones, 64);
}

/* A fault in a kernel with barriers, after the groups were suspended once. */
TEST_NO_SANITIZE static KGroupStatus k_null_after_barrier(KGroupCtx *ctx) {
  if (!ctx->frame) {
    ctx->frame = ctx;
    ctx->barrier_id = 0;
    ctx->barrier_lanes = 32;
    return KGROUP_BARRIER;
  }
  if (ctx->ctaid.y == 1 && ctx->group_index == 2) {
    volatile int *volatile p = (int *)16;
    return (KGroupStatus)(*p & 0);
  }
  return KGROUP_DONE;
}

TEST(exec_fault_after_barrier) {
  ExecFault f;
  KKernel k = test_kernel("fault_after_barrier", k_null_after_barrier, 32, kdim3(32, 4, 1));
  k.has_barriers = 1;
  CHECK_EQ_INT(test_launch(&k, kdim3(3, 2, 1), NULL, 0, &f), EXEC_ERR_ILLEGAL_ADDRESS);
  CHECK_EQ_INT(f.block.x, 0);
  CHECK_EQ_INT(f.block.y, 1);
  CHECK_EQ_INT(f.thread.x, 0);
  CHECK_EQ_INT(f.thread.y, 2);
}

TEST_NO_SANITIZE static KGroupStatus k_divide(KGroupCtx *ctx) {
  volatile int zero = 0, one = 1;
  volatile int r = one / zero;
  (void)r;
  return KGROUP_DONE;
}

TEST(exec_fault_sigfpe) {
#if defined(__x86_64__) || defined(__i386__) /* other CPUs do not trap on division by zero */
  ExecFault f;
  KKernel k = test_kernel("divide", k_divide, 1, kdim3(1, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(2, 1, 1), NULL, 0, &f), EXEC_ERR_ARITHMETIC);
  CHECK(strstr(f.message, "division by zero") != NULL);
  CHECK_EQ_INT(f.block.x, 0);
#endif
}

/* trap with a PTX line and lane, and a failed assert through k_rt_assertfail. */
static KGroupStatus k_trap(KGroupCtx *ctx) {
  if (ctx->ctaid.x != 2 || ctx->group_index != 1) return KGROUP_DONE;
  ctx->trap_kind = KTRAP_TRAP;
  ctx->trap_lane = 3;
  ctx->trap_ptx_line = 42;
  ctx->trap_message = "trap instruction";
  return KGROUP_TRAP;
}

static KGroupStatus k_assert(KGroupCtx *ctx) {
  k_rt_assertfail(ctx->worker, 1, "x < 5", "kernel.cu", 17, "void k(int)");
  ctx->trap_kind = KTRAP_ASSERT;
  ctx->trap_lane = 1;
  ctx->trap_ptx_line = 7;
  return KGROUP_TRAP;
}

TEST(exec_trap_and_assert) {
  ExecFault f;
  KKernel k = test_kernel("trapper", k_trap, 8, kdim3(16, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(4, 1, 1), NULL, 0, &f), EXEC_ERR_TRAP);
  CHECK_EQ_INT(f.block.x, 2);
  CHECK_EQ_INT(f.thread.x, 11);
  CHECK_EQ_INT(f.ptx_line, 42);
  CHECK(strstr(f.message, "trap instruction") != NULL);
  k = test_kernel("asserter", k_assert, 4, kdim3(4, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(1, 1, 1), NULL, 0, &f), EXEC_ERR_ASSERT);
  CHECK_EQ_INT(f.thread.x, 1);
  CHECK_EQ_INT(f.ptx_line, 7);
}

/* A host SIGSEGV handler installed before exec still gets signals that are not faults of
 * kernel code (here one sent with raise()). */
static volatile sig_atomic_t host_handler_calls;
static void host_handler(int sig) {
  (void)sig;
  host_handler_calls++;
}

TEST(exec_fault_chains_host_handler) {
  exec_shutdown(); /* restore the default, then let exec install over the host's */
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = host_handler;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &old);
  exec_init();
  ExecFault f;
  KKernel k = test_kernel("null_store", k_null, 4, kdim3(8, 2, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(8, 1, 1), NULL, 0, &f), EXEC_ERR_ILLEGAL_ADDRESS);
  CHECK_EQ_INT(host_handler_calls, 0); /* the kernel's fault was ours */
  raise(SIGSEGV);
  CHECK_EQ_INT(host_handler_calls, 1);
  exec_shutdown();
  struct sigaction now;
  sigaction(SIGSEGV, NULL, &now);
  CHECK(now.sa_handler == host_handler); /* shutdown gave it back */
  sigaction(SIGSEGV, &old, NULL);
  exec_init();
}

/* A kernel that recurses until its stack overflows: the fault is caught on the worker's
 * alternate signal stack, on the caller's thread as well as on pool threads. */
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
TEST_NO_SANITIZE static int recurse(volatile char *prev, int depth) {
  volatile char frame[4096];
  frame[0] = (char)depth;
  frame[4095] = prev ? prev[0] : 0;
  if (depth > (1 << 30)) return 0; /* never: the stack ends long before */
  return recurse(frame, depth + 1) + frame[100];
}

/* CTA 0 keeps the caller busy for a while, so that with two workers a pool thread takes
 * CTA 1, whose stack overflows. */
TEST_NO_SANITIZE static KGroupStatus k_overflow(KGroupCtx *ctx) {
  if (ctx->ctaid.x == 1) return (KGroupStatus)(recurse(NULL, 0) & 0);
  uint64_t end = k_rt_globaltimer() + 50000000; /* 50 ms */
  while (k_rt_globaltimer() < end) {
  }
  return KGROUP_DONE;
}

TEST(exec_fault_stack_overflow) {
  for (unsigned threads = 1; threads <= 2; threads++) {
    test_restart_pool(threads);
    ExecFault f;
    KKernel k = test_kernel("overflow", k_overflow, 1, kdim3(1, 1, 1));
    CHECK_EQ_INT(test_launch(&k, kdim3(2, 1, 1), NULL, 0, &f), EXEC_ERR_ILLEGAL_ADDRESS);
    CHECK_EQ_INT(f.block.x, 1);
    CHECK(strstr(f.message, "stack overflow") != NULL);
    uint32_t out[64] = {0};
    void *p = out;
    KKernel good = test_kernel("fill", k_fill, 1, kdim3(4, 1, 1));
    CHECK_EQ_INT(test_launch(&good, kdim3(16, 1, 1), &p, 0, &f), EXEC_OK);
    CHECK_EQ_INT(out[63], 1);
  }
}
#endif

/* Process-directed signals (here SIGUSR1 from kill) reach the host's threads, never a
 * pool thread, whose mask blocks them. */
static pthread_t usr1_thread;
static volatile sig_atomic_t usr1_count;
static void usr1_handler(int sig) {
  (void)sig;
  usr1_thread = pthread_self();
  usr1_count++;
}

TEST(exec_pool_threads_block_host_signals) {
  test_restart_pool(4);
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = usr1_handler;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, &old);
  /* With SIGUSR1 blocked here, only a pool thread could take it; none may. */
  sigset_t usr1, saved;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &usr1, &saved);
  usr1_count = 0;
  kill(getpid(), SIGUSR1);
  usleep(20000);
  CHECK_EQ_INT(usr1_count, 0);
  pthread_sigmask(SIG_SETMASK, &saved, NULL); /* delivered here, now */
  CHECK_EQ_INT(usr1_count, 1);
  CHECK(pthread_equal(usr1_thread, pthread_self()));
  sigaction(SIGUSR1, &old, NULL);
  test_restart_pool(2);
}
