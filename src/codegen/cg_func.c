/* The shape of a group function: registers as <G x T> allocas, the execution mask,
 * thread-frontier divergence over the analysis' priority order (DESIGN.md "Execution
 * model"), barriers as a hand-written split (save everything to the frame, return,
 * restore and jump back in), calls to .func, ret/exit/trap. */
#include <stddef.h>

#include "analysis.h"
#include "cg_internal.h"

/* Per-function emission state that only this file needs. */
struct CgFlow {
  Cfg *cfg;
  uint32_t *pos_block;    /* priority position -> block id */
  uint32_t nreach;
  uint32_t *interval;     /* per position: merged back-edge span id + 1, or 0 */
  LLVMBasicBlockRef *entry; /* per block id */
  LLVMValueRef *pending;  /* per block id: alloca <G x i1> */
  LLVMBasicBlockRef trap_bb;
  uint32_t cur_pos;
  LLVMValueRef exited;    /* .func: alloca <G x i1>, lanes that ran `exit` (returned) */
  LLVMValueRef frame_slot; /* where this activation's barrier frame pointer lives: the
                              kernel's ctx->frame, a .func's caller-owned slot */
  VEC(LLVMValueRef) saved; /* allocas besides registers that a suspension must keep:
                              call-site .params, argument temporaries, call bookkeeping */
};
typedef struct CgFlow CgFlow;

static CgFlow *flow_of(CgContext *cg) { return cg->fn->flow; }

void cg_set_mask(CgContext *cg, LLVMValueRef mask) {
  LLVMBuildStore(cg->b, mask, cg->fn->mask_slot);
  cg->mask = mask;
}

/* ---- Thread frontiers. A block at position j > k can hold pending lanes while the block
 * at position k runs only if one of its predecessors ran before k: it sits earlier in the
 * order, or shares a (merged) back-edge span with k, so that it ran in an earlier trip.
 * (Scheduling always picks the lowest pending position, so the order only drops through
 * back edges; every position crossed on the way down lies in such a span.) ---- */
static bool flow_may_pend(CgFlow *fl, uint32_t j_block, uint32_t k_pos) {
  const CfgBlock *jb = &fl->cfg->blocks[j_block];
  for (uint32_t p = 0; p < jb->npreds; p++) {
    const CfgBlock *ib = &fl->cfg->blocks[jb->preds[p]];
    if (!ib->reachable) continue;
    uint32_t ipos = ib->pos;
    if (ipos < k_pos) return true;
    if (fl->interval[ipos] && fl->interval[ipos] == fl->interval[k_pos]) return true;
  }
  return false;
}

static void flow_compute_intervals(CgFlow *fl, Arena *a) {
  uint32_t n = fl->nreach;
  fl->interval = ARENA_ARRAY(a, uint32_t, n + 1);
  /* Mark every position covered by a back-edge span, then number maximal runs of spans
   * that share a point. Spans: [pos(to), pos(from)] for pos(to) <= pos(from). */
  int32_t *reach = ARENA_ARRAY(a, int32_t, n + 1); /* per lo position: max hi of spans */
  for (uint32_t i = 0; i <= n; i++) reach[i] = -1;
  for (uint32_t p = 0; p < n; p++) {
    const CfgBlock *b = &fl->cfg->blocks[fl->pos_block[p]];
    for (uint32_t s = 0; s < b->nsuccs; s++) {
      uint32_t tp = fl->cfg->blocks[b->succs[s]].pos;
      if (tp <= p && (int32_t)p > reach[tp]) reach[tp] = (int32_t)p;
    }
  }
  uint32_t id = 0;
  int32_t hi = -1;
  for (uint32_t p = 0; p < n; p++) {
    if (reach[p] >= 0) {
      if ((int32_t)p > hi) id++; /* a new run starts: no span covers p yet */
      if (reach[p] > hi) hi = reach[p];
    }
    fl->interval[p] = (int32_t)p <= hi ? id : 0;
  }
}

static void pending_or(CgContext *cg, uint32_t block, LLVMValueRef lanes) {
  CgFlow *fl = flow_of(cg);
  LLVMValueRef p = LLVMBuildLoad2(cg->b, cg->v_i1, fl->pending[block], "");
  LLVMBuildStore(cg->b, LLVMBuildOr(cg->b, p, lanes, ""), fl->pending[block]);
}

/* Jumps to the lowest pending position among those in (from_pos, to_pos) that may hold
 * lanes, else to `final`. Terminates the current LLVM block. */
static void flow_scan(CgContext *cg, uint32_t from_pos, uint32_t to_pos, LLVMBasicBlockRef final) {
  CgFlow *fl = flow_of(cg);
  for (uint32_t p = from_pos + 1; p < to_pos && p < fl->nreach; p++) {
    uint32_t j = fl->pos_block[p];
    if (!flow_may_pend(fl, j, from_pos)) continue;
    LLVMValueRef pend = LLVMBuildLoad2(cg->b, cg->v_i1, fl->pending[j], "");
    LLVMBasicBlockRef no = cg_new_bb(cg, "scan");
    LLVMBuildCondBr(cg->b, cg_mask_any(cg, pend), fl->entry[j], no);
    LLVMPositionBuilderAtEnd(cg->b, no);
  }
  LLVMBuildBr(cg->b, final);
}

/* After lanes were added to `target`'s pending mask: continue at the lowest pending. */
static void flow_goto(CgContext *cg, uint32_t target) {
  CgFlow *fl = flow_of(cg);
  uint32_t tpos = fl->cfg->blocks[target].pos;
  if (tpos <= fl->cur_pos)
    LLVMBuildBr(cg->b, fl->entry[target]); /* a back edge: nothing lower can be pending */
  else
    flow_scan(cg, fl->cur_pos, tpos, fl->entry[target]);
}

/* Current lanes are gone (ret/exit): continue with any pending block, else leave. */
static void flow_leave(CgContext *cg) {
  CgFlow *fl = flow_of(cg);
  flow_scan(cg, fl->cur_pos, fl->nreach, cg->fn->exit_bb);
}

/* ---- Terminators (PTX ISA 9.7.13). ---- */

static LLVMValueRef guard_value(CgContext *cg, const PtxInstr *ins) {
  return cg_read(cg, ins->guard, cg_type_of(".pred"));
}

static void emit_bra(CgContext *cg, const CfgBlock *b, const PtxInstr *ins) {
  LLVMValueRef m = cg->mask;
  uint32_t t = b->succs[0];
  if (!b->guarded) {
    pending_or(cg, t, m);
    flow_goto(cg, t);
    return;
  }
  uint32_t f = b->nsuccs > 1 ? b->succs[1] : CFG_NONE;
  LLVMValueRef g = guard_value(cg, ins);
  LLVMValueRef taken = LLVMBuildAnd(cg->b, m, g, "taken");
  LLVMValueRef nottaken = LLVMBuildAnd(cg->b, m, LLVMBuildNot(cg->b, g, ""), "nottaken");
  LLVMBasicBlockRef all_t = cg_new_bb(cg, "br.all"), not_all = cg_new_bb(cg, "br.notall"),
                    all_n = cg_new_bb(cg, "br.none"), split = cg_new_bb(cg, "br.split");
  /* A branch uniform at run time costs these mask tests and a plain jump. */
  LLVMBuildCondBr(cg->b, cg_mask_any(cg, nottaken), not_all, all_t);
  LLVMPositionBuilderAtEnd(cg->b, all_t);
  pending_or(cg, t, m);
  flow_goto(cg, t);
  LLVMPositionBuilderAtEnd(cg->b, not_all);
  LLVMBuildCondBr(cg->b, cg_mask_any(cg, taken), split, all_n);
  LLVMPositionBuilderAtEnd(cg->b, all_n);
  if (f == CFG_NONE) {
    flow_leave(cg); /* runs off the end of the body */
  } else {
    pending_or(cg, f, m);
    flow_goto(cg, f);
  }
  LLVMPositionBuilderAtEnd(cg->b, split);
  pending_or(cg, t, taken);
  if (f == CFG_NONE) {
    flow_goto(cg, t);
    return;
  }
  pending_or(cg, f, nottaken);
  CgFlow *fl = flow_of(cg);
  uint32_t first = fl->cfg->blocks[t].pos < fl->cfg->blocks[f].pos ? t : f;
  flow_goto(cg, first);
}

/* brx.idx index, table: lanes go to table[index]; an index outside the table is
 * undefined in PTX, so those lanes leave (a defined outcome instead of a wild jump). */
static void emit_brx(CgContext *cg, const CfgBlock *b, const PtxInstr *ins) {
  CgFlow *fl = flow_of(cg);
  LLVMValueRef m = cg->emask;
  LLVMValueRef idx = cg_read(cg, &ins->operands[0], cg_type_of(".u32"));
  const PtxOperand *tab = &ins->operands[1];
  PtxLabel **targets = NULL;
  uint32_t ntargets = 0;
  if (tab->kind == PTX_OPND_LABEL && tab->label->ntargets) {
    targets = tab->label->targets;
    ntargets = tab->label->ntargets;
  }
  if (!targets) {
    cg_unsupported(cg, ins, "brx.idx without a .branchtargets table");
    LLVMBuildBr(cg->b, cg->fn->exit_bb);
    return;
  }
  uint32_t lowest = CFG_NONE;
  for (uint32_t i = 0; i < ntargets; i++) {
    uint32_t blk = cfg_block_of_label(fl->cfg, targets[i]);
    if (blk == CFG_NONE) continue;
    LLVMValueRef sel = LLVMBuildICmp(cg->b, LLVMIntEQ, idx, cg_const_int(cg, cg->t_i32, i), "");
    pending_or(cg, blk, LLVMBuildAnd(cg->b, m, sel, ""));
    if (lowest == CFG_NONE || fl->cfg->blocks[blk].pos < fl->cfg->blocks[lowest].pos) lowest = blk;
  }
  if (b->guarded && b->nsuccs) {
    uint32_t f = b->succs[b->nsuccs - 1];
    pending_or(cg, f, LLVMBuildAnd(cg->b, cg->mask, LLVMBuildNot(cg->b, m, ""), ""));
  }
  /* Every successor may or may not have received lanes: scan all of them in order. */
  uint32_t from = fl->cur_pos;
  for (uint32_t p = 0; p < fl->nreach; p++) {
    uint32_t j = fl->pos_block[p];
    bool succ = false;
    for (uint32_t s = 0; s < b->nsuccs; s++) succ |= b->succs[s] == j;
    if (!succ && !(p > from && flow_may_pend(fl, j, from))) continue;
    LLVMValueRef pend = LLVMBuildLoad2(cg->b, cg->v_i1, fl->pending[j], "");
    LLVMBasicBlockRef no = cg_new_bb(cg, "brx.scan");
    LLVMBuildCondBr(cg->b, cg_mask_any(cg, pend), fl->entry[j], no);
    LLVMPositionBuilderAtEnd(cg->b, no);
  }
  (void)lowest;
  LLVMBuildBr(cg->b, cg->fn->exit_bb);
}

bool cg_emit_trap(CgContext *cg, const PtxInstr *ins, unsigned kind, LLVMValueRef msg) {
  /* Record why, then unwind: the group function returns KGROUP_TRAP; a .func returns and
   * its caller checks ctx->trap_kind. */
  CgFlow *fl = flow_of(cg);
  LLVMValueRef lanes = cg->emask;
  LLVMBasicBlockRef go = cg_new_bb(cg, "trap"), cont = cg_new_bb(cg, "trap.not");
  LLVMBuildCondBr(cg->b, cg_mask_any(cg, lanes), go, cont);
  LLVMPositionBuilderAtEnd(cg->b, go);
  LLVMBuildStore(cg->b, cg_i32(cg, kind), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, trap_kind)));
  LLVMValueRef bits = cg_mask_bits(cg, lanes);
  LLVMTypeRef bt = LLVMTypeOf(bits);
  LLVMValueRef args[2] = {bits, LLVMConstInt(cg->t_i1, 0, false)};
  LLVMValueRef first = cg_intrinsic(cg, "llvm.cttz", &bt, 1, args, 2);
  if (bt != cg->t_i32) first = LLVMBuildTrunc(cg->b, first, cg->t_i32, "");
  LLVMBuildStore(cg->b, first, cg_ctx_field_ptr(cg, offsetof(KGroupCtx, trap_lane)));
  LLVMBuildStore(cg->b, cg_i32(cg, ins ? ins->loc.line : 0),
                 cg_ctx_field_ptr(cg, offsetof(KGroupCtx, trap_ptx_line)));
  LLVMBuildStore(cg->b, msg ? msg : LLVMConstNull(cg->t_ptr),
                 cg_ctx_field_ptr(cg, offsetof(KGroupCtx, trap_message)));
  LLVMBuildBr(cg->b, fl->trap_bb);
  LLVMPositionBuilderAtEnd(cg->b, cont);
  return true;
}

bool cg_emit_ret(CgContext *cg, const PtxInstr *ins, bool is_exit) {
  (void)ins;
  /* exit inside a .func ends the thread, not just the call: the lanes are recorded and the
   * function returns them, so every caller up to the kernel drops them (emit_direct_call). */
  if (is_exit && !cg->fn->is_kernel) {
    LLVMValueRef ex = flow_of(cg)->exited;
    LLVMValueRef old = LLVMBuildLoad2(cg->b, cg->v_i1, ex, "");
    LLVMBuildStore(cg->b, LLVMBuildOr(cg->b, old, cg->emask, ""), ex);
  }
  return true;
}

/* ---- Barriers (PTX ISA 9.7.13.1 bar, barrier): save state, return KGROUP_BARRIER. ---- */

bool cg_emit_barrier(CgContext *cg, const PtxInstr *ins, unsigned kind) {
  CgFlow *fl = flow_of(cg);
  /* Operands: bar.sync a{, b}; bar.red.op d, a{, b}, {!}c. */
  unsigned first = kind == 2 ? 1 : 0;
  unsigned nops = ins->noperands;
  LLVMValueRef id = cg_i32(cg, 0), count = cg_i32(cg, 0);
  PtxType u32 = cg_type_of(".u32");
  if (nops > first) id = cg_first_lane(cg, cg_read(cg, &ins->operands[first], u32));
  unsigned red_src = nops;
  if (kind == 2) {
    red_src = nops - 1;
    if (nops >= 4) count = cg_first_lane(cg, cg_read(cg, &ins->operands[2], u32));
  } else if (nops > first + 1) {
    count = cg_first_lane(cg, cg_read(cg, &ins->operands[first + 1], u32));
  }
  id = LLVMBuildAnd(cg->b, id, cg_i32(cg, 15), "");
  LLVMBuildStore(cg->b, id, cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_id)));
  LLVMBuildStore(cg->b, count, cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_count)));
  LLVMBuildStore(cg->b, cg_i32(cg, kind == 1), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_arrive)));
  LLVMBuildStore(cg->b, cg_popcount_mask(cg, cg->emask),
                 cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_lanes)));
  unsigned red_op = 0;
  if (kind == 2) {
    red_op = cg_has_mod(ins, ".popc") ? 1 : cg_has_mod(ins, ".and") ? 2 : cg_has_mod(ins, ".or") ? 3 : 0;
    if (!red_op) return cg_unsupported(cg, ins, "bar.red operation");
    LLVMValueRef p = cg_read(cg, &ins->operands[red_src], cg_type_of(".pred"));
    LLVMValueRef in;
    if (red_op == 1) {
      in = cg_popcount_mask(cg, LLVMBuildAnd(cg->b, p, cg->emask, ""));
    } else if (red_op == 2) { /* all active lanes true */
      LLVMValueRef bad = LLVMBuildAnd(cg->b, cg->emask, LLVMBuildNot(cg->b, p, ""), "");
      in = LLVMBuildZExt(cg->b, LLVMBuildNot(cg->b, cg_mask_any(cg, bad), ""), cg->t_i32, "");
    } else {
      in = LLVMBuildZExt(cg->b, cg_mask_any(cg, LLVMBuildAnd(cg->b, p, cg->emask, "")), cg->t_i32, "");
    }
    LLVMBuildStore(cg->b, in, cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_red_in)));
  }
  LLVMBuildStore(cg->b, cg_i32(cg, red_op), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_red_op)));
  uint32_t rid = (uint32_t)cg->fn->resumes.len + 1;
  LLVMBasicBlockRef resume = cg_new_bb(cg, "resume"), save = cg_new_bb(cg, "save");
  CgResume r = {resume, save, rid, fl->cfg->stmt_block[cg->stmt]};
  vec_push(&cg->fn->resumes, r);
  LLVMBuildBr(cg->b, save);
  LLVMPositionBuilderAtEnd(cg->b, resume);
  cg->mask = LLVMBuildLoad2(cg->b, cg->v_i1, cg->fn->mask_slot, "");
  cg->emask = cg->mask;
  if (kind == 2) {
    LLVMValueRef out = cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, barrier_red_out));
    PtxType dt = red_op == 1 ? cg_type_of(".u32") : cg_type_of(".pred");
    LLVMValueRef v = red_op == 1 ? cg_splat(cg, out)
                                 : cg_splat(cg, LLVMBuildICmp(cg->b, LLVMIntNE, out, cg_i32(cg, 0), ""));
    cg_write(cg, &ins->operands[0], v, dt);
  }
  return true;
}

/* Yields the group when `cond` (i1) holds: it suspends as at a bar.arrive on barrier 15
 * that no lane counts for, so exec queues it behind the CTA's other groups and resumes it
 * right after. Waits on conditions other groups make true (mbarrier) go through here, as
 * a group never preempts. Afterwards the mask is reloaded: the code that follows is
 * reached from the resume too, so it must not use values from before. */
bool cg_emit_yield(CgContext *cg, LLVMValueRef cond) {
  CgFlow *fl = flow_of(cg);
  LLVMBasicBlockRef y = cg_new_bb(cg, "yield"), cont = cg_new_bb(cg, "yield.cont");
  LLVMBuildCondBr(cg->b, cond, y, cont);
  LLVMPositionBuilderAtEnd(cg->b, y);
  LLVMBuildStore(cg->b, cg_i32(cg, 15), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_id)));
  LLVMBuildStore(cg->b, cg_i32(cg, 0), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_count)));
  LLVMBuildStore(cg->b, cg_i32(cg, 1), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_arrive)));
  LLVMBuildStore(cg->b, cg_i32(cg, 0), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_lanes)));
  LLVMBuildStore(cg->b, cg_i32(cg, 0), cg_ctx_field_ptr(cg, offsetof(KGroupCtx, barrier_red_op)));
  LLVMBasicBlockRef resume = cg_new_bb(cg, "resume"), save = cg_new_bb(cg, "save");
  CgResume r = {resume, save, (uint32_t)cg->fn->resumes.len + 1, fl->cfg->stmt_block[cg->stmt]};
  vec_push(&cg->fn->resumes, r);
  LLVMBuildBr(cg->b, save);
  LLVMPositionBuilderAtEnd(cg->b, resume);
  LLVMBuildBr(cg->b, cont);
  LLVMPositionBuilderAtEnd(cg->b, cont);
  cg->mask = LLVMBuildLoad2(cg->b, cg->v_i1, cg->fn->mask_slot, "");
  cg->emask = cg->ins && cg->ins->guard ? LLVMBuildAnd(cg->b, cg->mask, guard_value(cg, cg->ins), "") : cg->mask;
  return true;
}

/* ---- Calls (PTX ISA 9.7.13.5): .func bodies are LLVM functions
 * void f(KGroupCtx *ctx, <G x i1> mask, <G x i32> tid, ptr ret..., ptr param...). ---- */

static CgFunc *cg_func_get(CgContext *cg, const PtxFunc *f);

/* Whether `f` can suspend at a CTA barrier, its own or one in a function it calls
 * (directly): such a .func gets a frame slot parameter and its call sites become
 * suspension points of the caller. A fixpoint over the module, once per compile. */
static bool func_suspends(CgContext *cg, const PtxFunc *f) {
  const PtxModule *m = cg->ptx;
  if (!cg->func_suspends) {
    uint8_t *fs = ARENA_ARRAY(&cg->cgm->arena, uint8_t, m->nfuncs + 1);
    for (uint32_t i = 0; i < m->nfuncs; i++)
      for (uint32_t s = 0; s < m->funcs[i]->nbody && !fs[i]; s++) {
        const PtxInstr *ins = m->funcs[i]->body[s].kind == PTX_STMT_INSTR ? m->funcs[i]->body[s].instr : NULL;
        if (ins && (ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER || ins->op == PTX_OP_BARRIER_CLUSTER ||
                    ins->op == PTX_OP_MBARRIER_TEST_WAIT || ins->op == PTX_OP_MBARRIER_TRY_WAIT ||
                    ins->op == PTX_OP_NANOSLEEP))
          fs[i] = 1; /* mbarrier waits and nanosleep may yield (cg_emit_yield) */
      }
    for (bool changed = true; changed;) {
      changed = false;
      for (uint32_t i = 0; i < m->nfuncs; i++) {
        if (fs[i]) continue;
        const PtxFunc *g = m->funcs[i];
        for (uint32_t s = 0; s < g->nbody && !fs[i]; s++) {
          const PtxInstr *ins = g->body[s].kind == PTX_STMT_INSTR ? g->body[s].instr : NULL;
          if (!ins || ins->op != PTX_OP_CALL) continue;
          for (uint32_t k = 0; k < ins->noperands; k++) {
            if (ins->operands[k].kind != PTX_OPND_FUNC) continue;
            for (uint32_t j = 0; j < m->nfuncs; j++)
              if (m->funcs[j] == ins->operands[k].func && fs[j]) fs[i] = 1, changed = true;
          }
        }
      }
    }
    cg->func_suspends = fs;
  }
  for (uint32_t i = 0; i < m->nfuncs; i++)
    if (m->funcs[i] == f) return cg->func_suspends[i];
  return false;
}

/* An alloca in the entry block of the function being emitted. */
static LLVMValueRef entry_alloca(CgContext *cg, LLVMTypeRef t, const char *name) {
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(cg->b);
  LLVMPositionBuilder(cg->b, cg->fn->entry_bb, LLVMGetFirstInstruction(cg->fn->entry_bb));
  LLVMValueRef a = LLVMBuildAlloca(cg->b, t, name);
  LLVMSetAlignment(a, 64);
  LLVMPositionBuilderAtEnd(cg->b, cur);
  return a;
}

typedef struct CallLaneCtx {
  const char *what;
  LLVMValueRef a0, a1; /* per-lane argument vectors (i64) */
  LLVMValueRef worker;
} CallLaneCtx;

static LLVMValueRef lane_vprintf(CgContext *cg, LLVMValueRef lane, void *user) {
  CallLaneCtx *c = user;
  LLVMValueRef fmt = LLVMBuildIntToPtr(cg->b, LLVMBuildExtractElement(cg->b, c->a0, lane, ""), cg->t_ptr, "");
  LLVMValueRef args = LLVMBuildIntToPtr(cg->b, LLVMBuildExtractElement(cg->b, c->a1, lane, ""), cg->t_ptr, "");
  LLVMTypeRef pt[3] = {cg->t_ptr, cg->t_ptr, cg->t_ptr};
  LLVMValueRef av[3] = {c->worker, fmt, args};
  return cg_call_extern(cg, "k_rt_vprintf", cg->t_i32, pt, 3, av);
}

static LLVMValueRef lane_malloc(CgContext *cg, LLVMValueRef lane, void *user) {
  CallLaneCtx *c = user;
  LLVMValueRef size = LLVMBuildExtractElement(cg->b, c->a0, lane, "");
  LLVMTypeRef pt[2] = {cg->t_ptr, cg->t_i64};
  LLVMValueRef av[2] = {c->worker, size};
  LLVMValueRef p = cg_call_extern(cg, "k_rt_malloc", cg->t_ptr, pt, 2, av);
  return LLVMBuildPtrToInt(cg->b, p, cg->t_i64, "");
}

static LLVMValueRef lane_free(CgContext *cg, LLVMValueRef lane, void *user) {
  CallLaneCtx *c = user;
  LLVMValueRef p = LLVMBuildIntToPtr(cg->b, LLVMBuildExtractElement(cg->b, c->a0, lane, ""), cg->t_ptr, "");
  LLVMTypeRef pt[2] = {cg->t_ptr, cg->t_ptr};
  LLVMValueRef av[2] = {c->worker, p};
  cg_call_extern(cg, "k_rt_free", cg->t_void, pt, 2, av);
  return NULL;
}

/* Reads a call argument (a .param variable of the caller, a register or an immediate) as
 * a vector of `t`. */
static LLVMValueRef call_arg_value(CgContext *cg, const PtxOperand *o, PtxType t) {
  if (o->kind == PTX_OPND_VAR && o->var->space == PTX_SPACE_PARAM) {
    CgParamSlot *s = cg_param_slot(cg, o->var);
    if (!s) return LLVMGetUndef(cg_vtype(cg, t));
    return LLVMBuildLoad2(cg->b, cg_vtype(cg, t), s->ptr, "");
  }
  return cg_read(cg, o, t);
}

static bool call_split(const PtxInstr *ins, const PtxOperand **rets, const PtxOperand **target,
                       const PtxOperand **params) {
  *rets = *target = *params = NULL;
  for (uint32_t i = 0; i < ins->noperands; i++) {
    const PtxOperand *o = &ins->operands[i];
    if (o->kind == PTX_OPND_LIST) {
      if (!*target)
        *rets = o;
      else if (!*params)
        *params = o;
    } else if (!*target && (o->kind == PTX_OPND_FUNC || o->kind == PTX_OPND_REG)) {
      *target = o;
    }
  }
  return *target != NULL;
}

static bool emit_builtin_call(CgContext *cg, const PtxInstr *ins, const PtxFunc *f,
                              const PtxOperand *rets, const PtxOperand *params) {
  PtxType u64 = cg_type_of(".u64");
  CallLaneCtx c = {f->name, NULL, NULL, NULL};
  c.worker = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, worker));
  uint32_t np = params ? params->list.count : 0;
  if (!strcmp(f->name, "vprintf") && np == 2) {
    c.a0 = call_arg_value(cg, &params->list.elems[0], u64);
    c.a1 = call_arg_value(cg, &params->list.elems[1], u64);
    LLVMValueRef r = cg_for_each_lane(cg, cg->emask, cg->v_i32, lane_vprintf, &c);
    if (rets && rets->list.count == 1) {
      const PtxOperand *ro = &rets->list.elems[0];
      if (ro->kind == PTX_OPND_VAR) {
        CgParamSlot *s = cg_param_slot(cg, ro->var);
        if (s) LLVMBuildStore(cg->b, r, s->ptr);
      } else {
        cg_write(cg, ro, r, cg_type_of(".s32"));
      }
    }
    return true;
  }
  if (!strcmp(f->name, "malloc") && np == 1) {
    c.a0 = call_arg_value(cg, &params->list.elems[0], u64);
    LLVMValueRef r = cg_for_each_lane(cg, cg->emask, cg->v_i64, lane_malloc, &c);
    if (rets && rets->list.count == 1) {
      const PtxOperand *ro = &rets->list.elems[0];
      if (ro->kind == PTX_OPND_VAR) {
        CgParamSlot *s = cg_param_slot(cg, ro->var);
        if (s) LLVMBuildStore(cg->b, r, s->ptr);
      } else {
        cg_write(cg, ro, r, u64);
      }
    }
    return true;
  }
  if (!strcmp(f->name, "free") && np == 1) {
    c.a0 = call_arg_value(cg, &params->list.elems[0], u64);
    cg_for_each_lane(cg, cg->emask, NULL, lane_free, &c);
    return true;
  }
  if (!strcmp(f->name, "__assertfail") && np >= 1) {
    LLVMValueRef msg = cg_first_lane(cg, call_arg_value(cg, &params->list.elems[0], u64));
    msg = LLVMBuildIntToPtr(cg->b, msg, cg->t_ptr, "");
    return cg_emit_trap(cg, ins, KTRAP_ASSERT, msg);
  }
  return cg_unsupported(cg, ins, "call to external function %s", f->name);
}

static bool call_finish(CgContext *cg, const PtxFunc *f, const PtxOperand *rets, LLVMValueRef *temps,
                        LLVMValueRef *args, LLVMValueRef exited, LLVMValueRef lanes, bool check_trap);

/* Calls `f` for the lanes in `lanes` with the call's arguments. */
static bool emit_direct_call(CgContext *cg, const PtxInstr *ins, const PtxFunc *f, const PtxOperand *rets,
                             const PtxOperand *params, LLVMValueRef lanes) {
  CgFunc *callee = cg_func_get(cg, f);
  if (!callee) return false;
  uint32_t nr = rets ? rets->list.count : 0, np = params ? params->list.count : 0;
  if (nr != f->nrets || np != f->nparams)
    return cg_error(cg, ins->loc, "call to %s with %u results and %u arguments, it has %u and %u",
                    f->name, nr, np, f->nrets, f->nparams);
  bool suspends = func_suspends(cg, f);
  CgFlow *fl = flow_of(cg);
  unsigned nargs = 3 + nr + np + suspends;
  LLVMValueRef *args = xcalloc(nargs, sizeof *args);
  LLVMValueRef *temps = xcalloc(nr + np + 1, sizeof *temps);
  args[0] = cg->fn->ctx;
  args[1] = LLVMBuildBitCast(cg->b, lanes, LLVMIntTypeInContext(cg->ctx, cg->G), "");
  args[2] = cg->tid_linear;
  for (uint32_t i = 0; i < nr + np; i++) {
    const PtxOperand *o = i < nr ? &rets->list.elems[i] : &params->list.elems[i - nr];
    const PtxVar *formal = i < nr ? f->rets[i] : f->params[i - nr];
    if (o->kind == PTX_OPND_VAR && o->var->space == PTX_SPACE_PARAM) {
      CgParamSlot *s = cg_param_slot(cg, o->var);
      args[3 + i] = s ? s->ptr : LLVMConstNull(cg->t_ptr);
      continue;
    }
    /* A register or immediate argument: a temporary G-interleaved slot. */
    uint64_t size = ptx_var_size(formal);
    if (!size) size = 8;
    LLVMValueRef tmp = entry_alloca(cg, LLVMArrayType(cg->t_i8, size * cg->G), "argtmp");
    vec_push(&fl->saved, tmp);
    temps[i] = tmp;
    args[3 + i] = tmp;
    if (i >= nr) LLVMBuildStore(cg->b, cg_read(cg, o, formal->type), tmp);
  }
  /* A callee that can suspend at a barrier: the call site is a suspension point of ours.
   * The callee leaves its frame in `child` and returns; we save our state (child included)
   * and return too; on resume we call it again from `site` with that frame, and it picks up
   * where it stopped. What the call needs after a resume lives in allocas we save. */
  LLVMValueRef child = NULL;
  if (suspends) {
    LLVMValueRef lanes_slot = entry_alloca(cg, cg->v_i1, "call.lanes");
    child = entry_alloca(cg, cg->t_ptr, "call.frame");
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(cg->b);
    LLVMPositionBuilderBefore(cg->b, LLVMGetBasicBlockTerminator(cg->fn->entry_bb));
    LLVMBuildStore(cg->b, LLVMConstNull(cg->t_ptr), child); /* a resume then restores it */
    LLVMPositionBuilderAtEnd(cg->b, cur);
    vec_push(&fl->saved, lanes_slot);
    vec_push(&fl->saved, child);
    LLVMBuildStore(cg->b, lanes, lanes_slot);
    LLVMBasicBlockRef site = cg_new_bb(cg, "call.site");
    LLVMBuildBr(cg->b, site);
    LLVMPositionBuilderAtEnd(cg->b, site);
    lanes = LLVMBuildLoad2(cg->b, cg->v_i1, lanes_slot, "lanes");
    args[1] = LLVMBuildBitCast(cg->b, lanes, LLVMIntTypeInContext(cg->ctx, cg->G), "");
    args[nargs - 1] = child;
    LLVMValueRef exited = LLVMBuildCall2(cg->b, callee->fn_type, callee->fn, args, nargs, "exited");
    LLVMValueRef tk = cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, trap_kind));
    LLVMBasicBlockRef ok = cg_new_bb(cg, "call.ok"), save = cg_new_bb(cg, "save"),
                      done = cg_new_bb(cg, "call.done");
    LLVMBuildCondBr(cg->b, LLVMBuildICmp(cg->b, LLVMIntNE, tk, cg_i32(cg, 0), ""), fl->trap_bb, ok);
    LLVMPositionBuilderAtEnd(cg->b, ok);
    LLVMValueRef cf = LLVMBuildLoad2(cg->b, cg->t_ptr, child, "");
    CgResume r = {site, save, (uint32_t)cg->fn->resumes.len + 1, fl->cfg->stmt_block[cg->stmt]};
    vec_push(&cg->fn->resumes, r);
    LLVMBuildCondBr(cg->b, LLVMBuildIsNotNull(cg->b, cf, ""), save, done);
    LLVMPositionBuilderAtEnd(cg->b, done);
    cg->mask = LLVMBuildLoad2(cg->b, cg->v_i1, cg->fn->mask_slot, "");
    return call_finish(cg, f, rets, temps, args, exited, lanes, false);
  }
  LLVMValueRef exited = LLVMBuildCall2(cg->b, callee->fn_type, callee->fn, args, nargs, "exited");
  return call_finish(cg, f, rets, temps, args, exited, lanes, true);
}

/* After a call: results into registers, a trap in the callee unwinds (if not checked
 * yet), lanes that ran `exit` leave. */
static bool call_finish(CgContext *cg, const PtxFunc *f, const PtxOperand *rets, LLVMValueRef *temps,
                        LLVMValueRef *args, LLVMValueRef exited, LLVMValueRef lanes, bool check_trap) {
  uint32_t nr = rets ? rets->list.count : 0;
  exited = LLVMBuildAnd(cg->b, LLVMBuildBitCast(cg->b, exited, cg->v_i1, ""), lanes, "");
  LLVMValueRef saved = cg->emask;
  cg->emask = lanes; /* results land in the called lanes only */
  for (uint32_t i = 0; i < nr; i++) {
    if (!temps[i]) continue;
    const PtxVar *formal = f->rets[i];
    LLVMValueRef v = LLVMBuildLoad2(cg->b, cg_vtype(cg, formal->type), temps[i], "");
    cg_write(cg, &rets->list.elems[i], v, formal->type);
  }
  cg->emask = saved;
  free(args);
  free(temps);
  /* A trap in the callee unwinds through here. */
  CgFlow *fl = flow_of(cg);
  if (check_trap) {
    LLVMValueRef tk = cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, trap_kind));
    LLVMBasicBlockRef ok = cg_new_bb(cg, "call.ok");
    LLVMBuildCondBr(cg->b, LLVMBuildICmp(cg->b, LLVMIntNE, tk, cg_i32(cg, 0), ""), fl->trap_bb, ok);
    LLVMPositionBuilderAtEnd(cg->b, ok);
  }
  /* Lanes that ran `exit` in the callee are gone: out of the mask (and reported to our own
   * caller from a .func); with none left, the block ends here, since an empty mask must not
   * run on (a loop's branch would spin on it). */
  LLVMBasicBlockRef some_exit = cg_new_bb(cg, "call.exit"), cont = cg_new_bb(cg, "call.cont");
  LLVMBuildCondBr(cg->b, cg_mask_any(cg, exited), some_exit, cont);
  LLVMPositionBuilderAtEnd(cg->b, some_exit);
  if (fl->exited) {
    LLVMValueRef old = LLVMBuildLoad2(cg->b, cg->v_i1, fl->exited, "");
    LLVMBuildStore(cg->b, LLVMBuildOr(cg->b, old, exited, ""), fl->exited);
  }
  LLVMValueRef cur = LLVMBuildLoad2(cg->b, cg->v_i1, cg->fn->mask_slot, "");
  LLVMValueRef rest = LLVMBuildAnd(cg->b, cur, LLVMBuildNot(cg->b, exited, ""), "");
  LLVMBuildStore(cg->b, rest, cg->fn->mask_slot);
  LLVMBasicBlockRef gone = cg_new_bb(cg, "call.allexit");
  LLVMBuildCondBr(cg->b, cg_mask_any(cg, rest), cont, gone);
  LLVMPositionBuilderAtEnd(cg->b, gone);
  flow_leave(cg);
  LLVMPositionBuilderAtEnd(cg->b, cont);
  cg->mask = LLVMBuildLoad2(cg->b, cg->v_i1, cg->fn->mask_slot, "");
  return true;
}

bool cg_emit_call(CgContext *cg, const PtxInstr *ins) {
  const PtxOperand *rets, *target, *params;
  if (!call_split(ins, &rets, &target, &params)) return cg_unsupported(cg, ins, "call form");
  if (target->kind == PTX_OPND_FUNC) {
    const PtxFunc *f = target->func;
    if (f->is_declaration || !f->body) return emit_builtin_call(cg, ins, f, rets, params);
    return emit_direct_call(cg, ins, f, rets, params, cg->emask);
  }
  /* Indirect call: a function value per lane. Each defined .func with the call's arity is
   * a candidate; the lanes holding its handle call it, in module order; lanes holding no
   * function's address trap (an illegal instruction on a GPU). */
  uint32_t nr = rets ? rets->list.count : 0, np = params ? params->list.count : 0;
  LLVMValueRef tv = cg_read(cg, target, cg_type_of(".u64"));
  LLVMValueRef all = cg->emask, handled = LLVMConstNull(cg->v_i1);
  for (uint32_t i = 0; i < cg->ptx->nfuncs; i++) {
    const PtxFunc *f = cg->ptx->funcs[i];
    if (f->is_entry || !f->body || f->nrets != nr || f->nparams != np) continue;
    if (func_suspends(cg, f))
      return cg_unsupported(cg, ins, "indirect call that may reach a barrier (in %s)", f->name);
    LLVMValueRef h = cg_splat(cg, cg_func_handle_value(cg, f));
    LLVMValueRef lanes = LLVMBuildAnd(cg->b, all, LLVMBuildICmp(cg->b, LLVMIntEQ, tv, h, ""), "");
    handled = LLVMBuildOr(cg->b, handled, lanes, "");
    LLVMBasicBlockRef go = cg_new_bb(cg, "icall"), next = cg_new_bb(cg, "icall.next");
    LLVMBuildCondBr(cg->b, cg_mask_any(cg, lanes), go, next);
    LLVMPositionBuilderAtEnd(cg->b, go);
    if (!emit_direct_call(cg, ins, f, rets, params, lanes)) return false;
    LLVMBuildBr(cg->b, next);
    LLVMPositionBuilderAtEnd(cg->b, next);
  }
  LLVMValueRef saved = cg->emask;
  cg->emask = LLVMBuildAnd(cg->b, all, LLVMBuildNot(cg->b, handled, ""), "");
  cg_emit_trap(cg, ins, KTRAP_ILLEGAL_INSTRUCTION, NULL);
  cg->emask = saved;
  return true;
}

/* ---- Function bodies. ---- */

static void cg_flow_slots(CgContext *cg, CgFunc *F, CgFlow *fl, Arena *a) {
  const PtxFunc *f = F->ptx;
  F->reg_slot = ARENA_ARRAY(a, LLVMValueRef, f->nregs + 1);
  F->reg_type = ARENA_ARRAY(a, LLVMTypeRef, f->nregs + 1);
  for (uint32_t i = 0; i < f->nregs; i++) {
    const PtxReg *r = f->regs[i];
    LLVMTypeRef vt = cg_vtype(cg, r->type);
    F->reg_type[r->id] = vt;
    F->reg_slot[r->id] = LLVMBuildAlloca(cg->b, vt, r->name);
    /* Registers start as zero rather than undef: PTX leaves them unspecified, and zeros
     * keep runs reproducible between G = 1 and G = 32. */
    LLVMBuildStore(cg->b, LLVMConstNull(vt), F->reg_slot[r->id]);
  }
  F->mask_slot = LLVMBuildAlloca(cg->b, cg->v_i1, "mask");
  F->carry_slot = LLVMBuildAlloca(cg->b, cg->v_i1, "carry");
  LLVMBuildStore(cg->b, LLVMConstNull(cg->v_i1), F->carry_slot);
  fl->pending = ARENA_ARRAY(a, LLVMValueRef, fl->cfg->nblocks + 1);
  fl->entry = ARENA_ARRAY(a, LLVMBasicBlockRef, fl->cfg->nblocks + 1);
  for (uint32_t p = 0; p < fl->nreach; p++) {
    uint32_t blk = fl->pos_block[p];
    fl->pending[blk] = LLVMBuildAlloca(cg->b, cg->v_i1, "pending");
    LLVMBuildStore(cg->b, LLVMConstNull(cg->v_i1), fl->pending[blk]);
  }
}

/* .local variables of the function: a per-lane frame. For the kernel it is exec's
 * ctx->local (lane l at local + l*local_size); a .func gets an alloca per call so
 * recursion works. Local addresses are host addresses (cvta.local is the identity). */
static void cg_local_layout(CgContext *cg, CgFunc *F) {
  const PtxFunc *f = F->ptx;
  uint64_t off = 0;
  map_init(&F->local_offsets, NULL);
  for (uint32_t i = 0; i < f->nlocals; i++) {
    const PtxVar *v = f->locals[i];
    if (v->space != PTX_SPACE_LOCAL) continue;
    uint32_t al = ptx_var_align(v);
    if (!al) al = 1;
    off = ALIGN_UP(off, al);
    map_put(&F->local_offsets, (const char *)&v, sizeof v, (void *)(uintptr_t)(off + 1));
    off += ptx_var_size(v);
  }
  F->local_size = (uint32_t)ALIGN_UP(off, 16);
}

LLVMValueRef cg_var_address(CgContext *cg, const PtxVar *var);

/* The alignment a frame offset guarantees (frames are 64-byte aligned). */
static unsigned frame_align(uint64_t off) {
  unsigned a = 64;
  while (a > 1 && off % a) a /= 2;
  return a;
}

/* The block does nothing but ret/exit (labels aside). */
static bool block_only_leaves(const PtxFunc *f, const Cfg *cfg, uint32_t blk) {
  const CfgBlock *b = &cfg->blocks[blk];
  if ((b->term_kind != CFG_TERM_RET && b->term_kind != CFG_TERM_EXIT) || b->guarded) return false;
  for (uint32_t st = b->first; st < b->end; st++)
    if (f->body[st].kind == PTX_STMT_INSTR && st != b->term) return false;
  return true;
}

static bool cg_func_body(CgContext *cg, CgFunc *F) {
  const PtxFunc *f = F->ptx;
  Arena *a = &cg->cgm->arena;
  CgFlow *fl = ARENA_NEW(a, CgFlow);
  F->flow = fl;
  fl->cfg = cfg_build(f, a, cg->diags);
  if (!fl->cfg) {
    cg->failed = true;
    return false;
  }
  /* Shapes are an optimisation: without them every value is treated as varying. */
  if (!getenv("PTXVM_NO_SHAPES")) {
    DiagSink scratch;
    diag_init(&scratch, NULL, NULL, 0);
    DomInfo *dom = dom_compute(fl->cfg, a);
    if (dom && loop_verify(fl->cfg, dom, &scratch))
      F->shapes = shape_compute(fl->cfg, dom, cg->block, cg->G, a, &scratch);
    diag_fini(&scratch);
  }
  Cfg *cfg = fl->cfg;
  fl->nreach = cfg->nreachable;
  fl->pos_block = cfg->order;
  flow_compute_intervals(fl, a);
  for (uint32_t i = 0; i < cfg->nblocks; i++) {
    const CfgBlock *b = &cfg->blocks[i];
    if (!b->reachable) continue;
    if (b->term_kind == CFG_TERM_BRX) F->divergent = true;
    /* A guarded branch one of whose sides only returns (the bounds check of nearly every
     * kernel) splits nothing that matters: the lanes it sets aside never read a register
     * again, so writes need no blending on their account. */
    if (b->guarded && b->term_kind == CFG_TERM_BRA && b->nsuccs == 2 &&
        !block_only_leaves(f, cfg, b->succs[0]) && !block_only_leaves(f, cfg, b->succs[1]))
      F->divergent = true;
  }

  CgFunc *saved_fn = cg->fn;
  LLVMValueRef saved_tid = cg->tid_linear, saved_mask = cg->mask, saved_emask = cg->emask;
  const PtxInstr *saved_ins = cg->ins;
  uint32_t saved_stmt = cg->stmt; /* a callee is built in the middle of its call site */
  LLVMBasicBlockRef saved_bb = LLVMGetInsertBlock(cg->b);
  cg->fn = F;
  F->entry_bb = LLVMAppendBasicBlockInContext(cg->ctx, F->fn, "entry");
  LLVMPositionBuilderAtEnd(cg->b, F->entry_bb);
  F->ctx = LLVMGetParam(F->fn, 0);
  cg_flow_slots(cg, F, fl, a);
  cg_local_layout(cg, F);
  for (uint32_t p = 0; p < fl->nreach; p++) {
    uint32_t blk = fl->pos_block[p];
    char name[32];
    snprintf(name, sizeof name, "B%u", blk);
    fl->entry[blk] = cg_new_bb(cg, name);
  }
  F->exit_bb = cg_new_bb(cg, "exit");
  fl->trap_bb = cg_new_bb(cg, "trapped");

  /* Lanes and the initial mask. */
  LLVMValueRef mask0;
  if (F->is_kernel) {
    LLVMValueRef gi = cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, group_index));
    gi = LLVMBuildMul(cg->b, gi, cg_i32(cg, cg->G), "");
    cg->tid_linear = LLVMBuildAdd(cg->b, cg_splat(cg, gi), cg->lane, "tid");
    mask0 = LLVMBuildICmp(cg->b, LLVMIntULT, cg->tid_linear, cg_const_int(cg, cg->t_i32, cg->nthreads), "live");
    if (F->local_size) {
      F->local_base = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, local));
    }
  } else {
    mask0 = LLVMBuildBitCast(cg->b, LLVMGetParam(F->fn, 1), cg->v_i1, "mask.in");
    fl->exited = LLVMBuildAlloca(cg->b, cg->v_i1, "exited");
    LLVMBuildStore(cg->b, LLVMConstNull(cg->v_i1), fl->exited);
    vec_push(&fl->saved, fl->exited);
    cg->tid_linear = LLVMGetParam(F->fn, 2);
    if (F->local_size) {
      F->local_base = LLVMBuildAlloca(cg->b, LLVMArrayType(cg->t_i8, (uint64_t)F->local_size * cg->G), "locals");
      LLVMSetAlignment(F->local_base, 16);
      vec_push(&fl->saved, F->local_base); /* a barrier in the function keeps its locals */
    }
    /* Parameters: pointers to the caller's G-interleaved slots. */
    for (uint32_t i = 0; i < f->nrets + f->nparams; i++) {
      const PtxVar *v = i < f->nrets ? f->rets[i] : f->params[i - f->nrets];
      if (v->space != PTX_SPACE_PARAM) {
        cg->ins = NULL;
        cg_unsupported(cg, NULL, "register parameter %s of .func %s", v->name, f->name);
        continue;
      }
      CgParamSlot s = {v, LLVMGetParam(F->fn, 3 + i)};
      vec_push(&F->params, s);
    }
  }
  LLVMBuildStore(cg->b, mask0, fl->pending[cfg->blocks[0].id]);
  LLVMValueRef entry_tid = cg->tid_linear;

  /* Barrier frame: written by the save block, read back by the restore block. */
  LLVMBasicBlockRef start = cg_new_bb(cg, "start");
  bool barriers = func_suspends(cg, f);
  LLVMBasicBlockRef restore = NULL;
  if (barriers) {
    restore = cg_new_bb(cg, "restore");
    fl->frame_slot = F->is_kernel ? cg_ctx_field_ptr(cg, offsetof(KGroupCtx, frame))
                                  : LLVMGetParam(F->fn, 3 + f->nrets + f->nparams);
    LLVMValueRef fr = LLVMBuildLoad2(cg->b, cg->t_ptr, fl->frame_slot, "");
    LLVMBuildCondBr(cg->b, LLVMBuildIsNotNull(cg->b, fr, ""), restore, start);
  } else {
    LLVMBuildBr(cg->b, start);
  }
  LLVMPositionBuilderAtEnd(cg->b, start);
  LLVMBuildBr(cg->b, fl->entry[cfg->blocks[0].id]);

  /* Blocks in priority order. */
  for (uint32_t p = 0; p < fl->nreach && !cg->failed; p++) {
    uint32_t blk = fl->pos_block[p];
    const CfgBlock *b = &cfg->blocks[blk];
    fl->cur_pos = p;
    LLVMPositionBuilderAtEnd(cg->b, fl->entry[blk]);
    LLVMValueRef m = LLVMBuildLoad2(cg->b, cg->v_i1, fl->pending[blk], "");
    LLVMBuildStore(cg->b, LLVMConstNull(cg->v_i1), fl->pending[blk]);
    cg_set_mask(cg, m);
    const PtxInstr *term = NULL;
    for (uint32_t s = b->first; s < b->end && !cg->failed; s++) {
      const PtxStmt *st = &f->body[s];
      if (st->kind != PTX_STMT_INSTR) continue;
      const PtxInstr *ins = st->instr;
      cg->ins = ins;
      cg->stmt = s;
      cg->mask = LLVMBuildLoad2(cg->b, cg->v_i1, F->mask_slot, "");
      cg->emask = cg->mask;
      if (ins->guard) cg->emask = LLVMBuildAnd(cg->b, cg->mask, guard_value(cg, ins), "emask");
      if (s == b->term) {
        term = ins;
        break;
      }
      CgEmitFn emit = cg_op_emitter(ins->op);
      if (!emit) {
        cg_unsupported(cg, ins, "no code generator for this instruction");
        break;
      }
      if (!emit(cg, ins)) {
        if (!cg->failed) cg_unsupported(cg, ins, "this form");
        break;
      }
    }
    if (cg->failed) break;
    switch (b->term_kind) {
    case CFG_TERM_NONE:
      if (b->nsuccs) {
        pending_or(cg, b->succs[0], cg->mask);
        flow_goto(cg, b->succs[0]);
      } else {
        flow_leave(cg);
      }
      break;
    case CFG_TERM_BRA: emit_bra(cg, b, term); break;
    case CFG_TERM_BRX: emit_brx(cg, b, term); break;
    case CFG_TERM_RET:
    case CFG_TERM_EXIT:
    case CFG_TERM_TRAP: {
      if (b->term_kind == CFG_TERM_TRAP)
        cg_emit_trap(cg, term, KTRAP_TRAP, NULL);
      else if (!cg_emit_ret(cg, term, b->term_kind == CFG_TERM_EXIT))
        break;
      if (b->guarded && b->nsuccs) {
        LLVMValueRef rest = LLVMBuildAnd(cg->b, cg->mask, LLVMBuildNot(cg->b, cg->emask, ""), "");
        LLVMBasicBlockRef go = cg_new_bb(cg, "ret.some"), leave = cg_new_bb(cg, "ret.all");
        LLVMBuildCondBr(cg->b, cg_mask_any(cg, rest), go, leave);
        LLVMPositionBuilderAtEnd(cg->b, go);
        pending_or(cg, b->succs[0], rest);
        flow_goto(cg, b->succs[0]);
        LLVMPositionBuilderAtEnd(cg->b, leave);
      }
      flow_leave(cg);
      break;
    }
    }
  }

  /* Exit: the group is done (kernel) or the call returns. */
  LLVMPositionBuilderAtEnd(cg->b, F->exit_bb);
  if (barriers) {
    LLVMValueRef fr = LLVMBuildLoad2(cg->b, cg->t_ptr, fl->frame_slot, "");
    LLVMBasicBlockRef fb = cg_new_bb(cg, "frame.free"), done = cg_new_bb(cg, "done");
    LLVMBuildCondBr(cg->b, LLVMBuildIsNotNull(cg->b, fr, ""), fb, done);
    LLVMPositionBuilderAtEnd(cg->b, fb);
    LLVMValueRef w = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, worker));
    LLVMTypeRef pt[2] = {cg->t_ptr, cg->t_ptr};
    LLVMValueRef av[2] = {w, fr};
    cg_call_extern(cg, "k_rt_frame_free", cg->t_void, pt, 2, av);
    LLVMBuildStore(cg->b, LLVMConstNull(cg->t_ptr), fl->frame_slot); /* a .func: "returned" */
    LLVMBuildBr(cg->b, done);
    LLVMPositionBuilderAtEnd(cg->b, done);
  }
  if (F->is_kernel) {
    LLVMBuildRet(cg->b, cg_i32(cg, KGROUP_DONE));
  } else {
    LLVMValueRef ex = LLVMBuildLoad2(cg->b, cg->v_i1, fl->exited, "");
    LLVMBuildRet(cg->b, LLVMBuildBitCast(cg->b, ex, LLVMIntTypeInContext(cg->ctx, cg->G), ""));
  }
  LLVMPositionBuilderAtEnd(cg->b, fl->trap_bb);
  if (F->is_kernel)
    LLVMBuildRet(cg->b, cg_i32(cg, KGROUP_TRAP));
  else
    LLVMBuildRet(cg->b, LLVMConstNull(LLVMIntTypeInContext(cg->ctx, cg->G)));

  /* The barrier split: at each barrier the registers that may still be read (mentioned in
   * a block reachable from it), the mask, the carry and the pending masks go to the frame;
   * the matching restore block loads them back. */
  if (barriers) {
    LLVMTargetDataRef td = LLVMGetModuleDataLayout(cg->mod);
    uint32_t nfixed = 2 + fl->nreach + (uint32_t)fl->saved.len;
    uint32_t nslots = f->nregs + nfixed;
    LLVMValueRef *slots = xcalloc(nslots, sizeof *slots);
    for (uint32_t i = 0; i < f->nregs; i++) slots[i] = F->reg_slot[f->regs[i]->id];
    slots[f->nregs] = F->mask_slot;
    slots[f->nregs + 1] = F->carry_slot;
    for (uint32_t p = 0; p < fl->nreach; p++) slots[f->nregs + 2 + p] = fl->pending[fl->pos_block[p]];
    for (size_t i = 0; i < fl->saved.len; i++) slots[f->nregs + 2 + fl->nreach + i] = fl->saved.data[i];
    uint64_t *offs = xcalloc(nslots + 1, sizeof *offs);
    uint64_t off = 64; /* the resume id first */
    for (size_t i = 0; i < nslots; i++) {
      LLVMTypeRef t = LLVMGetAllocatedType(slots[i]);
      unsigned al = LLVMABIAlignmentOfType(td, t);
      if (al > 64) al = 64;
      off = ALIGN_UP(off, al);
      offs[i] = off;
      off += LLVMABISizeOfType(td, t);
    }
    uint32_t frame_size = (uint32_t)ALIGN_UP(off, 64);
    if (F->is_kernel) cg->frame_size = frame_size;
    /* Registers mentioned per block. */
    uint32_t words = (f->nregs + 63) / 64 + 1;
    uint64_t *mention = xcalloc((size_t)cfg->nblocks * words, sizeof *mention);
    for (uint32_t bi = 0; bi < cfg->nblocks; bi++) {
      const CfgBlock *b = &cfg->blocks[bi];
      for (uint32_t st = b->first; st < b->end; st++) {
        if (f->body[st].kind != PTX_STMT_INSTR) continue;
        const PtxInstr *ins = f->body[st].instr;
        const PtxOperand *stack[64];
        unsigned sp = 0;
        if (ins->guard) stack[sp++] = ins->guard;
        for (uint32_t k = 0; k < ins->noperands && sp < 64; k++) stack[sp++] = &ins->operands[k];
        while (sp) {
          const PtxOperand *o = stack[--sp];
          if (o->kind == PTX_OPND_REG) {
            uint32_t id = o->reg->id;
            mention[(size_t)bi * words + id / 64] |= 1ull << (id % 64);
          } else if (o->kind == PTX_OPND_ADDR && o->addr.base) {
            if (sp < 64) stack[sp++] = o->addr.base;
          } else if (o->kind == PTX_OPND_VEC || o->kind == PTX_OPND_LIST || o->kind == PTX_OPND_PAIR ||
                     o->kind == PTX_OPND_TEX) { /* [texture, {coordinates}] reads registers too */
            for (uint32_t e = 0; e < o->list.count && sp < 64; e++) stack[sp++] = &o->list.elems[e];
          }
        }
      }
    }
    uint64_t *live = xcalloc(words, sizeof *live);
    uint8_t *seen = xcalloc(cfg->nblocks + 1, 1);
    uint32_t *work = xcalloc(cfg->nblocks + 1, sizeof *work);
    LLVMBasicBlockRef *restores = xcalloc(F->resumes.len + 1, sizeof *restores);
    for (size_t r = 0; r < F->resumes.len; r++) {
      CgResume *rs = &F->resumes.data[r];
      memset(live, 0, words * sizeof *live);
      memset(seen, 0, cfg->nblocks + 1);
      uint32_t nw = 0;
      const CfgBlock *bb0 = &cfg->blocks[rs->block];
      for (uint32_t w = 0; w < words; w++) live[w] |= mention[(size_t)rs->block * words + w];
      for (uint32_t k = 0; k < bb0->nsuccs; k++)
        if (!seen[bb0->succs[k]]) seen[bb0->succs[k]] = 1, work[nw++] = bb0->succs[k];
      while (nw) {
        uint32_t bi = work[--nw];
        for (uint32_t w = 0; w < words; w++) live[w] |= mention[(size_t)bi * words + w];
        for (uint32_t k = 0; k < cfg->blocks[bi].nsuccs; k++) {
          uint32_t sb = cfg->blocks[bi].succs[k];
          if (!seen[sb]) seen[sb] = 1, work[nw++] = sb;
        }
      }
      /* save */
      LLVMPositionBuilderAtEnd(cg->b, rs->save);
      LLVMValueRef fp = fl->frame_slot;
      LLVMValueRef fr = LLVMBuildLoad2(cg->b, cg->t_ptr, fp, "");
      LLVMBasicBlockRef alloc = cg_new_bb(cg, "frame.alloc"), have = cg_new_bb(cg, "frame.have");
      LLVMBuildCondBr(cg->b, LLVMBuildIsNull(cg->b, fr, ""), alloc, have);
      LLVMPositionBuilderAtEnd(cg->b, alloc);
      LLVMValueRef w = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, worker));
      LLVMTypeRef pt[3] = {cg->t_ptr, cg->t_i64, cg->t_i64};
      LLVMValueRef av[3] = {w, cg_i64(cg, frame_size), cg_i64(cg, 64)};
      LLVMValueRef nf = cg_call_extern(cg, "k_rt_frame_alloc", cg->t_ptr, pt, 3, av);
      LLVMBuildStore(cg->b, nf, fp);
      LLVMBuildBr(cg->b, have);
      LLVMPositionBuilderAtEnd(cg->b, have);
      LLVMValueRef frm = LLVMBuildPhi(cg->b, cg->t_ptr, "frame");
      LLVMValueRef iv[2] = {fr, nf};
      LLVMBasicBlockRef ib[2] = {rs->save, alloc};
      LLVMAddIncoming(frm, iv, ib, 2);
      LLVMBuildStore(cg->b, cg_i32(cg, rs->id), frm);
      restores[r] = cg_new_bb(cg, "restore.site");
      for (uint32_t pass = 0; pass < 2; pass++) {
        if (pass == 1) {
          LLVMPositionBuilderAtEnd(cg->b, restores[r]);
          frm = LLVMBuildLoad2(cg->b, cg->t_ptr, fl->frame_slot, "");
        }
        for (uint32_t i = 0; i < nslots; i++) {
          if (i < f->nregs) {
            uint32_t id = f->regs[i]->id;
            if (!(live[id / 64] >> (id % 64) & 1)) continue;
          }
          LLVMTypeRef t = LLVMGetAllocatedType(slots[i]);
          LLVMValueRef idx = cg_i64(cg, offs[i]);
          LLVMValueRef ptr = LLVMBuildGEP2(cg->b, cg->t_i8, frm, &idx, 1, "");
          if (pass == 0) {
            LLVMValueRef st = LLVMBuildStore(cg->b, LLVMBuildLoad2(cg->b, t, slots[i], ""), ptr);
            LLVMSetAlignment(st, frame_align(offs[i]));
          } else {
            LLVMValueRef ld = LLVMBuildLoad2(cg->b, t, ptr, "");
            LLVMSetAlignment(ld, frame_align(offs[i]));
            LLVMBuildStore(cg->b, ld, slots[i]);
          }
        }
        if (pass == 0 && F->is_kernel)
          LLVMBuildRet(cg->b, cg_i32(cg, KGROUP_BARRIER));
        else if (pass == 0) /* a .func: the caller sees the frame in its slot */
          LLVMBuildRet(cg->b, LLVMConstNull(LLVMIntTypeInContext(cg->ctx, cg->G)));
        else
          LLVMBuildBr(cg->b, rs->bb);
      }
    }
    /* dispatch */
    LLVMPositionBuilderAtEnd(cg->b, restore);
    LLVMValueRef fr = LLVMBuildLoad2(cg->b, cg->t_ptr, fl->frame_slot, "");
    LLVMValueRef rid = LLVMBuildLoad2(cg->b, cg->t_i32, fr, "");
    LLVMValueRef sw = LLVMBuildSwitch(cg->b, rid, start, (unsigned)F->resumes.len);
    for (size_t i = 0; i < F->resumes.len; i++) LLVMAddCase(sw, cg_i32(cg, F->resumes.data[i].id), restores[i]);
    free(restores);
    free(work);
    free(seen);
    free(live);
    free(mention);
    free(offs);
    free(slots);
  }
  (void)entry_tid;
  vec_free(&fl->saved);
  cg->fn = saved_fn;
  cg->tid_linear = saved_tid;
  cg->mask = saved_mask;
  cg->emask = saved_emask;
  cg->ins = saved_ins;
  cg->stmt = saved_stmt;
  if (saved_bb) LLVMPositionBuilderAtEnd(cg->b, saved_bb);
  return !cg->failed;
}

/* Declares (and on first use builds) the LLVM function of a .func. */
static CgFunc *cg_func_get(CgContext *cg, const PtxFunc *f) {
  uint32_t idx = 0;
  while (idx < cg->ptx->nfuncs && cg->ptx->funcs[idx] != f) idx++;
  if (idx == cg->ptx->nfuncs) return NULL;
  if (cg->funcs[idx]) return cg->funcs[idx];
  CgFunc *F = ARENA_NEW(&cg->cgm->arena, CgFunc);
  F->ptx = f;
  cg->funcs[idx] = F;
  /* A function that can suspend takes its frame slot last (emit_direct_call). */
  unsigned n = 3 + f->nrets + f->nparams + func_suspends(cg, f);
  LLVMTypeRef *pt = xcalloc(n, sizeof *pt);
  pt[0] = cg->t_ptr;
  /* The mask travels as an integer: <G x i1> arguments trip the x86 backend. */
  pt[1] = LLVMIntTypeInContext(cg->ctx, cg->G);
  pt[2] = cg->v_i32;
  for (unsigned i = 3; i < n; i++) pt[i] = cg->t_ptr;
  /* It returns the lanes that ran `exit` (same integer form as the mask). */
  F->fn_type = LLVMFunctionType(pt[1], pt, n, false);
  free(pt);
  char name[256];
  snprintf(name, sizeof name, "ptx.func.%s", f->name);
  F->fn = LLVMAddFunction(cg->mod, name, F->fn_type);
  LLVMSetLinkage(F->fn, LLVMInternalLinkage);
  if (!cg_func_body(cg, F)) return NULL;
  return F;
}

/* The heap parts of a CgFunc (the struct itself is in the module arena), once its LLVM
 * function is built. */
void cg_func_release(CgFunc *F) {
  vec_free(&F->params);
  vec_free(&F->resumes);
  map_fini(&F->local_offsets);
}

bool cg_build_kernel(CgContext *cg, const PtxFunc *f, const char *symbol) {
  CgFunc *F = ARENA_NEW(&cg->cgm->arena, CgFunc);
  F->ptx = f;
  F->is_kernel = true;
  LLVMTypeRef pt = cg->t_ptr;
  F->fn_type = LLVMFunctionType(cg->t_i32, &pt, 1, false);
  F->fn = LLVMAddFunction(cg->mod, symbol, F->fn_type);
  for (uint32_t i = 0; i < cg->ptx->nfuncs; i++)
    if (cg->ptx->funcs[i] == f) cg->funcs[i] = F;
  bool ok = cg_func_body(cg, F);
  cg->has_barriers = ok && F->resumes.len > 0;
  return ok;
}

/* The host address of a .local variable for each lane, when `var` belongs to the
 * function being emitted. */
LLVMValueRef cg_local_var_address(CgContext *cg, const PtxVar *var);
LLVMValueRef cg_local_var_address(CgContext *cg, const PtxVar *var) {
  CgFunc *F = cg->fn;
  void *v = map_find(&F->local_offsets, (const char *)&var, sizeof var);
  if (!v || !F->local_base) {
    cg_unsupported(cg, cg->ins, ".local variable %s of another function", var->name);
    return cg_zero(cg, cg->v_i64);
  }
  uint64_t off = (uintptr_t)v - 1;
  LLVMValueRef base = LLVMBuildPtrToInt(cg->b, F->local_base, cg->t_i64, "");
  LLVMValueRef lane = LLVMBuildZExt(cg->b, cg->lane, cg->v_i64, "");
  LLVMValueRef per = LLVMBuildMul(cg->b, lane, cg_const_int(cg, cg->t_i64, F->local_size), "");
  return LLVMBuildAdd(cg->b, LLVMBuildAdd(cg->b, cg_splat(cg, base), per, ""),
                      cg_const_int(cg, cg->t_i64, off), "");
}

uint32_t cg_kernel_local_size(CgContext *cg, const PtxFunc *f);
uint32_t cg_kernel_local_size(CgContext *cg, const PtxFunc *f) {
  for (uint32_t i = 0; i < cg->ptx->nfuncs; i++)
    if (cg->ptx->funcs[i] == f && cg->funcs[i]) return cg->funcs[i]->local_size;
  return 0;
}

CgParamSlot *cg_param_slot(CgContext *cg, const PtxVar *var) {
  CgFunc *F = cg->fn;
  for (size_t i = 0; i < F->params.len; i++)
    if (F->params.data[i].var == var) return &F->params.data[i];
  if (var->owner != F->ptx) {
    cg_unsupported(cg, cg->ins, ".param variable %s of another function", var->name);
    return NULL;
  }
  /* A call-site .param declared in the body: an alloca in the entry block. */
  uint64_t size = ptx_var_size(var);
  if (!size) size = 8;
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(cg->b);
  LLVMPositionBuilder(cg->b, F->entry_bb, LLVMGetFirstInstruction(F->entry_bb));
  LLVMValueRef p = LLVMBuildAlloca(cg->b, LLVMArrayType(cg->t_i8, size * cg->G), var->name);
  LLVMSetAlignment(p, 64);
  LLVMPositionBuilderAtEnd(cg->b, cur);
  if (F->flow) vec_push(&F->flow->saved, p);
  CgParamSlot s = {var, p};
  vec_push(&F->params, s);
  return &vec_last(&F->params);
}

bool cg_reg_uniform(CgContext *cg, const PtxReg *reg) {
  ShapeInfo *si = cg->fn->shapes;
  return si && reg->id < si->nregs && si->regs[reg->id].kind == SHAPE_UNIFORM;
}
