/* The build context's helpers: types, constants, operand reads and writes (with the
 * execution mask), special registers, masks and lane loops — what every emitter uses. */
#include <stddef.h>

#include "cg_internal.h"

/* ---- Diagnostics. ---- */

bool cg_unsupported(CgContext *cg, const PtxInstr *ins, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (cg->diags)
    diag_report(cg->diags, DIAG_UNSUPPORTED, ins ? ins->loc : (SrcLoc){0},
                "'%s' is not supported by ptxvm yet (%s), PTX line %u",
                ins ? ptx_opcode_name(ins->op) : "?", buf, ins ? ins->loc.line : 0);
  cg->failed = true;
  return false;
}

bool cg_error(CgContext *cg, SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (cg->diags) diag_vreport(cg->diags, DIAG_ERROR, loc, fmt, ap);
  va_end(ap);
  cg->failed = true;
  return false;
}

/* ---- Modifiers and types by text. ---- */

bool cg_has_mod(const PtxInstr *ins, const char *text) {
  for (uint32_t i = 0; i < ins->nmods; i++)
    if (strcmp(ptx_mod_text(ins->mods[i]), text) == 0) return true;
  return false;
}

const char *cg_mod_text_of(const PtxInstr *ins, PtxModCategory cat) {
  PtxMod m = ptx_instr_mod_of(ins, cat);
  return m == PTX_MOD_NONE ? NULL : ptx_mod_text(m);
}

PtxType cg_type_of(const char *text) { return ptx_mod_lookup(text, strlen(text)); }

bool cg_type_is(PtxType t, const char *text) {
  return t != PTX_MOD_NONE && strcmp(ptx_mod_text(t), text) == 0;
}

PtxType cg_itype(const PtxInstr *ins, unsigned i) {
  return i < ins->ntypes ? ins->types[i] : PTX_MOD_NONE;
}

/* ---- Types and constants. ---- */

LLVMTypeRef cg_scalar_type(CgContext *cg, PtxType t) {
  unsigned bits = ptx_type_bits(t);
  if (bits == 1) return cg->t_i1;
  if (cg_type_is(t, ".f32")) return cg->t_f32;
  if (cg_type_is(t, ".f64")) return cg->t_f64;
  if (bits == 0) bits = 32;
  return LLVMIntTypeInContext(cg->ctx, bits);
}

LLVMTypeRef cg_vec_type(CgContext *cg, LLVMTypeRef scalar) {
  return LLVMVectorType(scalar, cg->G);
}

LLVMTypeRef cg_vtype(CgContext *cg, PtxType t) { return cg_vec_type(cg, cg_scalar_type(cg, t)); }

LLVMValueRef cg_splat(CgContext *cg, LLVMValueRef scalar) {
  LLVMTypeRef vt = cg_vec_type(cg, LLVMTypeOf(scalar));
  if (LLVMIsConstant(scalar)) {
    LLVMValueRef elems[32];
    for (unsigned i = 0; i < cg->G; i++) elems[i] = scalar;
    return LLVMConstVector(elems, cg->G);
  }
  LLVMValueRef v = LLVMBuildInsertElement(cg->b, LLVMGetPoison(vt), scalar, cg_i32(cg, 0), "");
  if (cg->G == 1) return v; /* a <1 x T> shuffle splat trips x86 ISel ("splat_vector") */
  return LLVMBuildShuffleVector(cg->b, v, LLVMGetPoison(vt), LLVMConstNull(cg->v_i32), "splat");
}

LLVMValueRef cg_const_int(CgContext *cg, LLVMTypeRef scalar, uint64_t v) {
  return cg_splat(cg, LLVMConstInt(scalar, v, false));
}
LLVMValueRef cg_const_f32(CgContext *cg, float v) { return cg_splat(cg, LLVMConstReal(cg->t_f32, v)); }
LLVMValueRef cg_const_f64(CgContext *cg, double v) { return cg_splat(cg, LLVMConstReal(cg->t_f64, v)); }
LLVMValueRef cg_zero(CgContext *cg, LLVMTypeRef vtype) { return LLVMConstNull(vtype); }
LLVMValueRef cg_i32(CgContext *cg, uint32_t v) { return LLVMConstInt(cg->t_i32, v, false); }
LLVMValueRef cg_i64(CgContext *cg, uint64_t v) { return LLVMConstInt(cg->t_i64, v, false); }

static LLVMTypeRef cg_elem(LLVMTypeRef t) {
  return LLVMGetTypeKind(t) == LLVMVectorTypeKind ? LLVMGetElementType(t) : t;
}

unsigned cg_type_bits(LLVMTypeRef t) {
  t = cg_elem(t);
  switch (LLVMGetTypeKind(t)) {
  case LLVMHalfTypeKind:
  case LLVMBFloatTypeKind: return 16;
  case LLVMFloatTypeKind: return 32;
  case LLVMDoubleTypeKind: return 64;
  case LLVMIntegerTypeKind: return LLVMGetIntTypeWidth(t);
  case LLVMPointerTypeKind: return 64;
  default: return 0;
  }
}

bool cg_is_float_type(LLVMTypeRef t) {
  LLVMTypeKind k = LLVMGetTypeKind(cg_elem(t));
  return k == LLVMHalfTypeKind || k == LLVMFloatTypeKind || k == LLVMDoubleTypeKind ||
         k == LLVMBFloatTypeKind;
}

/* Converts a vector between scalar types of PTX registers and instruction types: same
 * width is a bit cast; narrower-to-wider extends (sign by `sign`); wider-to-narrower
 * keeps the low bits (PTX's rule for bit-size types). */
static LLVMValueRef cg_convert_bits(CgContext *cg, LLVMValueRef v, LLVMTypeRef to_scalar, bool sign) {
  LLVMTypeRef from = cg_elem(LLVMTypeOf(v));
  if (from == to_scalar) return v;
  unsigned fb = cg_type_bits(from), tb = cg_type_bits(to_scalar);
  LLVMTypeRef vto = cg_vec_type(cg, to_scalar);
  if (fb == tb) return LLVMBuildBitCast(cg->b, v, vto, "");
  /* Go through integers of each width. */
  LLVMTypeRef fi = LLVMIntTypeInContext(cg->ctx, fb), ti = LLVMIntTypeInContext(cg->ctx, tb);
  if (cg_is_float_type(from)) v = LLVMBuildBitCast(cg->b, v, cg_vec_type(cg, fi), "");
  if (fb > tb)
    v = LLVMBuildTrunc(cg->b, v, cg_vec_type(cg, ti), "");
  else if (sign && fb > 1)
    v = LLVMBuildSExt(cg->b, v, cg_vec_type(cg, ti), "");
  else
    v = LLVMBuildZExt(cg->b, v, cg_vec_type(cg, ti), "");
  if (cg_is_float_type(to_scalar)) v = LLVMBuildBitCast(cg->b, v, vto, "");
  return v;
}

static LLVMValueRef cg_imm(CgContext *cg, const PtxOperand *o, PtxType t) {
  LLVMTypeRef st = cg_scalar_type(cg, t);
  LLVMTypeKind k = LLVMGetTypeKind(st);
  switch (o->kind) {
  case PTX_OPND_IMM_INT:
    if (k == LLVMFloatTypeKind || k == LLVMDoubleTypeKind)
      return cg_splat(cg, LLVMConstReal(st, (double)o->imm.i));
    return cg_splat(cg, LLVMConstInt(st, o->imm.u, false));
  case PTX_OPND_IMM_F32:
    if (k == LLVMFloatTypeKind) {
      return cg_splat(cg, LLVMConstBitCast(LLVMConstInt(cg->t_i32, o->imm.f32_bits, false), cg->t_f32));
    }
    if (k == LLVMDoubleTypeKind) return cg_splat(cg, LLVMConstReal(st, (double)o->imm.f32));
    return cg_splat(cg, LLVMConstInt(st, o->imm.f32_bits, false));
  case PTX_OPND_IMM_F64:
    if (k == LLVMDoubleTypeKind)
      return cg_splat(cg, LLVMConstBitCast(LLVMConstInt(cg->t_i64, o->imm.f64_bits, false), cg->t_f64));
    if (k == LLVMFloatTypeKind) return cg_splat(cg, LLVMConstReal(st, (float)o->imm.f64));
    return cg_splat(cg, LLVMConstInt(st, o->imm.f64_bits, false));
  default: UNREACHABLE();
  }
}

LLVMValueRef cg_ctx_field_ptr(CgContext *cg, size_t offset) {
  LLVMValueRef idx = cg_i64(cg, offset);
  return LLVMBuildGEP2(cg->b, cg->t_i8, cg->fn->ctx, &idx, 1, "");
}

LLVMValueRef cg_ctx_load(CgContext *cg, LLVMTypeRef t, size_t offset) {
  LLVMValueRef v = LLVMBuildLoad2(cg->b, t, cg_ctx_field_ptr(cg, offset), "");
  return v;
}

LLVMValueRef cg_read(CgContext *cg, const PtxOperand *o, PtxType t) {
  LLVMTypeRef st = cg_scalar_type(cg, t);
  bool sign = ptx_type_is_signed(t);
  switch (o->kind) {
  case PTX_OPND_REG: {
    if (o->component >= 0 || o->reg->vec) {
      cg_unsupported(cg, cg->ins, "vector register %s", o->reg->name);
      return LLVMGetUndef(cg_vec_type(cg, st));
    }
    uint32_t id = o->reg->id;
    LLVMValueRef v = LLVMBuildLoad2(cg->b, cg->fn->reg_type[id], cg->fn->reg_slot[id], o->reg->name);
    /* A register read as a wider signed type sign-extends from its own width. */
    bool reg_signed = ptx_type_is_signed(o->reg->type);
    v = cg_convert_bits(cg, v, st, sign || (reg_signed && !ptx_type_is_int(t)));
    if (o->neg && st == cg->t_i1) v = LLVMBuildNot(cg->b, v, "");
    return v;
  }
  case PTX_OPND_SREG: {
    LLVMValueRef v = cg_sreg(cg, o);
    return cg_convert_bits(cg, v, st, false);
  }
  case PTX_OPND_IMM_INT:
  case PTX_OPND_IMM_F32:
  case PTX_OPND_IMM_F64: return cg_imm(cg, o, t);
  case PTX_OPND_VAR: {
    if (o->sym_offset) {
      /* mov %rd, var+8 (ptx.h: sym_offset): the variable's address plus a constant. */
      PtxOperand plain = *o;
      plain.sym_offset = 0;
      LLVMValueRef base = cg_read(cg, &plain, cg_type_of(".u64"));
      base = LLVMBuildAdd(cg->b, base, cg_const_int(cg, cg->t_i64, (uint64_t)o->sym_offset), "");
      return cg_convert_bits(cg, base, st, false);
    }
    LLVMValueRef a = cg_var_address(cg, o->var);
    if (!a) return LLVMGetUndef(cg_vec_type(cg, st));
    return cg_convert_bits(cg, a, st, false);
  }
  case PTX_OPND_ADDR: {
    /* mov %rd, var+8 in some PTX: an address expression used as a value. */
    LLVMValueRef base;
    if (!o->addr.base)
      base = cg_const_int(cg, cg->t_i64, 0);
    else
      base = cg_read(cg, o->addr.base, cg_type_of(".u64"));
    base = LLVMBuildAdd(cg->b, base, cg_const_int(cg, cg->t_i64, (uint64_t)o->addr.offset), "");
    return cg_convert_bits(cg, base, st, false);
  }
  case PTX_OPND_FUNC:
    return cg_convert_bits(cg, cg_splat(cg, cg_func_handle_value(cg, o->func)), st, false);
  default:
    cg_unsupported(cg, cg->ins, "operand kind %d", (int)o->kind);
    return LLVMGetUndef(cg_vec_type(cg, st));
  }
}

void cg_write(CgContext *cg, const PtxOperand *o, LLVMValueRef v, PtxType t) {
  if (o->kind == PTX_OPND_SINK) return;
  if (o->kind != PTX_OPND_REG) {
    cg_unsupported(cg, cg->ins, "destination operand kind %d", (int)o->kind);
    return;
  }
  if (o->component >= 0 || o->reg->vec) {
    cg_unsupported(cg, cg->ins, "vector register %s", o->reg->name);
    return;
  }
  uint32_t id = o->reg->id;
  LLVMTypeRef rt = cg->fn->reg_type[id];
  v = cg_convert_bits(cg, v, cg_elem(rt), ptx_type_is_signed(t));
  /* Lanes outside the mask keep their values: they may be waiting at another block, or
   * the instruction's guard is false for them. Exited lanes are never read again, so a
   * function without divergent branches only blends by the guard. */
  if (cg->ins && (cg->ins->guard || (cg->fn->divergent && !cg_reg_uniform(cg, o->reg)))) {
    LLVMValueRef old = LLVMBuildLoad2(cg->b, rt, cg->fn->reg_slot[id], "");
    v = LLVMBuildSelect(cg->b, cg->emask, v, old, "");
  }
  LLVMBuildStore(cg->b, v, cg->fn->reg_slot[id]);
}

/* ---- Special registers (PTX ISA 10). ---- */

static LLVMValueRef cg_tid_component(CgContext *cg, int c) {
  LLVMValueRef t = cg->tid_linear;
  KDim3 d = cg->block;
  switch (c) {
  case 0: return d.x == 1 ? cg_zero(cg, cg->v_i32) : LLVMBuildURem(cg->b, t, cg_const_int(cg, cg->t_i32, d.x), "tid.x");
  case 1:
    t = LLVMBuildUDiv(cg->b, t, cg_const_int(cg, cg->t_i32, d.x), "");
    return LLVMBuildURem(cg->b, t, cg_const_int(cg, cg->t_i32, d.y), "tid.y");
  default: return LLVMBuildUDiv(cg->b, t, cg_const_int(cg, cg->t_i32, d.x * d.y), "tid.z");
  }
}

static LLVMValueRef cg_dim_field(CgContext *cg, size_t base, int c) {
  return cg_splat(cg, cg_ctx_load(cg, cg->t_i32, base + 4 * (size_t)c));
}

LLVMValueRef cg_sreg(CgContext *cg, const PtxOperand *o) {
  const char *name = ptx_sreg_name(o->sreg);
  int comp = o->component;
  /* The front end may name components as part of the register ("%tid.x"). */
  char base[32];
  size_t n = strlen(name);
  if (n >= 2 && name[n - 2] == '.' && strchr("xyzw", name[n - 1]) && n < sizeof base) {
    comp = (int)(strchr("xyzw", name[n - 1]) - "xyzw");
    memcpy(base, name, n - 2);
    base[n - 2] = 0;
    name = base;
  }
  if (comp < 0) comp = 0;
  if (comp > 2) comp = 2;
  uint32_t dims[3] = {cg->block.x, cg->block.y, cg->block.z};
  if (!strcmp(name, "%tid")) return cg_tid_component(cg, comp);
  if (!strcmp(name, "%ntid")) return cg_const_int(cg, cg->t_i32, dims[comp]);
  if (!strcmp(name, "%ctaid")) return cg_dim_field(cg, offsetof(KGroupCtx, ctaid), comp);
  if (!strcmp(name, "%nctaid")) return cg_dim_field(cg, offsetof(KGroupCtx, nctaid), comp);
  if (!strcmp(name, "%laneid"))
    return LLVMBuildAnd(cg->b, cg->tid_linear, cg_const_int(cg, cg->t_i32, 31), "laneid");
  if (!strcmp(name, "%warpid"))
    return LLVMBuildLShr(cg->b, cg->tid_linear, cg_const_int(cg, cg->t_i32, 5), "warpid");
  if (!strcmp(name, "%nwarpid")) return cg_const_int(cg, cg->t_i32, (cg->nthreads + 31) / 32);
  if (!strcmp(name, "%smid")) return cg_splat(cg, cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, smid)));
  if (!strcmp(name, "%nsmid")) return cg_const_int(cg, cg->t_i32, 1024);
  if (!strcmp(name, "%gridid")) return cg_const_int(cg, cg->t_i64, 1);
  if (!strncmp(name, "%lanemask_", 10)) {
    LLVMValueRef lane = LLVMBuildAnd(cg->b, cg->tid_linear, cg_const_int(cg, cg->t_i32, 31), "");
    LLVMValueRef one = cg_const_int(cg, cg->t_i32, 1);
    LLVMValueRef eq = LLVMBuildShl(cg->b, one, lane, "");
    const char *k = name + 10;
    if (!strcmp(k, "eq")) return eq;
    LLVMValueRef lt = LLVMBuildSub(cg->b, eq, one, "");
    if (!strcmp(k, "lt")) return lt;
    if (!strcmp(k, "le")) return LLVMBuildOr(cg->b, lt, eq, "");
    if (!strcmp(k, "ge")) return LLVMBuildNot(cg->b, lt, "");
    if (!strcmp(k, "gt")) return LLVMBuildNot(cg->b, LLVMBuildOr(cg->b, lt, eq, ""), "");
  }
  if (!strcmp(name, "%clock64") || !strcmp(name, "%clock")) {
    LLVMValueRef w = cg_ctx_load(cg, cg->t_ptr, offsetof(KGroupCtx, worker));
    LLVMTypeRef pt = cg->t_ptr;
    LLVMValueRef c = cg_call_extern(cg, "k_rt_clock64", cg->t_i64, &pt, 1, &w);
    if (!strcmp(name, "%clock")) c = LLVMBuildTrunc(cg->b, c, cg->t_i32, "");
    return cg_splat(cg, c);
  }
  if (!strcmp(name, "%globaltimer") || !strcmp(name, "%globaltimer_lo") ||
      !strcmp(name, "%globaltimer_hi")) {
    LLVMValueRef c = cg_call_extern(cg, "k_rt_globaltimer", cg->t_i64, NULL, 0, NULL);
    if (!strcmp(name, "%globaltimer_lo")) c = LLVMBuildTrunc(cg->b, c, cg->t_i32, "");
    if (!strcmp(name, "%globaltimer_hi"))
      c = LLVMBuildTrunc(cg->b, LLVMBuildLShr(cg->b, c, cg_i64(cg, 32), ""), cg->t_i32, "");
    return cg_splat(cg, c);
  }
  if (!strcmp(name, "%dynamic_smem_size"))
    return cg_splat(cg, cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, dynamic_smem_size)));
  if (!strcmp(name, "%total_smem_size")) {
    LLVMValueRef d = cg_ctx_load(cg, cg->t_i32, offsetof(KGroupCtx, dynamic_smem_size));
    return cg_splat(cg, LLVMBuildAdd(cg->b, d, cg_i32(cg, cg->static_shared), ""));
  }
  if (!strncmp(name, "%envreg", 7)) return cg_const_int(cg, cg->t_i32, 0);
  /* Clusters: every CTA is a cluster of one (no cluster launch support). */
  if (!strcmp(name, "%clusterid")) return cg_dim_field(cg, offsetof(KGroupCtx, ctaid), comp);
  if (!strcmp(name, "%nclusterid")) return cg_dim_field(cg, offsetof(KGroupCtx, nctaid), comp);
  if (!strcmp(name, "%cluster_ctaid") || !strcmp(name, "%cluster_ctarank") ||
      !strcmp(name, "%is_explicit_cluster"))
    return cg_const_int(cg, cg->t_i32, 0);
  if (!strcmp(name, "%cluster_nctaid") || !strcmp(name, "%cluster_nctarank"))
    return cg_const_int(cg, cg->t_i32, 1);
  cg_unsupported(cg, cg->ins, "special register %s", name);
  return cg_zero(cg, cg->v_i32);
}

/* ---- Intrinsics and calls. ---- */

LLVMValueRef cg_intrinsic(CgContext *cg, const char *name, LLVMTypeRef *overloads,
                          unsigned noverloads, LLVMValueRef *args, unsigned nargs) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  ASSERT(id != 0);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(cg->mod, id, overloads, noverloads);
  LLVMTypeRef ft = LLVMIntrinsicGetType(cg->ctx, id, overloads, noverloads);
  return LLVMBuildCall2(cg->b, ft, fn, args, nargs, "");
}

LLVMValueRef cg_call_extern(CgContext *cg, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                            unsigned nparams, LLVMValueRef *args) {
  LLVMTypeRef ft = LLVMFunctionType(ret, params, nparams, false);
  LLVMValueRef fn = LLVMGetNamedFunction(cg->mod, name);
  if (!fn) fn = LLVMAddFunction(cg->mod, name, ft);
  return LLVMBuildCall2(cg->b, ft, fn, args, nparams, "");
}

/* ---- Masks. ---- */

LLVMValueRef cg_mask_bits(CgContext *cg, LLVMValueRef mask) {
  LLVMTypeRef it = LLVMIntTypeInContext(cg->ctx, cg->G);
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, mask, it, "");
  if (cg->G < 32) bits = LLVMBuildZExt(cg->b, bits, cg->t_i32, "");
  return bits;
}

LLVMValueRef cg_mask_any(CgContext *cg, LLVMValueRef mask) {
  LLVMTypeRef it = LLVMIntTypeInContext(cg->ctx, cg->G);
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, mask, it, "");
  return LLVMBuildICmp(cg->b, LLVMIntNE, bits, LLVMConstNull(it), "any");
}

LLVMValueRef cg_popcount_mask(CgContext *cg, LLVMValueRef mask) {
  LLVMValueRef bits = cg_mask_bits(cg, mask);
  LLVMTypeRef t = LLVMTypeOf(bits);
  return cg_intrinsic(cg, "llvm.ctpop", &t, 1, &bits, 1);
}

LLVMValueRef cg_select(CgContext *cg, LLVMValueRef c, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildSelect(cg->b, c, a, b, "");
}

LLVMValueRef cg_lane_index(CgContext *cg) { return cg->lane; }

LLVMValueRef cg_first_lane(CgContext *cg, LLVMValueRef v) {
  /* cttz of the mask picks the first active lane; an empty mask (cannot happen while
   * code runs) gives G, clamped to 0. */
  LLVMValueRef bits = cg_mask_bits(cg, cg->emask ? cg->emask : cg->mask);
  LLVMTypeRef t = LLVMTypeOf(bits);
  LLVMValueRef args[2] = {bits, LLVMConstInt(cg->t_i1, 0, false)};
  LLVMValueRef idx = cg_intrinsic(cg, "llvm.cttz", &t, 1, args, 2);
  if (t != cg->t_i32) idx = LLVMBuildTrunc(cg->b, idx, cg->t_i32, "");
  LLVMValueRef inrange = LLVMBuildICmp(cg->b, LLVMIntULT, idx, cg_i32(cg, cg->G), "");
  idx = LLVMBuildSelect(cg->b, inrange, idx, cg_i32(cg, 0), "");
  return LLVMBuildExtractElement(cg->b, v, idx, "");
}

LLVMValueRef cg_to_ptr_vec(CgContext *cg, LLVMValueRef addr64) {
  return LLVMBuildIntToPtr(cg->b, addr64, cg_vec_type(cg, cg->t_ptr), "");
}

LLVMValueRef cg_flush_denorm(CgContext *cg, LLVMValueRef v) {
  /* Subnormal to sign-preserving zero (PTX .ftz): |x| < FLT_MIN and x != 0. */
  LLVMTypeRef vt = LLVMTypeOf(v);
  bool is64 = cg_type_bits(vt) == 64;
  LLVMTypeRef it = cg_vec_type(cg, is64 ? cg->t_i64 : cg->t_i32);
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, v, it, "");
  LLVMValueRef expmask = is64 ? cg_const_int(cg, cg->t_i64, 0x7ff0000000000000ull)
                              : cg_const_int(cg, cg->t_i32, 0x7f800000u);
  LLVMValueRef signmask = is64 ? cg_const_int(cg, cg->t_i64, 0x8000000000000000ull)
                               : cg_const_int(cg, cg->t_i32, 0x80000000u);
  LLVMValueRef exp = LLVMBuildAnd(cg->b, bits, expmask, "");
  LLVMValueRef isden = LLVMBuildICmp(cg->b, LLVMIntEQ, exp, LLVMConstNull(it), "");
  LLVMValueRef flushed = LLVMBuildAnd(cg->b, bits, signmask, "");
  bits = LLVMBuildSelect(cg->b, isden, flushed, bits, "");
  return LLVMBuildBitCast(cg->b, bits, vt, "");
}

LLVMValueRef cg_canon_nan(CgContext *cg, LLVMValueRef v) {
  /* GPUs return the canonical NaN 0x7fffffff for f32 operations with a NaN result. */
  LLVMTypeRef vt = LLVMTypeOf(v);
  bool is64 = cg_type_bits(vt) == 64;
  LLVMValueRef isnan = LLVMBuildFCmp(cg->b, LLVMRealUNO, v, v, "");
  LLVMValueRef qnan = is64 ? LLVMConstBitCast(cg_const_int(cg, cg->t_i64, 0x7fffffffffffffffull), vt)
                           : LLVMConstBitCast(cg_const_int(cg, cg->t_i32, 0x7fffffffu), vt);
  return LLVMBuildSelect(cg->b, isnan, qnan, v, "");
}

LLVMBasicBlockRef cg_new_bb(CgContext *cg, const char *name) {
  return LLVMAppendBasicBlockInContext(cg->ctx, cg->fn->fn, name);
}

LLVMValueRef cg_for_each_lane(CgContext *cg, LLVMValueRef mask, LLVMTypeRef result_vtype,
                              CgLaneBody body, void *user) {
  /* for (i = 0; i < G; i++) if (mask[i]) result[i] = body(i); — a real loop so the
   * body's code is emitted once. */
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(cg->b);
  LLVMBasicBlockRef head = cg_new_bb(cg, "lane.head"), run = cg_new_bb(cg, "lane.run"),
                    next = cg_new_bb(cg, "lane.next"), done = cg_new_bb(cg, "lane.done");
  LLVMValueRef init = result_vtype ? LLVMGetUndef(result_vtype) : NULL;
  LLVMBuildBr(cg->b, head);
  LLVMPositionBuilderAtEnd(cg->b, head);
  LLVMValueRef i = LLVMBuildPhi(cg->b, cg->t_i32, "lane");
  LLVMValueRef acc = result_vtype ? LLVMBuildPhi(cg->b, result_vtype, "acc") : NULL;
  LLVMValueRef on = LLVMBuildExtractElement(cg->b, mask, i, "");
  LLVMBuildCondBr(cg->b, on, run, next);
  LLVMPositionBuilderAtEnd(cg->b, run);
  LLVMValueRef r = body(cg, i, user);
  LLVMValueRef acc_run = acc;
  if (result_vtype && r) acc_run = LLVMBuildInsertElement(cg->b, acc, r, i, "");
  LLVMBasicBlockRef run_end = LLVMGetInsertBlock(cg->b);
  LLVMBuildBr(cg->b, next);
  LLVMPositionBuilderAtEnd(cg->b, next);
  LLVMValueRef acc_next = NULL;
  if (result_vtype) {
    acc_next = LLVMBuildPhi(cg->b, result_vtype, "");
    LLVMValueRef vals[2] = {acc, acc_run};
    LLVMBasicBlockRef bbs[2] = {head, run_end};
    LLVMAddIncoming(acc_next, vals, bbs, 2);
  }
  LLVMValueRef i1 = LLVMBuildAdd(cg->b, i, cg_i32(cg, 1), "");
  LLVMValueRef more = LLVMBuildICmp(cg->b, LLVMIntULT, i1, cg_i32(cg, cg->G), "");
  LLVMBuildCondBr(cg->b, more, head, done);
  {
    LLVMValueRef vals[2] = {cg_i32(cg, 0), i1};
    LLVMBasicBlockRef bbs[2] = {pre, next};
    LLVMAddIncoming(i, vals, bbs, 2);
    if (result_vtype) {
      LLVMValueRef avals[2] = {init, acc_next};
      LLVMAddIncoming(acc, avals, bbs, 2);
    }
  }
  LLVMPositionBuilderAtEnd(cg->b, done);
  return acc_next;
}

static LLVMValueRef const_n(LLVMTypeRef st, uint64_t v, unsigned n) {
  LLVMValueRef e[64];
  for (unsigned k = 0; k < n; k++) e[k] = LLVMConstInt(st, v, false);
  return LLVMConstVector(e, n);
}

LLVMValueRef cg_round_directed(CgContext *cg, LLVMValueRef rn, LLVMValueRef above, LLVMValueRef below,
                               const char *mode) {
  if (!strcmp(mode, ".rn")) return rn;
  LLVMTypeRef vt = LLVMTypeOf(rn);
  unsigned w = cg_type_bits(vt), n = LLVMGetVectorSize(vt);
  bool is64 = w == 64;
  LLVMTypeRef st = LLVMIntTypeInContext(cg->ctx, w);
  LLVMTypeRef it = LLVMVectorType(st, n);
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, rn, it, "");
  LLVMValueRef zero = LLVMConstNull(vt);
  LLVMValueRef pos = LLVMBuildFCmp(cg->b, LLVMRealOGT, rn, zero, "");
  LLVMValueRef neg = LLVMBuildFCmp(cg->b, LLVMRealOLT, rn, zero, "");
  LLVMValueRef isz = LLVMBuildFCmp(cg->b, LLVMRealOEQ, rn, zero, "");
  LLVMValueRef one = const_n(st, 1, n);
  LLVMValueRef inc = LLVMBuildAdd(cg->b, bits, one, ""), dec = LLVMBuildSub(cg->b, bits, one, "");
  LLVMValueRef min_pos = one;
  LLVMValueRef min_neg = const_n(st, is64 ? 0x8000000000000001ull : w == 16 ? 0x8001u : 0x80000001u, n);
  /* One step up / down in value from rn (finite or infinite, not NaN). */
  LLVMValueRef up = LLVMBuildSelect(cg->b, isz, min_pos, LLVMBuildSelect(cg->b, neg, dec, inc, ""), "");
  LLVMValueRef down = LLVMBuildSelect(cg->b, isz, min_neg, LLVMBuildSelect(cg->b, neg, inc, dec, ""), "");
  LLVMValueRef r = bits;
  if (!strcmp(mode, ".rp") || !strcmp(mode, ".rpi")) {
    r = LLVMBuildSelect(cg->b, above, up, bits, "");
  } else if (!strcmp(mode, ".rm") || !strcmp(mode, ".rmi")) {
    r = LLVMBuildSelect(cg->b, below, down, bits, "");
  } else { /* .rz: move towards zero when rn is further from zero than the exact value */
    /* One step towards zero lowers the magnitude: bits - 1 for either sign. */
    LLVMValueRef away = LLVMBuildOr(cg->b, LLVMBuildAnd(cg->b, pos, below, ""), LLVMBuildAnd(cg->b, neg, above, ""), "");
    r = LLVMBuildSelect(cg->b, away, dec, bits, "");
  }
  return LLVMBuildBitCast(cg->b, r, vt, "");
}

/* f64 -> f32 rounding to odd: truncate, and set the last bit when inexact. A later
 * round-to-nearest to a format of at most 22 bits is then correctly rounded. */
static LLVMValueRef f64_to_f32_odd(CgContext *cg, LLVMValueRef x) {
  LLVMTypeRef ft = LLVMVectorType(cg->t_f32, LLVMGetVectorSize(LLVMTypeOf(x)));
  LLVMTypeRef it = LLVMVectorType(cg->t_i32, LLVMGetVectorSize(LLVMTypeOf(x)));
  LLVMValueRef rn = LLVMBuildFPTrunc(cg->b, x, ft, "");
  LLVMValueRef back = LLVMBuildFPExt(cg->b, rn, LLVMTypeOf(x), "");
  LLVMValueRef above = LLVMBuildFCmp(cg->b, LLVMRealOGT, x, back, "");
  LLVMValueRef below = LLVMBuildFCmp(cg->b, LLVMRealOLT, x, back, "");
  LLVMValueRef rz = cg_round_directed(cg, rn, above, below, ".rz");
  LLVMValueRef inexact = LLVMBuildOr(cg->b, above, below, "");
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, rz, it, "");
  LLVMValueRef one = LLVMConstInt(cg->t_i32, 1, false);
  LLVMValueRef ones[64];
  unsigned n = LLVMGetVectorSize(it);
  for (unsigned k = 0; k < n; k++) ones[k] = one;
  bits = LLVMBuildSelect(cg->b, inexact, LLVMBuildOr(cg->b, bits, LLVMConstVector(ones, n), ""), bits, "");
  return LLVMBuildBitCast(cg->b, bits, ft, "");
}

/* f32 -> bf16 round to nearest even on the bits (no libcall); NaN -> 0x7fff. */
static LLVMValueRef f32_to_bf16(CgContext *cg, LLVMValueRef x) {
  unsigned n = LLVMGetVectorSize(LLVMTypeOf(x));
  LLVMTypeRef it = LLVMVectorType(cg->t_i32, n), ht = LLVMVectorType(cg->t_i16, n);
  LLVMValueRef c[3][64];
  for (unsigned k = 0; k < n; k++) {
    c[0][k] = LLVMConstInt(cg->t_i32, 0x7fff, false);
    c[1][k] = LLVMConstInt(cg->t_i32, 16, false);
    c[2][k] = LLVMConstInt(cg->t_i32, 1, false);
  }
  LLVMValueRef k7fff = LLVMConstVector(c[0], n), k16 = LLVMConstVector(c[1], n), k1 = LLVMConstVector(c[2], n);
  LLVMValueRef bits = LLVMBuildBitCast(cg->b, x, it, "");
  LLVMValueRef lsb = LLVMBuildAnd(cg->b, LLVMBuildLShr(cg->b, bits, k16, ""), k1, "");
  LLVMValueRef r = LLVMBuildLShr(cg->b, LLVMBuildAdd(cg->b, LLVMBuildAdd(cg->b, bits, k7fff, ""), lsb, ""), k16, "");
  LLVMValueRef isnan = LLVMBuildFCmp(cg->b, LLVMRealUNO, x, x, "");
  r = LLVMBuildSelect(cg->b, isnan, k7fff, r, "");
  r = LLVMBuildTrunc(cg->b, r, ht, "");
  return LLVMBuildBitCast(cg->b, r, LLVMVectorType(LLVMBFloatTypeInContext(cg->ctx), n), "");
}

LLVMValueRef cg_fp_narrow(CgContext *cg, LLVMValueRef v, LLVMTypeRef to) {
  LLVMTypeRef from = LLVMGetElementType(LLVMTypeOf(v));
  unsigned n = LLVMGetVectorSize(LLVMTypeOf(v));
  LLVMTypeKind tk = LLVMGetTypeKind(to);
  if (tk == LLVMBFloatTypeKind || tk == LLVMHalfTypeKind) {
    if (LLVMGetTypeKind(from) == LLVMDoubleTypeKind) v = f64_to_f32_odd(cg, v);
    if (tk == LLVMBFloatTypeKind) return f32_to_bf16(cg, v);
  }
  return LLVMBuildFPTrunc(cg->b, v, LLVMVectorType(to, n), "");
}

static LLVMValueRef symbol_address(CgContext *cg, const char *name) {
  LLVMValueRef g = LLVMGetNamedGlobal(cg->mod, name);
  if (!g) {
    g = LLVMAddGlobal(cg->mod, cg->t_i8, name);
    LLVMSetLinkage(g, LLVMExternalLinkage);
  }
  return LLVMBuildPtrToInt(cg->b, g, cg->t_i64, "");
}

LLVMValueRef cg_func_handle_value(CgContext *cg, const PtxFunc *f) {
  uint64_t h = cg_func_handle(cg->cgm, f);
  if (!cg->symbolic) return cg_i64(cg, h);
  uint32_t i = 0;
  while (i < cg->ptx->nfuncs && cg->ptx->funcs[i] != f) i++;
  char name[48];
  snprintf(name, sizeof name, "ptxvm.fh.%u", i);
  return symbol_address(cg, name);
}

LLVMValueRef cg_global_value(CgContext *cg, CgGlobal *g) {
  if (!cg->symbolic) return cg_i64(cg, (uintptr_t)g->storage);
  char name[48];
  snprintf(name, sizeof name, "ptxvm.gv.%u", g->index);
  return symbol_address(cg, name);
}
