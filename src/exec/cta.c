/* One CTA on one worker: its groups of G lanes, run one after another when the kernel has
 * no barriers, otherwise driven from barrier to barrier. Barrier semantics follow the PTX
 * ISA (bar/barrier): 16 barriers per CTA; bar.sync/bar.red wait, bar.arrive does not; a
 * count given with the instruction is in threads, a multiple of the warp size, and warps
 * arrive whole; without one, the barrier expects every thread of the CTA that has not
 * exited (as sm_70+ GPUs do). */
#include "exec_internal.h"

#define CTA_BARRIERS 16

typedef struct CtaBarrier {
  uint32_t count;          /* threads expected this phase; 0 = every live group */
  uint32_t threads;        /* threads arrived this phase */
  uint32_t groups;         /* groups arrived this phase */
  uint32_t waiters;        /* groups suspended here */
  uint32_t red_op;         /* 0 none, 1 popc, 2 and, 3 or */
  uint32_t red;            /* the reduction so far */
} CtaBarrier;

static KDim3 cta_linear_to_dim3(uint64_t i, KDim3 dims) {
  KDim3 r;
  r.x = (uint32_t)(i % dims.x);
  r.y = (uint32_t)((i / dims.x) % dims.y);
  r.z = (uint32_t)(i / ((uint64_t)dims.x * dims.y));
  return r;
}

static void cta_ctx_init(KGroupCtx *ctx, KWorker *w, const ExecJob *job, uint32_t group,
                         uint8_t *local) {
  memset(ctx, 0, sizeof *ctx);
  ctx->params = job->launch->params;
  ctx->shared = w->shared;
  ctx->local = local;
  ctx->ctaid = w->ctaid;
  ctx->nctaid = job->launch->grid;
  ctx->ntid = job->launch->block;
  ctx->group_index = group;
  ctx->dynamic_smem_size = job->launch->dynamic_shared;
  ctx->smid = w->index;
  ctx->worker = w;
}

/* A group returned KGROUP_TRAP (or something no status means): fill the fault. */
static ExecStatus cta_trap(KWorker *w, const KGroupCtx *ctx, KGroupStatus st, ExecFault *f) {
  memset(f, 0, sizeof *f);
  uint32_t lane = ctx->trap_lane < w->job->group_size ? ctx->trap_lane : 0;
  exec_fault_locate(w, lane, f);
  const char *what;
  if (st != KGROUP_TRAP) {
    f->status = EXEC_ERR_ILLEGAL_INSTRUCTION;
    what = "internal error: group function returned an unknown status";
  } else {
    switch ((KTrapKind)ctx->trap_kind) {
    case KTRAP_ASSERT: f->status = EXEC_ERR_ASSERT; what = "device-side assertion failed"; break;
    case KTRAP_ILLEGAL_ADDRESS: f->status = EXEC_ERR_ILLEGAL_ADDRESS; what = "illegal memory access"; break;
    case KTRAP_MISALIGNED: f->status = EXEC_ERR_MISALIGNED; what = "misaligned address"; break;
    case KTRAP_ILLEGAL_INSTRUCTION: f->status = EXEC_ERR_ILLEGAL_INSTRUCTION; what = "illegal instruction"; break;
    case KTRAP_TRAP:
    default: f->status = EXEC_ERR_TRAP; what = "trap"; break;
    }
  }
  f->ptx_line = ctx->trap_ptx_line;
  if (ctx->trap_message)
    snprintf(f->message, sizeof f->message, "%s: %s", what, ctx->trap_message);
  else
    snprintf(f->message, sizeof f->message, "%s", what);
  return f->status;
}

/* A problem the barrier driver finds (deadlock, bad barrier operands). */
static ExecStatus cta_error(KWorker *w, ExecStatus status, ExecFault *f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static ExecStatus cta_error(KWorker *w, ExecStatus status, ExecFault *f, const char *fmt, ...) {
  memset(f, 0, sizeof *f);
  exec_fault_locate(w, 0, f);
  f->status = status;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->message, sizeof f->message, fmt, ap);
  va_end(ap);
  return status;
}

static ExecStatus cta_run_plain(KWorker *w, ExecJob *job, ExecFault *fault) {
  KGroupCtx *ctx = &w->groups[0];
  w->ctx = ctx;
  cta_ctx_init(ctx, w, job, 0, w->local);
  for (uint32_t g = 0; g < job->groups; g++) {
    /* The groups take turns in one context: only what a group may change is reset. */
    ctx->group_index = g;
    ctx->frame = NULL;
    ctx->trap_kind = KTRAP_NONE;
    ctx->trap_lane = ctx->trap_ptx_line = 0;
    ctx->trap_message = NULL;
    exec_kernel_enter(w);
    KGroupStatus st = job->kernel->run(ctx);
    exec_kernel_leave();
    if (st == KGROUP_BARRIER)
      return cta_error(w, EXEC_ERR_ILLEGAL_INSTRUCTION, fault,
                       "internal error: kernel compiled without barriers waits at barrier %u",
                       ctx->barrier_id);
    if (st != KGROUP_DONE) return cta_trap(w, ctx, st, fault);
    exec_frames_reset(w);
    /* Generated code may have run the following groups itself (one call per CTA): it
     * leaves group_index at the last group it ran. */
    if (ctx->group_index > g && ctx->group_index < job->groups) g = ctx->group_index;
  }
  return EXEC_OK;
}

static bool cta_barrier_complete(const CtaBarrier *b, uint32_t live_groups) {
  if (!b->groups) return false;
  return b->count ? b->threads >= b->count : b->groups >= live_groups;
}

static ExecStatus cta_deadlock(KWorker *w, ExecJob *job, const CtaBarrier *bars,
                               uint32_t live, ExecFault *fault) {
  StrBuf sb = {0};
  for (int id = 0; id < CTA_BARRIERS; id++) {
    const CtaBarrier *b = &bars[id];
    if (!b->waiters) continue;
    if (b->count)
      strbuf_printf(&sb, "%sbarrier %d: %u of %u threads arrived", sb.len ? "; " : "", id,
                    b->threads, b->count);
    else
      strbuf_printf(&sb, "%sbarrier %d: %u of %u live warps/groups arrived", sb.len ? "; " : "",
                    id, b->groups, live);
  }
  uint32_t first = 0;
  while (first < job->groups && w->group_state[first].waiting < 0) first++;
  w->ctx = &w->groups[first < job->groups ? first : 0];
  ExecStatus st = cta_error(w, EXEC_ERR_DEADLOCK, fault,
                            "deadlock: threads wait at barriers that can never complete (%s)",
                            sb.data ? sb.data : "");
  strbuf_free(&sb);
  return st;
}

/* Barrier driver: a FIFO of runnable groups; a group that waits leaves it until its
 * barrier completes. When nothing is runnable and groups still wait, nothing can ever
 * release them: that is a deadlock, reported rather than hung on. */
static ExecStatus cta_run_barriers(KWorker *w, ExecJob *job, ExecFault *fault) {
  uint32_t n = job->groups;
  CtaBarrier bars[CTA_BARRIERS];
  memset(bars, 0, sizeof bars);
  uint32_t *queue = w->queue;
  uint32_t head = 0, len = n, live = n;
  uint32_t active = 0; /* barriers with arrivals in their current phase */
  for (uint32_t g = 0; g < n; g++) {
    cta_ctx_init(&w->groups[g], w, job, g, w->local + job->local_stride * g);
    w->group_state[g].done = 0;
    w->group_state[g].waiting = -1;
    queue[g] = g;
  }
  while (len) {
    uint32_t g = queue[head];
    head = (head + 1) % n;
    len--;
    KGroupCtx *ctx = &w->groups[g];
    w->ctx = ctx;
    exec_kernel_enter(w);
    KGroupStatus st = job->kernel->run(ctx);
    exec_kernel_leave();
    if (st == KGROUP_DONE) {
      w->group_state[g].done = 1;
      live--;
    } else if (st == KGROUP_BARRIER) {
      uint32_t id = ctx->barrier_id;
      if (id >= CTA_BARRIERS)
        return cta_error(w, EXEC_ERR_ILLEGAL_INSTRUCTION, fault,
                         "barrier id %u is out of range 0..15", id);
      if (ctx->barrier_count % 32 != 0 || ctx->barrier_count > job->threads + 31)
        return cta_error(w, EXEC_ERR_ILLEGAL_INSTRUCTION, fault,
                         "barrier %u: thread count %u is not a multiple of the warp size (32) "
                         "up to the block's %u threads", id, ctx->barrier_count, job->threads);
      if (ctx->barrier_red_op > 3)
        return cta_error(w, EXEC_ERR_ILLEGAL_INSTRUCTION, fault,
                         "barrier %u: unknown reduction %u", id, ctx->barrier_red_op);
      CtaBarrier *b = &bars[id];
      active |= 1u << id;
      if (!b->groups) { /* first arrival of this phase sets its count and reduction */
        b->count = ctx->barrier_count;
        b->red_op = ctx->barrier_red_op;
        b->red = b->red_op == 2 ? 1 : 0;
      }
      /* Hardware counts a warp's arrival as the whole warp even when some of its threads
       * have exited; a group of 32 lanes is exactly a warp, so it counts the same way. */
      b->threads += job->group_size >= 32 && ctx->barrier_lanes
                        ? (uint32_t)ALIGN_UP(ctx->barrier_lanes, 32)
                        : ctx->barrier_lanes;
      b->groups++;
      switch (b->red_op) {
      case 1: b->red += ctx->barrier_red_in; break;
      case 2: b->red = b->red && ctx->barrier_red_in; break;
      case 3: b->red = b->red || ctx->barrier_red_in; break;
      default: break;
      }
      if (ctx->barrier_arrive) {
        queue[(head + len++) % n] = g;
      } else {
        w->group_state[g].waiting = (int8_t)id;
        b->waiters++;
      }
    } else {
      return cta_trap(w, ctx, st, fault);
    }
    /* A group that arrives can complete its barrier; one that exits can complete any
     * CTA-wide barrier that was only waiting for it. */
    uint32_t check = st == KGROUP_DONE ? active : 1u << ctx->barrier_id;
    while (check) {
      int id = __builtin_ctz(check);
      check &= check - 1;
      CtaBarrier *b = &bars[id];
      if (!cta_barrier_complete(b, live)) continue;
      for (uint32_t i = 0; i < n && b->waiters; i++) {
        if (w->group_state[i].waiting != id) continue;
        w->group_state[i].waiting = -1;
        w->groups[i].barrier_red_out = b->red;
        b->waiters--;
        queue[(head + len++) % n] = i;
      }
      memset(b, 0, sizeof *b);
      active &= ~(1u << id);
    }
  }
  if (live) return cta_deadlock(w, job, bars, live, fault);
  return EXEC_OK;
}

ExecStatus exec_cta_run(KWorker *w, ExecJob *job, uint64_t cta, ExecFault *fault) {
  w->cta = cta;
  w->ctaid = cta_linear_to_dim3(cta, job->launch->grid);
  exec_frames_reset(w);
  ExecStatus st = job->kernel->has_barriers ? cta_run_barriers(w, job, fault)
                                            : cta_run_plain(w, job, fault);
  w->ctx = NULL;
  return st;
}
