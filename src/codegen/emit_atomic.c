/* Atomics (PTX ISA 9.7.13.5 atom, 9.7.13.6 red): lane by lane in lane order with real
 * atomic instructions, so global atomics are atomic against other worker threads and the
 * lanes of a group see each other's updates as sequential threads would. Shared-memory
 * atomics use the same code (a CTA runs on one thread; the cost is small). */
#include "cg_internal.h"

#define B (cg->b)

typedef struct AtomCtx {
  LLVMValueRef ptrs, b, c;
  LLVMTypeRef elem;
  LLVMAtomicRMWBinOp op;
  bool cas;
  LLVMAtomicOrdering order;
} AtomCtx;

static LLVMValueRef lane_atom(CgContext *cg, LLVMValueRef lane, void *user) {
  AtomCtx *a = user;
  LLVMValueRef p = LLVMBuildExtractElement(B, a->ptrs, lane, "");
  LLVMValueRef b = LLVMBuildExtractElement(B, a->b, lane, "");
  if (a->cas) {
    LLVMValueRef c = LLVMBuildExtractElement(B, a->c, lane, "");
    LLVMValueRef x = LLVMBuildAtomicCmpXchg(B, p, b, c, a->order, LLVMAtomicOrderingMonotonic, false);
    LLVMSetAlignment(x, cg_type_bits(a->elem) / 8);
    return LLVMBuildExtractValue(B, x, 0, "");
  }
  LLVMValueRef r = LLVMBuildAtomicRMW(B, a->op, p, b, a->order, false);
  LLVMSetAlignment(r, cg_type_bits(a->elem) / 8);
  return r;
}

static bool emit_atomic(CgContext *cg, const PtxInstr *ins, bool has_dest) {
  PtxSpace space = ptx_instr_space(ins);
  PtxType t = cg_itype(ins, 0);
  unsigned bits = ptx_type_bits(t);
  if (ptx_instr_vec(ins) > 1) return cg_unsupported(cg, ins, "vector atomics");
  if (bits != 32 && bits != 64) return cg_unsupported(cg, ins, "%u-bit atomics", bits);
  if (space != PTX_SPACE_GLOBAL && space != PTX_SPACE_SHARED && space != PTX_SPACE_GENERIC)
    return cg_unsupported(cg, ins, "atomics on %s", ptx_space_name(space));
  bool flt = ptx_type_is_float(t), sgn = ptx_type_is_signed(t);
  AtomCtx a = {0};
  a.order = LLVMAtomicOrderingMonotonic;
  if (cg_has_mod(ins, ".acquire")) a.order = LLVMAtomicOrderingAcquire;
  if (cg_has_mod(ins, ".release")) a.order = LLVMAtomicOrderingRelease;
  if (cg_has_mod(ins, ".acq_rel")) a.order = LLVMAtomicOrderingAcquireRelease;
  struct {
    const char *m;
    LLVMAtomicRMWBinOp i, s, f;
    bool int_ok, flt_ok;
  } ops[] = {
      {".add", LLVMAtomicRMWBinOpAdd, LLVMAtomicRMWBinOpAdd, LLVMAtomicRMWBinOpFAdd, true, true},
      {".exch", LLVMAtomicRMWBinOpXchg, LLVMAtomicRMWBinOpXchg, LLVMAtomicRMWBinOpXchg, true, true},
      {".min", LLVMAtomicRMWBinOpUMin, LLVMAtomicRMWBinOpMin, 0, true, false},
      {".max", LLVMAtomicRMWBinOpUMax, LLVMAtomicRMWBinOpMax, 0, true, false},
      {".inc", LLVMAtomicRMWBinOpUIncWrap, LLVMAtomicRMWBinOpUIncWrap, 0, true, false},
      {".dec", LLVMAtomicRMWBinOpUDecWrap, LLVMAtomicRMWBinOpUDecWrap, 0, true, false},
      {".and", LLVMAtomicRMWBinOpAnd, LLVMAtomicRMWBinOpAnd, 0, true, false},
      {".or", LLVMAtomicRMWBinOpOr, LLVMAtomicRMWBinOpOr, 0, true, false},
      {".xor", LLVMAtomicRMWBinOpXor, LLVMAtomicRMWBinOpXor, 0, true, false},
  };
  bool found = false;
  if (cg_has_mod(ins, ".cas")) {
    if (flt) return cg_unsupported(cg, ins, "float cas");
    a.cas = true;
    found = true;
  }
  for (size_t i = 0; i < ARRAY_LEN(ops) && !found; i++) {
    if (!cg_has_mod(ins, ops[i].m)) continue;
    if (flt && !ops[i].flt_ok) return cg_unsupported(cg, ins, "float %s", ops[i].m);
    if ((!strcmp(ops[i].m, ".inc") || !strcmp(ops[i].m, ".dec")) && bits != 32)
      return cg_unsupported(cg, ins, "64-bit %s", ops[i].m);
    a.op = flt ? ops[i].f : sgn ? ops[i].s : ops[i].i;
    found = true;
  }
  if (!found) return cg_unsupported(cg, ins, "atomic operation");
  unsigned ai = has_dest ? 1 : 0;
  /* exch/and/or/xor on .b types, add on .u/.s: the integer element type. */
  PtxType vt = t;
  a.elem = cg_scalar_type(cg, vt);
  a.ptrs = cg_address(cg, &ins->operands[ai], space, t);
  a.b = cg_read(cg, &ins->operands[ai + 1], vt);
  if (a.cas) a.c = cg_read(cg, &ins->operands[ai + 2], vt);
  LLVMValueRef r = cg_for_each_lane(cg, cg->emask, cg_vec_type(cg, a.elem), lane_atom, &a);
  if (has_dest) cg_write(cg, &ins->operands[0], r, vt);
  return true;
}

static bool emit_atom(CgContext *cg, const PtxInstr *ins) { return emit_atomic(cg, ins, true); }
static bool emit_red(CgContext *cg, const PtxInstr *ins) { return emit_atomic(cg, ins, false); }

const CgOpEntry cg_ops_atomic[] = {
    {"atom", emit_atom},
    {"red", emit_red},
    {NULL, NULL},
};
