/* Warp-level instructions (PTX ISA 9.7.13.x: shfl, vote, match, redux, activemask,
 * bar.warp.sync, elect) as vector operations across the lanes of a group. Kernels that use
 * them are compiled with G = 32, so a group is exactly one warp and %laneid is the lane. */
#include "cg_internal.h"

#define B (cg->b)

static PtxType T(const char *s) { return cg_type_of(s); }

static LLVMValueRef laneid(CgContext *cg) { return cg->lane; }

/* Lane-indexed read of v at per-lane indices idx (all in 0..G-1), through a stack copy:
 * a variable permute, which x86 lowers to a gather or permute. */
static LLVMValueRef permute(CgContext *cg, LLVMValueRef v, LLVMValueRef idx) {
  LLVMTypeRef vt = LLVMTypeOf(v);
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(B);
  LLVMPositionBuilder(B, cg->fn->entry_bb, LLVMGetFirstInstruction(cg->fn->entry_bb));
  LLVMValueRef slot = LLVMBuildAlloca(B, vt, "perm");
  LLVMPositionBuilderAtEnd(B, cur);
  LLVMBuildStore(B, v, slot);
  LLVMTypeRef et = LLVMGetElementType(vt);
  LLVMValueRef ptrs = LLVMBuildGEP2(B, et, slot, &idx, 1, "");
  LLVMTypeRef ov[2] = {vt, cg_vec_type(cg, cg->t_ptr)};
  LLVMValueRef all = LLVMConstAllOnes(cg->v_i1);
  LLVMValueRef args[4] = {ptrs, cg_i32(cg, cg_type_bits(et) / 8), all, LLVMGetPoison(vt)};
  return cg_intrinsic(cg, "llvm.masked.gather", ov, 2, args, 4);
}

static const PtxOperand *split_pair(const PtxOperand *d, const PtxOperand **p) {
  *p = NULL;
  if ((d->kind == PTX_OPND_PAIR || d->kind == PTX_OPND_VEC) && d->list.count == 2) {
    *p = &d->list.elems[1];
    return &d->list.elems[0];
  }
  return d;
}

/* shfl.sync.mode.b32 d[|p], a, b, c, membermask (PTX ISA 9.7.9.6's pseudo-code). */
static bool emit_shfl(CgContext *cg, const PtxInstr *ins) {
  const PtxOperand *p;
  const PtxOperand *d = split_pair(&ins->operands[0], &p);
  unsigned i = 1;
  if (!p && ins->noperands == 6) { /* d, p as separate operands */
    p = &ins->operands[1];
    i = 2;
  }
  PtxType u32 = T(".u32");
  LLVMValueRef a = cg_read(cg, &ins->operands[i], T(".b32"));
  LLVMValueRef b = LLVMBuildAnd(B, cg_read(cg, &ins->operands[i + 1], u32), cg_const_int(cg, cg->t_i32, 31), "");
  LLVMValueRef c = cg_read(cg, &ins->operands[i + 2], u32);
  LLVMValueRef lane = laneid(cg);
  LLVMValueRef c5 = LLVMBuildAnd(B, c, cg_const_int(cg, cg->t_i32, 31), "");
  LLVMValueRef segmask = LLVMBuildAnd(B, LLVMBuildLShr(B, c, cg_const_int(cg, cg->t_i32, 8), ""),
                                      cg_const_int(cg, cg->t_i32, 31), "");
  LLVMValueRef nseg = LLVMBuildXor(B, segmask, cg_const_int(cg, cg->t_i32, 31), "");
  LLVMValueRef maxl = LLVMBuildOr(B, LLVMBuildAnd(B, lane, segmask, ""), LLVMBuildAnd(B, c5, nseg, ""), "");
  LLVMValueRef minl = LLVMBuildAnd(B, lane, segmask, "");
  LLVMValueRef j, pval;
  if (cg_has_mod(ins, ".up")) {
    j = LLVMBuildSub(B, lane, b, "");
    pval = LLVMBuildICmp(B, LLVMIntSGE, j, maxl, "");
  } else if (cg_has_mod(ins, ".down")) {
    j = LLVMBuildAdd(B, lane, b, "");
    pval = LLVMBuildICmp(B, LLVMIntSLE, j, maxl, "");
  } else if (cg_has_mod(ins, ".bfly")) {
    j = LLVMBuildXor(B, lane, b, "");
    pval = LLVMBuildICmp(B, LLVMIntSLE, j, maxl, "");
  } else if (cg_has_mod(ins, ".idx")) {
    j = LLVMBuildOr(B, minl, LLVMBuildAnd(B, b, nseg, ""), "");
    pval = LLVMBuildICmp(B, LLVMIntSLE, j, maxl, "");
  } else {
    return cg_unsupported(cg, ins, "shfl mode");
  }
  j = LLVMBuildSelect(B, pval, j, lane, "");
  j = LLVMBuildAnd(B, j, cg_const_int(cg, cg->t_i32, 31), "");
  LLVMValueRef r = permute(cg, a, j);
  cg_write(cg, d, r, T(".b32"));
  if (p) cg_write(cg, p, pval, T(".pred"));
  return true;
}

/* vote{.sync}.mode d, {!}a{, membermask} */
static bool emit_vote(CgContext *cg, const PtxInstr *ins) {
  LLVMValueRef a = cg_read(cg, &ins->operands[1], T(".pred"));
  LLVMValueRef m = cg->emask;
  LLVMValueRef on = LLVMBuildAnd(B, a, m, "");
  if (cg_has_mod(ins, ".ballot")) {
    cg_write(cg, &ins->operands[0], cg_splat(cg, cg_mask_bits(cg, on)), T(".b32"));
    return true;
  }
  LLVMValueRef r;
  if (cg_has_mod(ins, ".all")) {
    LLVMValueRef off = LLVMBuildAnd(B, m, LLVMBuildNot(B, a, ""), "");
    r = LLVMBuildNot(B, cg_mask_any(cg, off), "");
  } else if (cg_has_mod(ins, ".any")) {
    r = cg_mask_any(cg, on);
  } else if (cg_has_mod(ins, ".uni")) {
    LLVMValueRef off = LLVMBuildAnd(B, m, LLVMBuildNot(B, a, ""), "");
    r = LLVMBuildNot(B, LLVMBuildAnd(B, cg_mask_any(cg, on), cg_mask_any(cg, off), ""), "");
  } else {
    return cg_unsupported(cg, ins, "vote mode");
  }
  cg_write(cg, &ins->operands[0], cg_splat(cg, r), T(".pred"));
  return true;
}

static bool emit_activemask(CgContext *cg, const PtxInstr *ins) {
  cg_write(cg, &ins->operands[0], cg_splat(cg, cg_mask_bits(cg, cg->emask)), T(".b32"));
  return true;
}

static bool emit_warp_sync(CgContext *cg, const PtxInstr *ins) {
  (void)cg;
  (void)ins;
  return true; /* the lanes of a warp run in lockstep already */
}

/* match.sync.any.type d, a, membermask: the lanes holding the same value;
 * match.sync.all.type d[|p], a, membermask: all of them, if all hold the same value. */
static bool emit_match(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  const PtxOperand *p;
  const PtxOperand *d = split_pair(&ins->operands[0], &p);
  LLVMValueRef a = cg_read(cg, &ins->operands[1], t);
  LLVMValueRef m = cg->emask;
  LLVMValueRef r = cg_zero(cg, cg->v_i32);
  for (unsigned k = 0; k < cg->G; k++) {
    LLVMValueRef ak = LLVMBuildExtractElement(B, a, cg_i32(cg, k), "");
    LLVMValueRef mk = LLVMBuildExtractElement(B, m, cg_i32(cg, k), "");
    LLVMValueRef eq = LLVMBuildICmp(B, LLVMIntEQ, a, cg_splat(cg, ak), "");
    eq = LLVMBuildAnd(B, eq, cg_splat(cg, mk), "");
    r = LLVMBuildOr(B, r, LLVMBuildShl(B, LLVMBuildZExt(B, eq, cg->v_i32, ""), cg_const_int(cg, cg->t_i32, k), ""), "");
  }
  if (cg_has_mod(ins, ".all")) {
    LLVMValueRef mb = cg_splat(cg, cg_mask_bits(cg, m));
    LLVMValueRef all = LLVMBuildICmp(B, LLVMIntEQ, r, mb, "");
    cg_write(cg, d, LLVMBuildSelect(B, all, mb, cg_zero(cg, cg->v_i32), ""), T(".b32"));
    if (p) cg_write(cg, p, all, T(".pred"));
  } else {
    cg_write(cg, d, r, T(".b32"));
  }
  return true;
}

/* redux.sync.op.type d, a, membermask: a reduction over the active lanes. */
static bool emit_redux(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (ptx_type_is_float(t)) return cg_unsupported(cg, ins, "float redux");
  LLVMValueRef a = cg_read(cg, &ins->operands[1], t);
  bool s = ptx_type_is_signed(t);
  const char *name;
  uint64_t ident;
  if (cg_has_mod(ins, ".add")) name = "llvm.vector.reduce.add", ident = 0;
  else if (cg_has_mod(ins, ".and")) name = "llvm.vector.reduce.and", ident = 0xffffffffu;
  else if (cg_has_mod(ins, ".or")) name = "llvm.vector.reduce.or", ident = 0;
  else if (cg_has_mod(ins, ".xor")) name = "llvm.vector.reduce.xor", ident = 0;
  else if (cg_has_mod(ins, ".min")) name = s ? "llvm.vector.reduce.smin" : "llvm.vector.reduce.umin", ident = s ? 0x7fffffffu : 0xffffffffu;
  else if (cg_has_mod(ins, ".max")) name = s ? "llvm.vector.reduce.smax" : "llvm.vector.reduce.umax", ident = s ? 0x80000000u : 0;
  else return cg_unsupported(cg, ins, "redux operation");
  LLVMValueRef x = LLVMBuildSelect(B, cg->emask, a, cg_const_int(cg, cg->t_i32, ident), "");
  LLVMTypeRef vt = LLVMTypeOf(x);
  LLVMValueRef r = cg_intrinsic(cg, name, &vt, 1, &x, 1);
  cg_write(cg, &ins->operands[0], cg_splat(cg, r), t);
  return true;
}

/* elect.sync d|p, membermask: the first active lane is elected. */
static bool emit_elect(CgContext *cg, const PtxInstr *ins) {
  const PtxOperand *p;
  const PtxOperand *d = split_pair(&ins->operands[0], &p);
  LLVMValueRef first = cg_first_lane(cg, cg->lane);
  cg_write(cg, d, cg_splat(cg, first), T(".u32"));
  if (p) cg_write(cg, p, LLVMBuildICmp(B, LLVMIntEQ, cg->lane, cg_splat(cg, first), ""), T(".pred"));
  return true;
}

const CgOpEntry cg_ops_warp[] = {
    {"shfl", emit_shfl},   {"vote", emit_vote},   {"activemask", emit_activemask},
    {"bar.warp.sync", emit_warp_sync}, {"match", emit_match}, {"redux", emit_redux},
    {"elect", emit_elect}, {NULL, NULL},
};
