/* mbarrier objects within a CTA (PTX ISA 9.7.13.15): init, arrive (count), arrive_drop,
 * expect_tx, arrive.expect_tx, complete_tx, test_wait/try_wait (state or .parity), inval,
 * pending_count, and cp.async.mbarrier.arrive. A CTA runs on one worker thread, so each
 * lane's operation is a plain read-modify-write, lane by lane in lane order. The 64-bit
 * object: pending arrivals in bits 0..20, the expected count in 21..41, the pending
 * transaction bytes in 42..62, the phase parity in bit 63. A phase completes when pending
 * arrivals and transaction bytes are both zero: the parity flips and pending is reloaded
 * from the expected count. A state token is the parity of the phase it arrived in (bit 63).
 * A wait that finds its phase incomplete yields the group (cg_emit_yield) before it
 * answers, so the other groups of the CTA run and the program's wait loop makes progress. */
#include "cg_internal.h"

#define B (cg->b)

enum { MB_INIT, MB_ARRIVE, MB_ARRIVE_DROP, MB_EXPECT_TX, MB_ARRIVE_TX, MB_COMPLETE_TX, MB_INVAL };

#define F21 0x1fffffull

typedef struct MbarCtx {
  int op;
  LLVMValueRef ptrs, arg; /* <G x ptr>, <G x i64> */
} MbarCtx;

static LLVMValueRef c64(CgContext *cg, uint64_t v) { return LLVMConstInt(cg->t_i64, v, false); }

static LLVMValueRef field(CgContext *cg, LLVMValueRef v, unsigned sh) {
  return LLVMBuildAnd(B, LLVMBuildLShr(B, v, c64(cg, sh), ""), c64(cg, F21), "");
}

/* One lane's operation; returns the object's value before it (the state token source). */
static LLVMValueRef mbar_lane(CgContext *cg, LLVMValueRef lane, void *user) {
  MbarCtx *c = user;
  LLVMValueRef p = LLVMBuildExtractElement(B, c->ptrs, lane, "");
  LLVMValueRef arg = LLVMBuildExtractElement(B, c->arg, lane, "");
  LLVMValueRef old = LLVMBuildLoad2(B, cg->t_i64, p, "mbar");
  LLVMValueRef v;
  if (c->op == MB_INIT) {
    LLVMValueRef n = LLVMBuildAnd(B, arg, c64(cg, F21), "");
    v = LLVMBuildOr(B, n, LLVMBuildShl(B, n, c64(cg, 21), ""), "");
  } else if (c->op == MB_INVAL) {
    v = c64(cg, 0);
  } else {
    LLVMValueRef pend = field(cg, old, 0), exp = field(cg, old, 21), tx = field(cg, old, 42);
    LLVMValueRef phase = LLVMBuildAnd(B, old, c64(cg, 1ull << 63), "");
    if (c->op == MB_EXPECT_TX || c->op == MB_ARRIVE_TX) tx = LLVMBuildAdd(B, tx, arg, "");
    if (c->op == MB_COMPLETE_TX) tx = LLVMBuildSub(B, tx, arg, "");
    tx = LLVMBuildAnd(B, tx, c64(cg, F21), "");
    if (c->op == MB_ARRIVE || c->op == MB_ARRIVE_DROP)
      pend = LLVMBuildSub(B, pend, arg, "");
    else if (c->op == MB_ARRIVE_TX)
      pend = LLVMBuildSub(B, pend, c64(cg, 1), "");
    pend = LLVMBuildAnd(B, pend, c64(cg, F21), "");
    if (c->op == MB_ARRIVE_DROP) exp = LLVMBuildAnd(B, LLVMBuildSub(B, exp, arg, ""), c64(cg, F21), "");
    LLVMValueRef done = LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntEQ, pend, c64(cg, 0), ""),
                                     LLVMBuildICmp(B, LLVMIntEQ, tx, c64(cg, 0), ""), "");
    pend = LLVMBuildSelect(B, done, exp, pend, "");
    phase = LLVMBuildSelect(B, done, LLVMBuildXor(B, phase, c64(cg, 1ull << 63), ""), phase, "");
    v = LLVMBuildOr(B, LLVMBuildOr(B, pend, LLVMBuildShl(B, exp, c64(cg, 21), ""), ""),
                    LLVMBuildOr(B, LLVMBuildShl(B, tx, c64(cg, 42), ""), phase, ""), "");
  }
  LLVMBuildStore(B, v, p);
  return old;
}

static bool mbar_op(CgContext *cg, const PtxInstr *ins, int op, unsigned mem, int argi, uint64_t dflt, int dst) {
  MbarCtx c = {op, cg_address(cg, &ins->operands[mem], ptx_instr_space(ins), cg_type_of(".u64")), NULL};
  c.arg = argi >= 0 && (unsigned)argi < ins->noperands
              ? LLVMBuildZExt(B, cg_read(cg, &ins->operands[argi], cg_type_of(".u32")), cg->v_i64, "")
              : cg_const_int(cg, cg->t_i64, dflt);
  LLVMValueRef old = cg_for_each_lane(cg, cg->emask, cg->v_i64, mbar_lane, &c);
  if (dst >= 0) { /* the token: the parity of the phase arrived in */
    LLVMValueRef tok = LLVMBuildAnd(B, old, cg_const_int(cg, cg->t_i64, 1ull << 63), "");
    cg_write(cg, &ins->operands[dst], tok, cg_type_of(".b64"));
  }
  return true;
}

static bool emit_init(CgContext *cg, const PtxInstr *ins) { return mbar_op(cg, ins, MB_INIT, 0, 1, 0, -1); }
static bool emit_inval(CgContext *cg, const PtxInstr *ins) { return mbar_op(cg, ins, MB_INVAL, 0, -1, 0, -1); }
static bool emit_expect_tx(CgContext *cg, const PtxInstr *ins) { return mbar_op(cg, ins, MB_EXPECT_TX, 0, 1, 0, -1); }
static bool emit_complete_tx(CgContext *cg, const PtxInstr *ins) {
  return mbar_op(cg, ins, MB_COMPLETE_TX, 0, 1, 0, -1);
}
static bool emit_arrive(CgContext *cg, const PtxInstr *ins) {
  if (cg_has_mod(ins, ".expect_tx")) return mbar_op(cg, ins, MB_ARRIVE_TX, 1, 2, 0, 0);
  if (cg_has_mod(ins, ".noComplete")) return cg_unsupported(cg, ins, "mbarrier.arrive.noComplete");
  return mbar_op(cg, ins, MB_ARRIVE, 1, 2, 1, 0);
}
static bool emit_arrive_drop(CgContext *cg, const PtxInstr *ins) {
  if (cg_has_mod(ins, ".expect_tx") || cg_has_mod(ins, ".noComplete"))
    return cg_unsupported(cg, ins, "this mbarrier.arrive_drop form");
  return mbar_op(cg, ins, MB_ARRIVE_DROP, 1, 2, 1, 0);
}

/* cp.async.mbarrier.arrive{.noinc}: ptxvm's cp.async copies at once, so the arrive
 * happens now; without .noinc the pending count is raised first, which cancels it. */
static bool emit_cp_async_arrive(CgContext *cg, const PtxInstr *ins) {
  if (!cg_has_mod(ins, ".noinc")) return true;
  return mbar_op(cg, ins, MB_ARRIVE, 0, -1, 1, -1);
}

/* test_wait/try_wait{.parity} p, [addr], state|parity: the phase the operand names is
 * complete when the current parity differs from it. */
static bool emit_wait(CgContext *cg, const PtxInstr *ins) {
  bool parity = cg_has_mod(ins, ".parity");
  LLVMValueRef ptrs = cg_address(cg, &ins->operands[1], ptx_instr_space(ins), cg_type_of(".u64"));
  LLVMValueRef want = parity ? LLVMBuildShl(B, LLVMBuildZExt(B, cg_read(cg, &ins->operands[2], cg_type_of(".u32")), cg->v_i64, ""),
                                            cg_const_int(cg, cg->t_i64, 63), "")
                             : cg_read(cg, &ins->operands[2], cg_type_of(".b64"));
  LLVMValueRef bit = cg_const_int(cg, cg->t_i64, 1ull << 63);
  want = LLVMBuildAnd(B, want, bit, "");
  LLVMValueRef cur = LLVMBuildAnd(B, cg_load_vec(cg, ptrs, cg->t_i64, cg->emask, true), bit, "");
  LLVMValueRef done = LLVMBuildICmp(B, LLVMIntNE, cur, want, "");
  LLVMValueRef waiting = LLVMBuildAnd(B, cg->emask, LLVMBuildNot(B, done, ""), "");
  if (!cg_emit_yield(cg, cg_mask_any(cg, waiting))) return false;
  /* After the yield (or without one) the answer is read again. */
  ptrs = cg_address(cg, &ins->operands[1], ptx_instr_space(ins), cg_type_of(".u64"));
  want = parity ? LLVMBuildShl(B, LLVMBuildZExt(B, cg_read(cg, &ins->operands[2], cg_type_of(".u32")), cg->v_i64, ""),
                               cg_const_int(cg, cg->t_i64, 63), "")
                : cg_read(cg, &ins->operands[2], cg_type_of(".b64"));
  want = LLVMBuildAnd(B, want, bit, "");
  cur = LLVMBuildAnd(B, cg_load_vec(cg, ptrs, cg->t_i64, cg->emask, true), bit, "");
  cg_write(cg, &ins->operands[0], LLVMBuildICmp(B, LLVMIntNE, cur, want, ""), cg_type_of(".pred"));
  return true;
}

/* pending_count.b64 d, state: not a count ptxvm's token carries; report it. */

const CgOpEntry cg_ops_mbar[] = {
    {"mbarrier.init", emit_init},
    {"mbarrier.inval", emit_inval},
    {"mbarrier.expect_tx", emit_expect_tx},
    {"mbarrier.complete_tx", emit_complete_tx},
    {"mbarrier.arrive", emit_arrive},
    {"mbarrier.arrive_drop", emit_arrive_drop},
    {"mbarrier.test_wait", emit_wait},
    {"mbarrier.try_wait", emit_wait},
    {"cp.async.mbarrier.arrive", emit_cp_async_arrive},
    {NULL, NULL},
};
