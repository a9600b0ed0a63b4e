/* Memory instructions (PTX ISA 9.7.9): ld, ldu, st, cvta, isspacep, prefetch. One address
 * space: global, generic, const and local addresses are host addresses; shared addresses
 * are offsets from ctx->shared; .param of an .entry lives in ctx->params; .param of a
 * .func or call site is G-interleaved per-lane storage (cg_param_slot). Every access is
 * masked: inactive lanes never touch memory. */
#include <stddef.h>

#include "analysis.h"
#include "cg_internal.h"

LLVMValueRef cg_local_var_address(CgContext *cg, const PtxVar *var);
CgGlobal *cg_global_find(CgModule *m, const PtxVar *var);

static bool is_kernel_param(const PtxVar *var) {
  if (var->space != PTX_SPACE_PARAM || !var->owner || !var->owner->is_entry) return false;
  for (uint32_t i = 0; i < var->owner->nparams; i++)
    if (var->owner->params[i] == var) return true;
  return false; /* a call-site .param declared in the kernel's body */
}

/* Byte offset of a kernel parameter in the parameter buffer. */
static uint32_t kernel_param_offset(const PtxVar *var) {
  const PtxFunc *f = var->owner;
  uint32_t offs[512];
  if (f->nparams > ARRAY_LEN(offs)) return 0;
  ptx_func_param_layout(f, offs);
  for (uint32_t i = 0; i < f->nparams; i++)
    if (f->params[i] == var) return offs[i];
  return 0;
}

LLVMValueRef cg_var_address(CgContext *cg, const PtxVar *var) {
  switch (var->space) {
  case PTX_SPACE_LOCAL: return cg_local_var_address(cg, var);
  case PTX_SPACE_SHARED:
  case PTX_SPACE_SHARED_CLUSTER: {
    void *v = map_find(&cg->shared_offsets, (const char *)&var, sizeof var);
    if (!v) {
      cg_unsupported(cg, cg->ins, ".shared variable %s outside the kernel's layout", var->name);
      return cg_zero(cg, cg->v_i64);
    }
    return cg_const_int(cg, cg->t_i64, (uintptr_t)v - 1);
  }
  case PTX_SPACE_GLOBAL:
  case PTX_SPACE_CONST: {
    CgGlobal *g = cg_global_find(cg->cgm, var);
    if (!g) {
      cg_unsupported(cg, cg->ins, "variable %s has no storage", var->name);
      return cg_zero(cg, cg->v_i64);
    }
    return cg_splat(cg, cg_global_value(cg, g));
  }
  case PTX_SPACE_PARAM:
    if (is_kernel_param(var)) {
      LLVMValueRef p = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, params));
      LLVMValueRef a = LLVMBuildPtrToInt(cg->b, p, cg->t_i64, "");
      a = LLVMBuildAdd(cg->b, a, cg_i64(cg, kernel_param_offset(var)), "");
      return cg_splat(cg, a);
    }
    cg_unsupported(cg, cg->ins, "address of .func parameter %s", var->name);
    return cg_zero(cg, cg->v_i64);
  default:
    cg_unsupported(cg, cg->ins, "address of %s variable %s", ptx_space_name(var->space), var->name);
    return cg_zero(cg, cg->v_i64);
  }
}

static LLVMValueRef shared_base(CgContext *cg) {
  LLVMValueRef p = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, shared));
  return cg_splat(cg, LLVMBuildPtrToInt(cg->b, p, cg->t_i64, ""));
}

/* The address value of an operand [base+off] as <G x i64>, in the operand's own space. */
static LLVMValueRef address_value(CgContext *cg, const PtxOperand *o, PtxSpace space) {
  LLVMValueRef a;
  int64_t off = 0;
  const PtxOperand *base = o;
  if (o->kind == PTX_OPND_ADDR) {
    base = o->addr.base;
    off = o->addr.offset;
  }
  if (!base) {
    a = cg_const_int(cg, cg->t_i64, 0);
  } else if (base->kind == PTX_OPND_VAR) {
    a = cg_var_address(cg, base->var);
    /* A shared variable named in a generic access means its generic address. */
    if (space == PTX_SPACE_GENERIC &&
        (base->var->space == PTX_SPACE_SHARED || base->var->space == PTX_SPACE_SHARED_CLUSTER))
      a = LLVMBuildAdd(cg->b, a, shared_base(cg), "");
  } else if (base->kind == PTX_OPND_REG) {
    unsigned bits = ptx_type_bits(base->reg->type);
    a = cg_read(cg, base, bits == 64 ? cg_type_of(".u64") : cg_type_of(".u32"));
    if (bits != 64) a = LLVMBuildZExt(cg->b, a, cg->v_i64, "");
  } else if (base->kind == PTX_OPND_IMM_INT) {
    a = cg_const_int(cg, cg->t_i64, base->imm.u);
  } else {
    cg_unsupported(cg, cg->ins, "address operand");
    return cg_zero(cg, cg->v_i64);
  }
  if (off) a = LLVMBuildAdd(cg->b, a, cg_const_int(cg, cg->t_i64, (uint64_t)off), "");
  return a;
}

LLVMValueRef cg_address(CgContext *cg, const PtxOperand *o, PtxSpace space, PtxType addr_type) {
  (void)addr_type;
  LLVMValueRef a = address_value(cg, o, space);
  if (space == PTX_SPACE_SHARED || space == PTX_SPACE_SHARED_CLUSTER) {
    /* 32-bit shared addresses wrap within the window. */
    a = LLVMBuildAnd(cg->b, a, cg_const_int(cg, cg->t_i64, 0xffffffffu), "");
    a = LLVMBuildAdd(cg->b, a, shared_base(cg), "");
  }
  return cg_to_ptr_vec(cg, a);
}

static LLVMValueRef lane_offsets(CgContext *cg, uint64_t stride) {
  LLVMValueRef l = LLVMBuildZExt(cg->b, cg->lane, cg->v_i64, "");
  return LLVMBuildMul(cg->b, l, cg_const_int(cg, cg->t_i64, stride), "");
}

/* True (i1) when every active lane's pointer is base + lane*size: one packed access. */
static LLVMValueRef consecutive(CgContext *cg, LLVMValueRef ptrs, uint64_t size, LLVMValueRef mask,
                                LLVMValueRef *base_out) {
  LLVMValueRef ai = LLVMBuildPtrToInt(cg->b, ptrs, cg->v_i64, "");
  LLVMValueRef b = LLVMBuildSub(cg->b, ai, lane_offsets(cg, size), "");
  LLVMValueRef b0 = cg_first_lane(cg, b);
  LLVMValueRef eq = LLVMBuildICmp(cg->b, LLVMIntEQ, b, cg_splat(cg, b0), "");
  LLVMValueRef ok = LLVMBuildOr(cg->b, eq, LLVMBuildNot(cg->b, mask, ""), "");
  LLVMTypeRef it = LLVMIntTypeInContext(cg->ctx, cg->G);
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, ok, it, "");
  *base_out = LLVMBuildIntToPtr(cg->b, b0, cg->t_ptr, "");
  return LLVMBuildICmp(cg->b, LLVMIntEQ, bits, LLVMConstAllOnes(it), "consec");
}

/* i1: every lane of the group is active. That is the common case (blockDim a multiple of
 * G and no divergence), and there a plain vector access is much cheaper than a masked
 * one: on AMD Zen 4 a streaming masked load costs about twice a plain one. */
/* A packed access where lane l's pointer is base + l*size for every active lane: a plain
 * vector load/store from lane 0's pointer when the group is full, else a masked one from
 * the first active lane's base. `base` may be NULL: it is then computed on the masked path
 * only, so that the full path does not pay for finding the first active lane. Returns the
 * loaded vector (NULL for a store, val != NULL).
 * With a destination `dst` (a load whose mask is cg->emask), the loaded value is written
 * to it on each path and NULL returned: on the full path the write needs no blend with
 * the old value, and LLVM would otherwise fold that blend into the load, making it a
 * masked load again. (LLVM cannot keep "the mask is full" past the join by itself: it
 * rightly sees a phi of all-ones and the mask as the mask.) */
static LLVMValueRef packed_access(CgContext *cg, LLVMTypeRef vt, LLVMValueRef ptrs,
                                  LLVMValueRef val, unsigned size, LLVMValueRef mask,
                                  LLVMValueRef base, const PtxOperand *dst, PtxType t, bool refine) {
  LLVMValueRef align = cg_i32(cg, size);
  LLVMTypeRef it = LLVMIntTypeInContext(cg->ctx, cg->G);
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, mask, it, "");
  LLVMValueRef full = LLVMBuildICmp(cg->b, LLVMIntEQ, bits, LLVMConstAllOnes(it), "full");
  if (LLVMIsAConstantInt(full) && LLVMConstIntGetZExtValue(full)) {
    LLVMValueRef p0 = LLVMBuildExtractElement(cg->b, ptrs, cg_i32(cg, 0), "");
    if (val) {
      LLVMSetAlignment(LLVMBuildStore(cg->b, val, p0), size);
      return NULL;
    }
    LLVMValueRef v = LLVMBuildLoad2(cg->b, vt, p0, "ld.full");
    LLVMSetAlignment(v, size);
    return v;
  }
  LLVMBasicBlockRef bf = cg_new_bb(cg, "mem.full"), bm = cg_new_bb(cg, "mem.masked"),
                    join = cg_new_bb(cg, "mem.join");
  LLVMBuildCondBr(cg->b, full, bf, bm);
  LLVMPositionBuilderAtEnd(cg->b, bf);
  LLVMValueRef p0 = LLVMBuildExtractElement(cg->b, ptrs, cg_i32(cg, 0), "");
  LLVMValueRef vf = NULL, vm = NULL;
  if (val) {
    LLVMSetAlignment(LLVMBuildStore(cg->b, val, p0), size);
  } else {
    vf = LLVMBuildLoad2(cg->b, vt, p0, "ld.full");
    LLVMSetAlignment(vf, size);
    if (dst) {
      LLVMValueRef saved = cg->emask;
      cg->emask = LLVMConstAllOnes(cg->v_i1);
      cg_write(cg, dst, vf, t);
      cg->emask = saved;
    }
  }
  LLVMBuildBr(cg->b, join);
  LLVMPositionBuilderAtEnd(cg->b, bm);
  if (!base) consecutive(cg, ptrs, size, mask, &base);
  LLVMTypeRef ov[2] = {vt, cg->t_ptr};
  if (val) {
    LLVMValueRef a[4] = {val, base, align, mask};
    cg_intrinsic(cg, "llvm.masked.store", ov, 2, a, 4);
  } else {
    LLVMValueRef a[4] = {base, align, mask, LLVMGetPoison(vt)};
    vm = cg_intrinsic(cg, "llvm.masked.load", ov, 2, a, 4);
    if (dst) cg_write(cg, dst, vm, t);
  }
  LLVMBasicBlockRef mend = LLVMGetInsertBlock(cg->b);
  LLVMBuildBr(cg->b, join);
  LLVMPositionBuilderAtEnd(cg->b, join);
  LLVMValueRef phi = NULL;
  if (!val && !dst) {
    phi = LLVMBuildPhi(cg->b, vt, "ld");
    LLVMValueRef vals[2] = {vf, vm};
    LLVMBasicBlockRef bbs[2] = {bf, mend};
    LLVMAddIncoming(phi, vals, bbs, 2);
  }
  if (refine && mask == cg->mask) {
    /* The mask from here on: all-ones from the full path, the old one from the masked
     * path; the same lanes, but LLVM can thread what follows along the full path
     * without blends, and where it does not, the blends stay in the join block, apart
     * from the loads, so they cannot be folded into them as masked loads. */
    LLVMValueRef m = LLVMBuildPhi(cg->b, cg->v_i1, "mask.known");
    LLVMValueRef ms[2] = {LLVMConstAllOnes(cg->v_i1), mask};
    LLVMBasicBlockRef mb[2] = {bf, mend};
    LLVMAddIncoming(m, ms, mb, 2);
    if (cg->emask == mask) cg->emask = m;
    cg_set_mask(cg, m);
  }
  return phi;
}

LLVMValueRef cg_load_vec(CgContext *cg, LLVMValueRef ptrs, LLVMTypeRef elem, LLVMValueRef mask,
                         bool is_volatile) {
  (void)is_volatile;
  LLVMTypeRef vt = cg_vec_type(cg, elem);
  unsigned size = cg_type_bits(elem) / 8;
  if (!size) size = 1;
  LLVMValueRef align = cg_i32(cg, size);
  LLVMTypeRef pvt = cg_vec_type(cg, cg->t_ptr);
  if (cg->G == 1 || cg->addr_hint == CG_ADDR_SCATTERED) {
    LLVMTypeRef ov[2] = {vt, pvt};
    LLVMValueRef args[4] = {ptrs, align, mask, LLVMGetPoison(vt)};
    return cg_intrinsic(cg, "llvm.masked.gather", ov, 2, args, 4);
  }
  if (cg->addr_hint == CG_ADDR_UNIFORM) {
    /* One scalar load from the first active lane's address, if any lane is active. */
    LLVMTypeRef v1 = LLVMVectorType(elem, 1);
    LLVMValueRef p0 = cg_first_lane(cg, ptrs);
    LLVMValueRef m1 = LLVMBuildBitCast(cg->b, cg_mask_any(cg, mask), LLVMVectorType(cg->t_i1, 1), "");
    LLVMTypeRef ov[2] = {v1, cg->t_ptr};
    LLVMValueRef args[4] = {p0, align, m1, LLVMGetPoison(v1)};
    LLVMValueRef v = cg_intrinsic(cg, "llvm.masked.load", ov, 2, args, 4);
    return cg_splat(cg, LLVMBuildExtractElement(cg->b, v, cg_i32(cg, 0), ""));
  }
  if (cg->addr_hint == CG_ADDR_CONSECUTIVE) return packed_access(cg, vt, ptrs, NULL, size, mask, NULL, NULL, PTX_MOD_NONE, false);
  LLVMValueRef base;
  LLVMValueRef ok = consecutive(cg, ptrs, size, mask, &base);
  LLVMBasicBlockRef bv = cg_new_bb(cg, "ld.packed"), bg = cg_new_bb(cg, "ld.gather"),
                    join = cg_new_bb(cg, "ld.join");
  LLVMBuildCondBr(cg->b, ok, bv, bg);
  LLVMPositionBuilderAtEnd(cg->b, bv);
  LLVMValueRef v1 = packed_access(cg, vt, ptrs, NULL, size, mask, base, NULL, PTX_MOD_NONE, false);
  LLVMBasicBlockRef bv_end = LLVMGetInsertBlock(cg->b);
  LLVMBuildBr(cg->b, join);
  LLVMPositionBuilderAtEnd(cg->b, bg);
  LLVMTypeRef ov2[2] = {vt, pvt};
  LLVMValueRef a2[4] = {ptrs, align, mask, LLVMGetPoison(vt)};
  LLVMValueRef v2 = cg_intrinsic(cg, "llvm.masked.gather", ov2, 2, a2, 4);
  LLVMBuildBr(cg->b, join);
  LLVMPositionBuilderAtEnd(cg->b, join);
  LLVMValueRef phi = LLVMBuildPhi(cg->b, vt, "ld");
  LLVMValueRef vals[2] = {v1, v2};
  LLVMBasicBlockRef bbs[2] = {bv_end, bg};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

void cg_store_vec(CgContext *cg, LLVMValueRef ptrs, LLVMValueRef val, LLVMValueRef mask,
                  bool is_volatile) {
  (void)is_volatile;
  LLVMTypeRef vt = LLVMTypeOf(val);
  unsigned size = cg_type_bits(vt) / 8;
  if (!size) size = 1;
  LLVMValueRef align = cg_i32(cg, size);
  LLVMTypeRef pvt = cg_vec_type(cg, cg->t_ptr);
  if (cg->G == 1 || cg->addr_hint == CG_ADDR_SCATTERED || cg->addr_hint == CG_ADDR_UNIFORM) {
    LLVMTypeRef ov[2] = {vt, pvt};
    LLVMValueRef args[4] = {val, ptrs, align, mask};
    cg_intrinsic(cg, "llvm.masked.scatter", ov, 2, args, 4);
    return;
  }
  if (cg->addr_hint == CG_ADDR_CONSECUTIVE) {
    packed_access(cg, vt, ptrs, val, size, mask, NULL, NULL, PTX_MOD_NONE, true);
    return;
  }
  LLVMValueRef base;
  LLVMValueRef ok = consecutive(cg, ptrs, size, mask, &base);
  LLVMBasicBlockRef bv = cg_new_bb(cg, "st.packed"), bs = cg_new_bb(cg, "st.scatter"),
                    join = cg_new_bb(cg, "st.join");
  LLVMBuildCondBr(cg->b, ok, bv, bs);
  LLVMPositionBuilderAtEnd(cg->b, bv);
  packed_access(cg, vt, ptrs, val, size, mask, base, NULL, PTX_MOD_NONE, false);
  LLVMBuildBr(cg->b, join);
  LLVMPositionBuilderAtEnd(cg->b, bs);
  /* Scatter writes lanes in lane order, so the highest lane wins on a conflict, as the
   * PTX ISA allows (one of the writes survives). */
  LLVMTypeRef ov2[2] = {vt, pvt};
  LLVMValueRef a2[4] = {val, ptrs, align, mask};
  cg_intrinsic(cg, "llvm.masked.scatter", ov2, 2, a2, 4);
  LLVMBuildBr(cg->b, join);
  LLVMPositionBuilderAtEnd(cg->b, join);
}

/* Volatile and strong (relaxed/acquire/release) accesses go lane by lane as atomic or
 * volatile scalar accesses, so other CTAs' writes are seen and nothing is merged. */
typedef struct StrongCtx {
  LLVMValueRef ptrs, val;
  LLVMTypeRef elem;
  LLVMAtomicOrdering order;
  bool store;
} StrongCtx;

static LLVMValueRef lane_strong(CgContext *cg, LLVMValueRef lane, void *user) {
  StrongCtx *s = user;
  LLVMValueRef p = LLVMBuildExtractElement(cg->b, s->ptrs, lane, "");
  unsigned size = cg_type_bits(s->elem) / 8;
  if (s->store) {
    LLVMValueRef v = LLVMBuildExtractElement(cg->b, s->val, lane, "");
    LLVMValueRef st = LLVMBuildStore(cg->b, v, p);
    LLVMSetVolatile(st, true);
    LLVMSetAlignment(st, size);
    if (s->order != LLVMAtomicOrderingNotAtomic) LLVMSetOrdering(st, s->order);
    return NULL;
  }
  LLVMValueRef ld = LLVMBuildLoad2(cg->b, s->elem, p, "");
  LLVMSetVolatile(ld, true);
  LLVMSetAlignment(ld, size);
  if (s->order != LLVMAtomicOrderingNotAtomic) LLVMSetOrdering(ld, s->order);
  return ld;
}

static LLVMAtomicOrdering mem_order(const PtxInstr *ins, bool *strong) {
  *strong = true;
  if (cg_has_mod(ins, ".acquire")) return LLVMAtomicOrderingAcquire;
  if (cg_has_mod(ins, ".release")) return LLVMAtomicOrderingRelease;
  if (cg_has_mod(ins, ".relaxed")) return LLVMAtomicOrderingMonotonic;
  if (cg_has_mod(ins, ".volatile")) return LLVMAtomicOrderingNotAtomic;
  *strong = false;
  return LLVMAtomicOrderingNotAtomic;
}

static bool is_func_param_access(CgContext *cg, const PtxOperand *addr, PtxSpace space) {
  if (space != PTX_SPACE_PARAM || addr->kind != PTX_OPND_ADDR || !addr->addr.base) return false;
  const PtxOperand *b = addr->addr.base;
  return b->kind == PTX_OPND_VAR && b->var->space == PTX_SPACE_PARAM && !is_kernel_param(b->var);
}

/* G-interleaved .param slot: offset o of lane l at slot + o*G + l*size. */
static LLVMValueRef param_slot_ptr(CgContext *cg, const PtxOperand *addr, uint64_t extra) {
  CgParamSlot *s = cg_param_slot(cg, addr->addr.base->var);
  if (!s) return NULL;
  LLVMValueRef idx = cg_i64(cg, ((uint64_t)addr->addr.offset + extra) * cg->G);
  return LLVMBuildGEP2(cg->b, cg->t_i8, s->ptr, &idx, 1, "");
}

/* How the analysis sees the address of the current instruction, for `n` elements of
 * `size` bytes each. Without shapes (or for a varying address): unknown, checked at run
 * time. */
static int addr_hint(CgContext *cg, PtxSpace space, unsigned n, unsigned size) {
  ShapeInfo *si = cg->fn->shapes;
  if (!si || !si->addr || cg->G == 1) return CG_ADDR_UNKNOWN;
  /* The analysis sees .local addresses as frame offsets, the same in every lane; here they
   * are per-lane host addresses, local_size apart. */
  if (space == PTX_SPACE_LOCAL) return CG_ADDR_SCATTERED;
  Shape sh = si->addr[cg->stmt];
  if (sh.kind == SHAPE_UNIFORM) return CG_ADDR_UNIFORM;
  if (sh.kind == SHAPE_AFFINE) return (n == 1 && sh.stride == (int64_t)size) ? CG_ADDR_CONSECUTIVE : CG_ADDR_SCATTERED;
  return CG_ADDR_UNKNOWN;
}

static unsigned elem_count(const PtxOperand *o) {
  return o->kind == PTX_OPND_VEC ? o->list.count : 1;
}
static const PtxOperand *elem_at(const PtxOperand *o, unsigned i) {
  return o->kind == PTX_OPND_VEC ? &o->list.elems[i] : o;
}

/* A strong (relaxed/acquire/release/volatile) vector access of at most 8 bytes is one
 * access per lane, as on a GPU: CUB's decoupled look-back publishes {status, value} with
 * st.relaxed.v2.u32 and must never read half of a pair. Elements are packed little-endian
 * into one integer. Wider vectors (16 bytes) stay element-wise: x86-64 has no plain
 * 16-byte atomic access. */
static bool strong_packed(unsigned n, unsigned size, const PtxOperand *o) {
  if (n < 2 || n * size > 8) return false;
  for (unsigned e = 0; e < n; e++)
    if (elem_at(o, e)->kind != PTX_OPND_REG && elem_at(o, e)->kind != PTX_OPND_SINK &&
        elem_at(o, e)->kind != PTX_OPND_IMM_INT && elem_at(o, e)->kind != PTX_OPND_IMM_F32 &&
        elem_at(o, e)->kind != PTX_OPND_IMM_F64)
      return false;
  return true;
}

static void strong_packed_load(CgContext *cg, LLVMValueRef ptrs, LLVMAtomicOrdering ord,
                               const PtxOperand *d, unsigned n, unsigned size, LLVMTypeRef elem,
                               PtxType t) {
  LLVMTypeRef wide = LLVMIntTypeInContext(cg->ctx, n * size * 8);
  StrongCtx s = {ptrs, NULL, wide, ord, false};
  LLVMValueRef w = cg_for_each_lane(cg, cg->emask, cg_vec_type(cg, wide), lane_strong, &s);
  LLVMTypeRef part_int = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, size * 8));
  for (unsigned e = 0; e < n; e++) {
    if (elem_at(d, e)->kind == PTX_OPND_SINK) continue;
    LLVMValueRef sh = LLVMBuildLShr(cg->b, w, cg_const_int(cg, wide, (uint64_t)e * size * 8), "");
    LLVMValueRef part = LLVMBuildTrunc(cg->b, sh, part_int, "");
    part = LLVMBuildBitCast(cg->b, part, cg_vec_type(cg, elem), "");
    cg_write(cg, elem_at(d, e), part, t);
  }
}

static void strong_packed_store(CgContext *cg, LLVMValueRef ptrs, LLVMAtomicOrdering ord,
                                const PtxOperand *src, unsigned n, unsigned size,
                                LLVMTypeRef elem, PtxType rt) {
  LLVMTypeRef wide = LLVMIntTypeInContext(cg->ctx, n * size * 8);
  LLVMTypeRef part_int = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, size * 8));
  LLVMValueRef w = cg_const_int(cg, wide, 0);
  for (unsigned e = 0; e < n; e++) {
    LLVMValueRef v = LLVMBuildBitCast(cg->b, cg_read(cg, elem_at(src, e), rt), part_int, "");
    v = LLVMBuildZExt(cg->b, v, cg_vec_type(cg, wide), "");
    v = LLVMBuildShl(cg->b, v, cg_const_int(cg, wide, (uint64_t)e * size * 8), "");
    w = LLVMBuildOr(cg->b, w, v, "");
  }
  StrongCtx s = {ptrs, w, wide, ord, true};
  cg_for_each_lane(cg, cg->emask, NULL, lane_strong, &s);
}

/* ld{.weak,.volatile,.relaxed,.acquire}{.space}{.cop}{.vec}.type d, [a] */
static bool emit_ld(CgContext *cg, const PtxInstr *ins) {
  PtxSpace space = ptx_instr_space(ins);
  PtxType t = cg_itype(ins, 0);
  const PtxOperand *d = &ins->operands[0], *a = &ins->operands[1];
  if (ins->noperands > 2) return cg_unsupported(cg, ins, "ld with a cache policy operand");
  if (ptx_type_bits(t) == 128 || ptx_type_bits(t) == 0) return cg_unsupported(cg, ins, "type");
  LLVMTypeRef elem = cg_scalar_type(cg, t);
  if (ptx_type_bits(t) == 16 && ptx_type_is_float(t)) elem = cg->t_i16;
  unsigned n = elem_count(d), size = ptx_type_bits(t) / 8;
  if (is_func_param_access(cg, a, space)) {
    for (unsigned e = 0; e < n; e++) {
      LLVMValueRef p = param_slot_ptr(cg, a, (uint64_t)e * size);
      if (!p) return false;
      LLVMValueRef v = LLVMBuildLoad2(cg->b, cg_vec_type(cg, elem), p, "");
      LLVMSetAlignment(v, size);
      cg_write(cg, elem_at(d, e), v, t);
    }
    return true;
  }
  if (space == PTX_SPACE_PARAM && a->kind == PTX_OPND_ADDR && a->addr.base &&
      a->addr.base->kind == PTX_OPND_VAR) {
    /* Kernel parameter: uniform, one scalar load per element. */
    LLVMValueRef p = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, params));
    uint32_t off = kernel_param_offset(a->addr.base->var) + (uint32_t)a->addr.offset;
    for (unsigned e = 0; e < n; e++) {
      LLVMValueRef idx = cg_i64(cg, off + e * size);
      LLVMValueRef ep = LLVMBuildGEP2(cg->b, cg->t_i8, p, &idx, 1, "");
      LLVMValueRef v = LLVMBuildLoad2(cg->b, elem, ep, "param");
      LLVMSetAlignment(v, 1);
      cg_write(cg, elem_at(d, e), cg_splat(cg, v), t);
    }
    return true;
  }
  LLVMValueRef ptrs = cg_address(cg, a, space, t);
  bool strong;
  LLVMAtomicOrdering ord = mem_order(ins, &strong);
  if (strong && strong_packed(n, size, d)) {
    strong_packed_load(cg, ptrs, ord, d, n, size, elem, t);
    return true;
  }
  cg->addr_hint = addr_hint(cg, space, n, size);
  for (unsigned e = 0; e < n; e++) {
    LLVMValueRef pe = ptrs;
    if (e) {
      LLVMValueRef idx = cg_const_int(cg, cg->t_i64, (uint64_t)e * size);
      pe = LLVMBuildGEP2(cg->b, cg->t_i8, ptrs, &idx, 1, "");
    }
    LLVMValueRef v;
    if (strong) {
      StrongCtx s = {pe, NULL, elem, ord, false};
      v = cg_for_each_lane(cg, cg->emask, cg_vec_type(cg, elem), lane_strong, &s);
    } else if (cg->addr_hint == CG_ADDR_CONSECUTIVE && cg->G > 1 &&
               elem_at(d, e)->kind == PTX_OPND_REG) {
      /* Written on each path of the full-group test (see packed_access). */
      packed_access(cg, cg_vec_type(cg, elem), pe, NULL, size, cg->emask, NULL, elem_at(d, e), t, true);
      continue;
    } else {
      v = cg_load_vec(cg, pe, elem, cg->emask, false);
    }
    if (elem_at(d, e)->kind != PTX_OPND_SINK) cg_write(cg, elem_at(d, e), v, t);
  }
  cg->addr_hint = CG_ADDR_UNKNOWN;
  return true;
}

/* st{.weak,.volatile,.relaxed,.release}{.space}{.cop}{.vec}.type [a], b */
static bool emit_st(CgContext *cg, const PtxInstr *ins) {
  PtxSpace space = ptx_instr_space(ins);
  PtxType t = cg_itype(ins, 0);
  const PtxOperand *a = &ins->operands[0], *src = &ins->operands[1];
  if (ins->noperands > 2) return cg_unsupported(cg, ins, "st with a cache policy operand");
  if (ptx_type_bits(t) == 128 || ptx_type_bits(t) == 0) return cg_unsupported(cg, ins, "type");
  LLVMTypeRef elem = cg_scalar_type(cg, t);
  PtxType rt = t;
  if (ptx_type_bits(t) == 16 && ptx_type_is_float(t)) {
    elem = cg->t_i16;
    rt = cg_type_of(".b16");
  }
  unsigned n = elem_count(src), size = ptx_type_bits(t) / 8;
  if (is_func_param_access(cg, a, space)) {
    for (unsigned e = 0; e < n; e++) {
      LLVMValueRef p = param_slot_ptr(cg, a, (uint64_t)e * size);
      if (!p) return false;
      LLVMValueRef v = cg_read(cg, elem_at(src, e), rt);
      /* Lanes outside the mask keep their slot values: an indirect call runs several
       * callees one after another on the same return slot. */
      LLVMValueRef old = LLVMBuildLoad2(cg->b, LLVMTypeOf(v), p, "");
      LLVMSetAlignment(old, size);
      v = LLVMBuildSelect(cg->b, cg->emask, v, old, "");
      LLVMValueRef st = LLVMBuildStore(cg->b, v, p);
      LLVMSetAlignment(st, size);
    }
    return true;
  }
  if (space == PTX_SPACE_PARAM)
    return cg_unsupported(cg, ins, "st.param to a kernel parameter");
  if (space == PTX_SPACE_CONST) return cg_error(cg, ins->loc, "st to .const space");
  LLVMValueRef ptrs = cg_address(cg, a, space, t);
  bool strong;
  LLVMAtomicOrdering ord = mem_order(ins, &strong);
  if (strong && strong_packed(n, size, src)) {
    strong_packed_store(cg, ptrs, ord, src, n, size, elem, rt);
    return true;
  }
  cg->addr_hint = addr_hint(cg, space, n, size);
  for (unsigned e = 0; e < n; e++) {
    LLVMValueRef pe = ptrs;
    if (e) {
      LLVMValueRef idx = cg_const_int(cg, cg->t_i64, (uint64_t)e * size);
      pe = LLVMBuildGEP2(cg->b, cg->t_i8, ptrs, &idx, 1, "");
    }
    LLVMValueRef v = cg_read(cg, elem_at(src, e), rt);
    if (strong) {
      StrongCtx s = {pe, v, elem, ord, true};
      cg_for_each_lane(cg, cg->emask, NULL, lane_strong, &s);
    } else {
      cg_store_vec(cg, pe, v, cg->emask, false);
    }
  }
  cg->addr_hint = CG_ADDR_UNKNOWN;
  return true;
}

/* cvta.space.size d, a  /  cvta.to.space.size d, a (PTX ISA 9.7.9.18): only shared
 * addresses differ between their window and generic form. */
static bool emit_cvta(CgContext *cg, const PtxInstr *ins) {
  PtxSpace space = ptx_instr_space(ins);
  bool to = cg_has_mod(ins, ".to");
  PtxType t = cg_itype(ins, 0);
  if (!t) t = cg_type_of(".u64");
  unsigned bits = ptx_type_bits(t);
  const PtxOperand *src = &ins->operands[1];
  LLVMValueRef v;
  if (src->kind == PTX_OPND_VAR) {
    v = cg_var_address(cg, src->var);
  } else {
    v = cg_read(cg, src, bits == 64 ? cg_type_of(".u64") : cg_type_of(".u32"));
    if (bits != 64) v = LLVMBuildZExt(cg->b, v, cg->v_i64, "");
  }
  if (space == PTX_SPACE_SHARED || space == PTX_SPACE_SHARED_CLUSTER) {
    if (to)
      v = LLVMBuildSub(cg->b, v, shared_base(cg), "");
    else
      v = LLVMBuildAdd(cg->b, LLVMBuildAnd(cg->b, v, cg_const_int(cg, cg->t_i64, 0xffffffffu), ""),
                       shared_base(cg), "");
  }
  if (bits != 64) v = LLVMBuildTrunc(cg->b, v, cg->v_i32, "");
  cg_write(cg, &ins->operands[0], v, bits == 64 ? cg_type_of(".u64") : cg_type_of(".u32"));
  return true;
}

/* isspacep.space p, a: shared iff inside the CTA's window; global iff not shared (local
 * frames are host memory too, so .local answers whether a is inside this group's frames). */
static bool emit_isspacep(CgContext *cg, const PtxInstr *ins) {
  PtxSpace space = ptx_instr_space(ins);
  LLVMValueRef a = cg_read(cg, &ins->operands[1], cg_type_of(".u64"));
  LLVMValueRef sb = shared_base(cg);
  LLVMValueRef total = cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, dynamic_smem_size));
  total = LLVMBuildAdd(cg->b, LLVMBuildZExt(cg->b, total, cg->t_i64, ""), cg_i64(cg, cg->static_shared), "");
  LLVMValueRef rel = LLVMBuildSub(cg->b, a, sb, "");
  LLVMValueRef in_shared = LLVMBuildICmp(cg->b, LLVMIntULT, rel, cg_splat(cg, total), "");
  LLVMValueRef r;
  switch (space) {
  case PTX_SPACE_SHARED:
  case PTX_SPACE_SHARED_CLUSTER: r = in_shared; break;
  case PTX_SPACE_GLOBAL: r = LLVMBuildNot(cg->b, in_shared, ""); break;
  case PTX_SPACE_CONST: r = LLVMBuildNot(cg->b, in_shared, ""); break;
  default: return cg_unsupported(cg, ins, "isspacep%s", ptx_space_name(space));
  }
  cg_write(cg, &ins->operands[0], r, cg_type_of(".pred"));
  return true;
}

/* cp.async.{ca,cg}.shared.global [dst], [src], cp-size{, src-size | ignore-src} (PTX ISA
 * 9.7.9.25): done synchronously, lane by lane: src-size bytes copied, the rest of
 * cp-size zero-filled. commit_group/wait_group/wait_all then have nothing to wait for. */
typedef struct CpAsyncCtx {
  LLVMValueRef dst, src, cpsize, srcsize;
} CpAsyncCtx;

static LLVMValueRef lane_cp_async(CgContext *cg, LLVMValueRef lane, void *user) {
  CpAsyncCtx *c = user;
  LLVMValueRef d = LLVMBuildExtractElement(cg->b, c->dst, lane, "");
  LLVMValueRef s = LLVMBuildExtractElement(cg->b, c->src, lane, "");
  LLVMValueRef cp = LLVMBuildExtractElement(cg->b, c->cpsize, lane, "");
  LLVMValueRef n = LLVMBuildExtractElement(cg->b, c->srcsize, lane, "");
  n = LLVMBuildSelect(cg->b, LLVMBuildICmp(cg->b, LLVMIntULT, n, cp, ""), n, cp, "");
  LLVMBuildMemCpy(cg->b, d, 1, s, 1, n);
  LLVMValueRef idx = n;
  LLVMValueRef rest = LLVMBuildGEP2(cg->b, cg->t_i8, d, &idx, 1, "");
  LLVMBuildMemSet(cg->b, rest, LLVMConstInt(cg->t_i8, 0, false), LLVMBuildSub(cg->b, cp, n, ""), 1);
  return NULL;
}

static bool emit_cp_async(CgContext *cg, const PtxInstr *ins) {
  if (ins->noperands < 3) return cg_unsupported(cg, ins, "cp.async form");
  for (uint32_t i = 3; i < ins->noperands; i++)
    if (ins->operands[i].kind != PTX_OPND_IMM_INT && ins->operands[i].kind != PTX_OPND_REG)
      return cg_unsupported(cg, ins, "cp.async operand");
  CpAsyncCtx c;
  c.dst = cg_address(cg, &ins->operands[0], PTX_SPACE_SHARED, PTX_MOD_NONE);
  c.src = cg_address(cg, &ins->operands[1], PTX_SPACE_GLOBAL, PTX_MOD_NONE);
  c.cpsize = cg_read(cg, &ins->operands[2], cg_type_of(".u64"));
  c.srcsize = c.cpsize;
  if (ins->noperands > 3) {
    const PtxOperand *o = &ins->operands[3];
    if (o->kind == PTX_OPND_REG && ptx_type_bits(o->reg->type) == 1) {
      /* ignore-src: a true predicate reads nothing and zero-fills. */
      LLVMValueRef ig = cg_read(cg, o, cg_type_of(".pred"));
      c.srcsize = LLVMBuildSelect(cg->b, ig, cg_zero(cg, cg->v_i64), c.cpsize, "");
    } else {
      c.srcsize = cg_read(cg, o, cg_type_of(".u64"));
    }
  }
  cg_for_each_lane(cg, cg->emask, NULL, lane_cp_async, &c);
  return true;
}

static bool emit_nop(CgContext *cg, const PtxInstr *ins) {
  (void)cg;
  (void)ins;
  return true;
}

const CgOpEntry cg_ops_mem[] = {
    {"ld", emit_ld},   {"ldu", emit_ld},           {"st", emit_st},
    {"cvta", emit_cvta}, {"isspacep", emit_isspacep}, {"prefetch", emit_nop},
    {"prefetchu", emit_nop}, {"applypriority", emit_nop}, {"discard", emit_nop},
    {"cp.async", emit_cp_async}, {"cp.async.commit_group", emit_nop},
    {"cp.async.wait_group", emit_nop}, {"cp.async.wait_all", emit_nop},
    {NULL, NULL},
};
