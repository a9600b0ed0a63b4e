/* The barrier driver: group functions written as C state machines on ctx->frame, which is
 * what generated resumable group functions amount to. */
#include "test_exec_util.h"

#include <stdatomic.h>

typedef struct Frame {
  int state;
} Frame;

static Frame *frame_of(KGroupCtx *ctx, _Atomic uint32_t *bad) {
  if (!ctx->frame) {
    ctx->frame = k_rt_frame_alloc(ctx->worker, sizeof(Frame), 128);
    if (!ctx->frame || (uintptr_t)ctx->frame % 128) {
      atomic_fetch_add(bad, 1);
      return NULL;
    }
    ((Frame *)ctx->frame)->state = 0;
  }
  return ctx->frame;
}

static KGroupStatus wait_at(KGroupCtx *ctx, uint32_t id, uint32_t count, uint32_t lanes,
                            uint32_t arrive) {
  ctx->barrier_id = id;
  ctx->barrier_count = count;
  ctx->barrier_lanes = lanes;
  ctx->barrier_arrive = arrive;
  ctx->barrier_red_op = 0;
  return KGROUP_BARRIER;
}

static uint32_t lanes_of(const KGroupCtx *ctx, uint32_t g) {
  uint32_t n = 0;
  for (uint32_t l = 0; l < g; l++) n += test_lane_tid(ctx, g, l) >= 0;
  return n;
}

/* Two CTA-wide barriers: each group writes a CTA-unique tag into its slot and checks, past
 * the barrier, that every group's tag is there (shared memory is not zeroed, so stale
 * slots from earlier CTAs would show). Lane frames of local memory must survive. */
static KGroupStatus k_two_barriers(KGroupCtx *ctx) {
  _Atomic uint32_t *bad = *(_Atomic uint32_t *const *)ctx->params;
  uint32_t groups = 4, g = ctx->group_index;
  uint64_t *s1 = (uint64_t *)ctx->shared, *s2 = s1 + groups;
  uint64_t tag = test_cta_linear(ctx) * 2;
  uint64_t *local = (uint64_t *)ctx->local;
  Frame *f = frame_of(ctx, bad);
  if (!f) return KGROUP_DONE;
  switch (f->state) {
  case 0:
    s1[g] = tag + 1;
    for (uint32_t l = 0; l < 4; l++) local[l] = tag * 100 + g * 4 + l; /* local_size = 8 */
    f->state = 1;
    return wait_at(ctx, 0, 0, 4, 0);
  case 1:
    for (uint32_t i = 0; i < groups; i++)
      if (s1[i] != tag + 1) atomic_fetch_add(bad, 1);
    s2[g] = tag + 2;
    f->state = 2;
    return wait_at(ctx, 0, 0, 4, 0);
  default:
    for (uint32_t i = 0; i < groups; i++)
      if (s2[i] != tag + 2) atomic_fetch_add(bad, 1);
    for (uint32_t l = 0; l < 4; l++)
      if (local[l] != tag * 100 + g * 4 + l) atomic_fetch_add(bad, 1);
    return KGROUP_DONE;
  }
}

TEST(exec_barrier_twice) {
  _Atomic uint32_t bad = 0;
  void *p = &bad;
  KKernel k = test_kernel("two_barriers", k_two_barriers, 4, kdim3(16, 1, 1));
  k.has_barriers = 1;
  k.static_shared = 64;
  k.local_size = 8;
  ExecFault f;
  CHECK_EQ_INT(test_launch(&k, kdim3(50, 2, 2), &p, 0, &f), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&bad), 0);
}

/* bar.sync 1,64 / bar.arrive 1,64 between two of three warps: a producer-consumer pair
 * that must complete without the third warp, which then uses the same barrier with the
 * consumer in a second phase. */
static KGroupStatus k_counted(KGroupCtx *ctx) {
  _Atomic uint32_t *stats = *(_Atomic uint32_t *const *)ctx->params; /* [0] bad, [1] done */
  uint32_t *data = (uint32_t *)ctx->shared;
  uint32_t tag = (uint32_t)test_cta_linear(ctx) + 7;
  Frame *f = frame_of(ctx, &stats[0]);
  if (!f) return KGROUP_DONE;
  int s = f->state++;
  switch (ctx->group_index * 10 + s) {
  case 0: return wait_at(ctx, 1, 64, 32, 0);              /* consumer waits */
  case 1:
    if (data[0] != tag) atomic_fetch_add(&stats[0], 1);
    return wait_at(ctx, 1, 64, 32, 1);                    /* releases warp 2 */
  case 10: data[0] = tag; return wait_at(ctx, 1, 64, 32, 1); /* producer */
  case 20: return wait_at(ctx, 1, 64, 32, 0);             /* second phase */
  case 2:
  case 11:
  case 21: atomic_fetch_add(&stats[1], 1); return KGROUP_DONE;
  default: atomic_fetch_add(&stats[0], 1); return KGROUP_DONE;
  }
}

TEST(exec_barrier_counted) {
  _Atomic uint32_t stats[2] = {0, 0};
  void *p = stats;
  KKernel k = test_kernel("counted", k_counted, 32, kdim3(96, 1, 1));
  k.has_barriers = 1;
  k.static_shared = 4;
  ExecFault f;
  CHECK_EQ_INT(test_launch(&k, kdim3(40, 1, 1), &p, 0, &f), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&stats[0]), 0);
  CHECK_EQ_INT(atomic_load(&stats[1]), 3 * 40);
}

/* bar.red.popc / .and / .or over 64 threads in groups of 8. */
static KGroupStatus k_reduce(KGroupCtx *ctx) {
  _Atomic uint32_t *bad = *(_Atomic uint32_t *const *)ctx->params;
  Frame *f = frame_of(ctx, bad);
  if (!f) return KGROUP_DONE;
  static const uint32_t expect[4] = {22, 1, 0, 1};
  if (f->state > 0 && ctx->barrier_red_out != expect[f->state - 1]) atomic_fetch_add(bad, 1);
  if (f->state == 4) return KGROUP_DONE;
  uint32_t popc = 0, all = 1, any = 0;
  for (uint32_t l = 0; l < 8; l++) {
    uint32_t tid = (uint32_t)test_lane_tid(ctx, 8, l);
    popc += tid % 3 == 0;
    if (f->state == 1) all &= tid < 64;
    if (f->state == 2) all &= tid != 17;
    any |= tid == 63;
  }
  static const uint32_t ops[4] = {1, 2, 2, 3};
  wait_at(ctx, 0, 0, 8, 0);
  ctx->barrier_red_op = ops[f->state];
  ctx->barrier_red_in = f->state == 0 ? popc : f->state == 3 ? any : all;
  f->state++;
  return KGROUP_BARRIER;
}

TEST(exec_barrier_red) {
  _Atomic uint32_t bad = 0;
  void *p = &bad;
  KKernel k = test_kernel("reduce", k_reduce, 8, kdim3(64, 1, 1));
  k.has_barriers = 1;
  CHECK_EQ_INT(test_launch(&k, kdim3(30, 1, 1), &p, 0, NULL), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&bad), 0);
}

/* Even groups exit at once; the odd ones meet twice at CTA-wide barriers, which complete
 * once every non-exited thread has arrived (the last group has only 2 of its 4 lanes). */
static KGroupStatus k_early_exit(KGroupCtx *ctx) {
  _Atomic uint32_t *stats = *(_Atomic uint32_t *const *)ctx->params;
  uint32_t g = ctx->group_index;
  if (g % 2 == 0) return KGROUP_DONE;
  uint8_t *seen = ctx->shared; /* one byte per group and phase */
  uint8_t tag = (uint8_t)(test_cta_linear(ctx) * 2 + 1);
  Frame *f = frame_of(ctx, &stats[0]);
  if (!f) return KGROUP_DONE;
  if (f->state > 0)
    for (uint32_t i = 1; i < 8; i += 2)
      if (seen[(f->state - 1) * 8 + i] != (uint8_t)(tag + f->state - 1)) atomic_fetch_add(&stats[0], 1);
  if (f->state == 2) {
    atomic_fetch_add(&stats[1], 1);
    return KGROUP_DONE;
  }
  seen[f->state * 8 + g] = (uint8_t)(tag + f->state);
  f->state++;
  return wait_at(ctx, 0, 0, lanes_of(ctx, 4), 0);
}

TEST(exec_barrier_after_exit) {
  _Atomic uint32_t stats[2] = {0, 0};
  void *p = stats;
  KKernel k = test_kernel("early_exit", k_early_exit, 4, kdim3(30, 1, 1));
  k.has_barriers = 1;
  k.static_shared = 16;
  CHECK_EQ_INT(test_launch(&k, kdim3(20, 1, 1), &p, 0, NULL), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&stats[0]), 0);
  CHECK_EQ_INT(atomic_load(&stats[1]), 4 * 20);
}

/* Warp 0 waits for 64 threads at barrier 1 in CTA 3 only; warp 1 exits: never completes. */
static KGroupStatus k_deadlock(KGroupCtx *ctx) {
  if (ctx->frame || ctx->group_index == 1 || ctx->ctaid.x != 3) return KGROUP_DONE;
  ctx->frame = ctx; /* any non-NULL: resumed */
  return wait_at(ctx, 1, 64, 32, 0);
}

/* Two warps at different CTA-wide barriers. */
static KGroupStatus k_deadlock2(KGroupCtx *ctx) {
  if (ctx->frame) return KGROUP_DONE;
  ctx->frame = ctx;
  return wait_at(ctx, ctx->group_index == 0 ? 0 : 2, 0, 32, 0);
}

/* bar.sync with a count that is not a multiple of the warp size. */
static KGroupStatus k_bad_count(KGroupCtx *ctx) {
  if (ctx->frame) return KGROUP_DONE;
  ctx->frame = ctx;
  return wait_at(ctx, 1, 48, 32, 0);
}

TEST(exec_barrier_deadlock) {
  ExecFault f;
  KKernel k = test_kernel("deadlock", k_deadlock, 32, kdim3(64, 1, 1));
  k.has_barriers = 1;
  CHECK_EQ_INT(test_launch(&k, kdim3(8, 1, 1), NULL, 0, &f), EXEC_ERR_DEADLOCK);
  CHECK_EQ_INT(f.status, EXEC_ERR_DEADLOCK);
  CHECK_EQ_INT(f.block.x, 3);
  CHECK_EQ_STR(f.kernel, "deadlock");
  CHECK(strstr(f.message, "barrier 1: 32 of 64 threads") != NULL);
  k = test_kernel("deadlock2", k_deadlock2, 32, kdim3(64, 1, 1));
  k.has_barriers = 1;
  CHECK_EQ_INT(test_launch(&k, kdim3(2, 1, 1), NULL, 0, &f), EXEC_ERR_DEADLOCK);
  CHECK(strstr(f.message, "barrier 0") != NULL && strstr(f.message, "barrier 2") != NULL);
  k = test_kernel("bad_count", k_bad_count, 32, kdim3(64, 1, 1));
  k.has_barriers = 1;
  CHECK_EQ_INT(test_launch(&k, kdim3(2, 1, 1), NULL, 0, &f), EXEC_ERR_ILLEGAL_INSTRUCTION);
  CHECK(strstr(f.message, "multiple of the warp size") != NULL);
  /* The device still works. */
  _Atomic uint32_t bad = 0;
  void *p = &bad;
  k = test_kernel("two_barriers", k_two_barriers, 4, kdim3(16, 1, 1));
  k.has_barriers = 1;
  k.static_shared = 64;
  k.local_size = 8;
  CHECK_EQ_INT(test_launch(&k, kdim3(5, 1, 1), &p, 0, &f), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&bad), 0);
}

/* A warp whose lanes partly exited still counts as a whole warp at a counted barrier (as on
 * the hardware, which counts arrivals per warp): 20 live lanes of warp 0 and warp 1 complete
 * bar.sync 1, 64. */
static KGroupStatus k_partial_warp(KGroupCtx *ctx) {
  _Atomic uint32_t *done = *(_Atomic uint32_t *const *)ctx->params;
  if (ctx->frame) {
    atomic_fetch_add(done, 1);
    return KGROUP_DONE;
  }
  ctx->frame = ctx;
  if (ctx->group_index == 2) {
    atomic_fetch_add(done, 1);
    return KGROUP_DONE;
  }
  return wait_at(ctx, 1, 64, ctx->group_index == 0 ? 20 : 32, 0);
}

TEST(exec_barrier_counts_warps) {
  _Atomic uint32_t done = 0;
  void *p = &done;
  KKernel k = test_kernel("partial_warp", k_partial_warp, 32, kdim3(96, 1, 1));
  k.has_barriers = 1;
  ExecFault f;
  CHECK_EQ_INT(test_launch(&k, kdim3(3, 1, 1), &p, 0, &f), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&done), 9);
}
