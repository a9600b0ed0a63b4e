/* Grids, blocks, groups, the worker pool and launch validation. */
#include "test_exec_util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every lane writes 1 + its global linear id at out[id]; also records which worker ran it. */
static KGroupStatus k_global_ids(KGroupCtx *ctx) {
  uint32_t *out = *(uint32_t *const *)ctx->params;
  uint32_t threads = ctx->ntid.x * ctx->ntid.y * ctx->ntid.z;
  for (uint32_t lane = 0; lane < 4; lane++) {
    int tid = test_lane_tid(ctx, 4, lane);
    if (tid < 0) continue;
    /* Rebuild the 3D ids as generated code does, then the global linear id. */
    uint32_t tx = (uint32_t)tid % ctx->ntid.x, ty = ((uint32_t)tid / ctx->ntid.x) % ctx->ntid.y,
             tz = (uint32_t)tid / (ctx->ntid.x * ctx->ntid.y);
    uint64_t gid = test_cta_linear(ctx) * threads +
                   ((uint64_t)tz * ctx->ntid.y + ty) * ctx->ntid.x + tx;
    out[gid] += (uint32_t)gid + 1;
  }
  return KGROUP_DONE;
}

static int check_global_ids(KDim3 grid, KDim3 block) {
  size_t n = (size_t)grid.x * grid.y * grid.z * block.x * block.y * block.z;
  uint32_t *out = calloc(n, sizeof *out);
  KKernel k = test_kernel("global_ids", k_global_ids, 4, block);
  void *p = out;
  ExecFault f;
  int bad = test_launch(&k, grid, &p, 0, &f) != EXEC_OK;
  for (size_t i = 0; i < n; i++) bad += out[i] != i + 1;
  free(out);
  return bad;
}

TEST(exec_grid_3d_partial_groups) {
  /* 30 threads per block: 8 groups of 4, the last with 2 lanes. */
  CHECK_EQ_INT(check_global_ids(kdim3(7, 3, 2), kdim3(5, 3, 2)), 0);
  CHECK_EQ_INT(check_global_ids(kdim3(1, 1, 1), kdim3(1, 1, 1)), 0);
  CHECK_EQ_INT(check_global_ids(kdim3(3, 1, 1), kdim3(1024, 1, 1)), 0);
  CHECK_EQ_INT(check_global_ids(kdim3(2, 2, 3), kdim3(2, 4, 64)), 0);
}

TEST(exec_large_grid) {
  CHECK_EQ_INT(check_global_ids(kdim3(100000, 1, 1), kdim3(8, 1, 1)), 0);
  CHECK_EQ_INT(check_global_ids(kdim3(3, 65535, 1), kdim3(1, 1, 1)), 0);
}

TEST(exec_threads_env) {
  test_restart_pool(1);
  CHECK_EQ_INT(exec_worker_count(), 1);
  CHECK_EQ_INT(check_global_ids(kdim3(33, 5, 1), kdim3(7, 3, 1)), 0);
  test_restart_pool(2);
  CHECK_EQ_INT(exec_worker_count(), 2);
  CHECK_EQ_INT(check_global_ids(kdim3(33, 5, 1), kdim3(7, 3, 1)), 0);
  test_restart_pool(5);
  CHECK_EQ_INT(exec_worker_count(), 5);
  CHECK_EQ_INT(check_global_ids(kdim3(1000, 1, 1), kdim3(64, 1, 1)), 0);
  exec_shutdown();
  setenv("PTXVM_THREADS", "many", 1); /* warns and falls back to the cores */
  exec_init();
  CHECK(exec_worker_count() >= 1);
  CHECK_EQ_INT(check_global_ids(kdim3(10, 1, 1), kdim3(4, 1, 1)), 0);
  test_restart_pool(2);
}

/* Records the %smid (worker) of each CTA and spins a little so both workers get CTAs. */
static KGroupStatus k_smid(KGroupCtx *ctx) {
  _Atomic uint32_t *seen = *(_Atomic uint32_t *const *)ctx->params;
  atomic_fetch_or(&seen[0], 1u << (ctx->smid & 31));
  for (volatile int i = 0; i < 20000; i++) {
  }
  return KGROUP_DONE;
}

TEST(exec_workers_share_the_grid) {
  test_restart_pool(2);
  _Atomic uint32_t seen = 0;
  void *p = &seen;
  KKernel k = test_kernel("smid", k_smid, 1, kdim3(1, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(2000, 1, 1), &p, 0, NULL), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&seen), 3); /* both worker 0 (the caller) and worker 1 ran CTAs */
}

/* Shared memory: static part then dynamic part, 16-byte aligned, all of it writable. */
static KGroupStatus k_shared(KGroupCtx *ctx) {
  uint32_t *bad = *(uint32_t *const *)ctx->params;
  if ((uintptr_t)ctx->shared % 16 || ctx->dynamic_smem_size != 100) (*bad)++;
  memset(ctx->shared, 0xab, 16 + ctx->dynamic_smem_size);
  return KGROUP_DONE;
}

TEST(exec_dynamic_shared) {
  uint32_t bad = 0;
  void *p = &bad;
  KKernel k = test_kernel("shared", k_shared, 32, kdim3(32, 1, 1));
  k.static_shared = 16;
  CHECK_EQ_INT(test_launch(&k, kdim3(50, 1, 1), &p, 100, NULL), EXEC_OK);
  CHECK_EQ_INT(bad, 0);
}

TEST(exec_invalid_config) {
  uint32_t out[4];
  void *p = out;
  ExecFault f;
  KKernel k = test_kernel("cfg", k_global_ids, 4, kdim3(4, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(0, 1, 1), &p, 0, &f), EXEC_ERR_INVALID_CONFIG);
  CHECK(strstr(f.message, "zero") != NULL);
  CHECK_EQ_STR(f.kernel, "cfg");
  CHECK_EQ_INT(test_launch(&k, kdim3(1, 65536, 1), &p, 0, &f), EXEC_ERR_INVALID_CONFIG);
  KKernel big = test_kernel("big", k_global_ids, 4, kdim3(2048, 1, 1));
  CHECK_EQ_INT(test_launch(&big, kdim3(1, 1, 1), &p, 0, &f), EXEC_ERR_INVALID_CONFIG);
  CHECK(strstr(f.message, "1024") != NULL);
  KKernel deep = test_kernel("deep", k_global_ids, 4, kdim3(1, 1, 65));
  CHECK_EQ_INT(test_launch(&deep, kdim3(1, 1, 1), &p, 0, &f), EXEC_ERR_INVALID_CONFIG);
  ExecLaunch l = {&k, kdim3(1, 1, 1), kdim3(8, 1, 1), 0, &p}; /* block != compiled block */
  CHECK_EQ_INT(exec_launch(&l, &f), EXEC_ERR_INVALID_CONFIG);
  CHECK(strstr(f.message, "compiled") != NULL);
  k.static_shared = 40000;
  CHECK_EQ_INT(test_launch(&k, kdim3(1, 1, 1), &p, 200000, &f), EXEC_ERR_INVALID_CONFIG);
  CHECK(strstr(f.message, "shared") != NULL);
  k.static_shared = 0;
  k.group_size = 0;
  CHECK_EQ_INT(test_launch(&k, kdim3(1, 1, 1), &p, 0, &f), EXEC_ERR_INVALID_CONFIG);
  CHECK_EQ_INT(test_launch(&k, kdim3(1, 1, 1), &p, 0, NULL), EXEC_ERR_INVALID_CONFIG);
  k.group_size = 4;
  CHECK_EQ_INT(check_global_ids(kdim3(2, 1, 1), kdim3(4, 1, 1)), 0); /* still works */
}

static void *concurrent_launcher(void *arg) {
  int *bad = arg;
  for (int i = 0; i < 20; i++) *bad += check_global_ids(kdim3(40, 2, 1), kdim3(33, 1, 1));
  return NULL;
}

TEST(exec_concurrent_launches) {
  pthread_t t[3];
  int bad[3] = {0, 0, 0};
  for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, concurrent_launcher, &bad[i]);
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
  CHECK_EQ_INT(bad[0] + bad[1] + bad[2], 0);
}

/* Timers: globaltimer is wall-clock nanoseconds; clock64 increases. */
TEST(exec_timers) {
  uint64_t t = k_rt_globaltimer();
  CHECK(t > 1600000000ull * 1000000000ull);
  uint64_t a = k_rt_clock64(NULL), b = k_rt_clock64(NULL);
  CHECK(b >= a);
}

/* A child forked after launches (pool threads running in the parent) can launch again:
 * it starts a pool of its own instead of waiting for threads that fork did not copy.
 * (ThreadSanitizer does not support threads started after a multi-threaded fork.) */
#if !defined(__SANITIZE_THREAD__)
TEST(exec_fork_child_launches) {
  test_restart_pool(2);
  CHECK_EQ_INT(check_global_ids(kdim3(100, 1, 1), kdim3(16, 1, 1)), 0);
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    alarm(20); /* a hang would otherwise block the test run */
    _exit(check_global_ids(kdim3(300, 1, 1), kdim3(16, 1, 1)) == 0 && exec_worker_count() == 2 ? 0 : 1);
  }
  int status = 0;
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_EQ_INT(check_global_ids(kdim3(100, 1, 1), kdim3(16, 1, 1)), 0);
}
#endif

/* Back-to-back launches that want different numbers of helpers (1 to all), so that idle,
 * spinning, sleeping and unneeded workers all meet new jobs; every result must be whole. */
TEST(exec_back_to_back_launches) {
  for (unsigned workers = 2; workers <= 8; workers *= 2) {
    test_restart_pool(workers);
    int bad = 0;
    static const uint32_t grids[] = {1, 2, 3, 50, 5, 1, 400, 2};
    for (int i = 0; i < 600; i++) bad += check_global_ids(kdim3(grids[i % 8], 1, 1), kdim3(8, 1, 1));
    CHECK_EQ_INT(bad, 0);
  }
  test_restart_pool(2);
}

/* Group functions that run several groups per call, as generated code does for kernels
 * without barriers: from the group exec passes, `per_call` groups (0: the rest of the
 * CTA), leaving group_index at the last one run. Every lane writes 1 + its global id once
 * and every call is counted, so exec must neither re-run nor skip a group. */
typedef struct MultiParams {
  uint32_t *out;
  _Atomic uint32_t *calls;
  uint32_t per_call;
} MultiParams;

static KGroupStatus k_multi_groups(KGroupCtx *ctx) {
  const MultiParams *p = ctx->params;
  atomic_fetch_add(p->calls, 1);
  uint32_t threads = ctx->ntid.x * ctx->ntid.y * ctx->ntid.z, groups = (threads + 3) / 4;
  uint32_t end = p->per_call ? MIN(groups, ctx->group_index + p->per_call) : groups;
  for (uint32_t g = ctx->group_index; g < end; g++) {
    ctx->group_index = g;
    for (uint32_t lane = 0; lane < 4; lane++) {
      int tid = test_lane_tid(ctx, 4, lane);
      if (tid >= 0) p->out[test_cta_linear(ctx) * threads + (uint32_t)tid] += (uint32_t)(test_cta_linear(ctx) * threads + (uint32_t)tid) + 1;
    }
  }
  return KGROUP_DONE;
}

static uint32_t run_multi_groups(uint32_t per_call, int *bad) {
  KDim3 grid = kdim3(10, 1, 1), block = kdim3(30, 1, 1); /* 8 groups of 4, the last with 2 */
  size_t n = 10 * 30;
  uint32_t *out = calloc(n, sizeof *out);
  _Atomic uint32_t calls = 0;
  MultiParams p = {out, &calls, per_call};
  KKernel k = test_kernel("multi_groups", k_multi_groups, 4, block);
  ExecFault f;
  *bad = test_launch(&k, grid, &p, 0, &f) != EXEC_OK;
  for (size_t i = 0; i < n; i++) *bad += out[i] != i + 1;
  free(out);
  return atomic_load(&calls);
}

TEST(exec_group_function_runs_following_groups) {
  int bad;
  CHECK_EQ_INT(run_multi_groups(0, &bad), 10); /* one call per CTA */
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(run_multi_groups(3, &bad), 10 * 3); /* groups 0-2, 3-5, 6-7 */
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(run_multi_groups(1, &bad), 10 * 8); /* the classic one group per call */
  CHECK_EQ_INT(bad, 0);
}
