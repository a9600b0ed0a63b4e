/* Integer bit-field and packed-byte instructions that real programs reach through CUDA's
 * intrinsics (__dp4a, __vabsdiffu4, bit masks from cuda::std::bitset ...): bmsk, szext
 * (PTX ISA 9.7.1), dp4a, dp2a (9.7.1.x), the SIMD video instructions vadd2/4, vsub2/4,
 * vabsdiff2/4, vmin2/4, vmax2/4 (9.7.16.2) and tanh.approx.f32 (9.7.3). All lanewise on
 * <G x i32>. */
#include "cg_internal.h"

#define B (cg->b)

static LLVMValueRef rd(CgContext *cg, const PtxInstr *ins, unsigned i, const char *t) {
  return cg_read(cg, &ins->operands[i], cg_type_of(t));
}
static LLVMValueRef ci(CgContext *cg, uint64_t v) { return cg_const_int(cg, cg->t_i32, v); }
static LLVMValueRef ci64(CgContext *cg, uint64_t v) { return cg_const_int(cg, cg->t_i64, v); }

static LLVMValueRef umin(CgContext *cg, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntULT, a, b, ""), a, b, "");
}

/* bmsk.{clamp,wrap}.b32 d, a, b: a mask of b ones starting at bit a. .wrap takes both
 * modulo 32; .clamp limits both to 32. Bits at 32 and above fall off. */
static bool emit_bmsk(CgContext *cg, const PtxInstr *ins) {
  LLVMValueRef a = rd(cg, ins, 1, ".u32"), b = rd(cg, ins, 2, ".u32");
  if (cg_has_mod(ins, ".wrap")) {
    a = LLVMBuildAnd(B, a, ci(cg, 31), "");
    b = LLVMBuildAnd(B, b, ci(cg, 31), "");
  } else {
    a = umin(cg, a, ci(cg, 32));
    b = umin(cg, b, ci(cg, 32));
  }
  LLVMValueRef a64 = LLVMBuildZExt(B, a, cg->v_i64, ""), e64 = LLVMBuildZExt(B, LLVMBuildAdd(B, a, b, ""), cg->v_i64, "");
  LLVMValueRef ones = ci64(cg, ~0ull);
  LLVMValueRef m = LLVMBuildXor(B, LLVMBuildShl(B, ones, a64, ""), LLVMBuildShl(B, ones, e64, ""), ""); /* a, a+b <= 64 */
  /* a+b = 64 (clamp: 32+32) shifts by the width; handle it explicitly. */
  LLVMValueRef full = LLVMBuildICmp(B, LLVMIntUGE, e64, ci64(cg, 64), "");
  m = LLVMBuildSelect(B, full, LLVMBuildShl(B, ones, a64, ""), m, "");
  cg_write(cg, &ins->operands[0], LLVMBuildTrunc(B, m, cg->v_i32, ""), cg_type_of(".b32"));
  return true;
}

/* szext.{clamp,wrap}.{u32,s32} d, a, b: a's low b bits, zero- or sign-extended; b is
 * taken modulo 32 (.wrap) or limited to 32 (.clamp); b = 0 gives 0, b = 32 gives a. */
static bool emit_szext(CgContext *cg, const PtxInstr *ins) {
  bool sgn = cg_type_is(cg_itype(ins, 0), ".s32");
  LLVMValueRef a = rd(cg, ins, 1, ".u32"), b = rd(cg, ins, 2, ".u32");
  b = cg_has_mod(ins, ".wrap") ? LLVMBuildAnd(B, b, ci(cg, 31), "") : umin(cg, b, ci(cg, 32));
  LLVMValueRef sh = LLVMBuildSub(B, ci(cg, 32), b, "");
  LLVMValueRef safe = umin(cg, sh, ci(cg, 31)); /* b = 0 is selected away below */
  LLVMValueRef up = LLVMBuildShl(B, a, safe, "");
  LLVMValueRef r = sgn ? LLVMBuildAShr(B, up, safe, "") : LLVMBuildLShr(B, up, safe, "");
  r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntEQ, b, ci(cg, 0), ""), cg_zero(cg, cg->v_i32), r, "");
  cg_write(cg, &ins->operands[0], r, cg_itype(ins, 0));
  return true;
}

/* Byte (or halfword) k of a <G x i32>, sign- or zero-extended to i32. */
static LLVMValueRef part(CgContext *cg, LLVMValueRef v, unsigned bits, unsigned k, bool sgn) {
  LLVMValueRef s = LLVMBuildLShr(B, v, ci(cg, bits * k), "");
  LLVMTypeRef nt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, bits));
  LLVMValueRef t = LLVMBuildTrunc(B, s, nt, "");
  return sgn ? LLVMBuildSExt(B, t, cg->v_i32, "") : LLVMBuildZExt(B, t, cg->v_i32, "");
}

/* dp4a.atype.btype d, a, b, c: c + the dot product of the four bytes of a and of b, each
 * signed or unsigned by its type; 32-bit wrap-around. */
static bool emit_dp4a(CgContext *cg, const PtxInstr *ins) {
  bool sa = cg_type_is(cg_itype(ins, 0), ".s32"), sb = cg_type_is(cg_itype(ins, 1), ".s32");
  LLVMValueRef a = rd(cg, ins, 1, ".u32"), b = rd(cg, ins, 2, ".u32"), r = rd(cg, ins, 3, ".u32");
  for (unsigned k = 0; k < 4; k++)
    r = LLVMBuildAdd(B, r, LLVMBuildMul(B, part(cg, a, 8, k, sa), part(cg, b, 8, k, sb), ""), "");
  cg_write(cg, &ins->operands[0], r, cg_type_of(sa || sb ? ".s32" : ".u32"));
  return true;
}

/* dp2a.{lo,hi}.atype.btype d, a, b, c: c + a.h0*b.byte[i] + a.h1*b.byte[i+1], i = 0 (.lo)
 * or 2 (.hi). */
static bool emit_dp2a(CgContext *cg, const PtxInstr *ins) {
  bool sa = cg_type_is(cg_itype(ins, 0), ".s32"), sb = cg_type_is(cg_itype(ins, 1), ".s32");
  unsigned i0 = cg_has_mod(ins, ".hi") ? 2 : 0;
  LLVMValueRef a = rd(cg, ins, 1, ".u32"), b = rd(cg, ins, 2, ".u32"), r = rd(cg, ins, 3, ".u32");
  for (unsigned k = 0; k < 2; k++)
    r = LLVMBuildAdd(B, r, LLVMBuildMul(B, part(cg, a, 16, k, sa), part(cg, b, 8, i0 + k, sb), ""), "");
  cg_write(cg, &ins->operands[0], r, cg_type_of(sa || sb ? ".s32" : ".u32"));
  return true;
}

/* SIMD video instructions, vop2/vop4.dtype.atype.btype{.sat} d, a, b, c and with a merge
 * .add/.min/.max: per halfword (2) or byte (4) element, result = op(a_i, b_i) computed
 * exactly in 32 bits, then either saturated to the element type and packed over c (no
 * merge: c gives the elements a mask leaves out) or reduced with c (merge: d = c + sum, or
 * min/max of c and the elements, in 32 bits). Selectors and masks other than the default
 * ones are not taken. */
enum { V_ADD, V_SUB, V_ABSDIFF, V_MIN, V_MAX };

static bool emit_vsimd(CgContext *cg, const PtxInstr *ins, unsigned op, unsigned n) {
  for (unsigned i = 0; i < ins->noperands; i++)
    if (ins->operands[i].kind == PTX_OPND_REG && ins->operands[i].sel)
      return cg_unsupported(cg, ins, "selector %s on a SIMD video instruction", ins->operands[i].sel);
  if (ins->noperands != 4) return cg_unsupported(cg, ins, "this operand form");
  bool sd = cg_type_is(cg_itype(ins, 0), ".s32"), sa = cg_type_is(cg_itype(ins, 1), ".s32"),
       sb = cg_type_is(cg_itype(ins, 2), ".s32");
  bool sat = cg_has_mod(ins, ".sat");
  unsigned merge = cg_has_mod(ins, ".add") ? 1 : cg_has_mod(ins, ".min") ? 2 : cg_has_mod(ins, ".max") ? 3 : 0;
  unsigned bits = 32 / n;
  LLVMValueRef a = rd(cg, ins, 1, ".u32"), b = rd(cg, ins, 2, ".u32"), c = rd(cg, ins, 3, ".u32");
  LLVMValueRef acc = c, packed = cg_zero(cg, cg->v_i32);
  /* Element ranges of the destination type (for .sat and the signed/unsigned comparisons
   * of the merges). */
  int64_t lo = sd ? -(1ll << (bits - 1)) : 0, hi = sd ? (1ll << (bits - 1)) - 1 : (1ll << bits) - 1;
  for (unsigned k = 0; k < n; k++) {
    /* Elements widened to i32 exactly: a byte/halfword op fits in 32 bits. */
    LLVMValueRef x = part(cg, a, bits, k, sa), y = part(cg, b, bits, k, sb), r;
    switch (op) {
    case V_ADD: r = LLVMBuildAdd(B, x, y, ""); break;
    case V_SUB: r = LLVMBuildSub(B, x, y, ""); break;
    case V_ABSDIFF: {
      LLVMValueRef d = LLVMBuildSub(B, x, y, "");
      r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, d, cg_zero(cg, cg->v_i32), ""), LLVMBuildNeg(B, d, ""), d, "");
      break;
    }
    case V_MIN: r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, x, y, ""), x, y, ""); break;
    default: r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSGT, x, y, ""), x, y, ""); break;
    }
    if (merge) {
      LLVMIntPredicate lt = sd ? LLVMIntSLT : LLVMIntULT;
      if (merge == 1) acc = LLVMBuildAdd(B, acc, r, "");
      else if (merge == 2) acc = LLVMBuildSelect(B, LLVMBuildICmp(B, lt, r, acc, ""), r, acc, "");
      else acc = LLVMBuildSelect(B, LLVMBuildICmp(B, lt, acc, r, ""), r, acc, "");
      continue;
    }
    if (sat) {
      LLVMValueRef l = ci(cg, (uint64_t)lo), h = ci(cg, (uint64_t)hi);
      r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, r, l, ""), l, r, "");
      r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSGT, r, h, ""), h, r, "");
    }
    uint32_t emask = (uint32_t)(((1ull << bits) - 1) << (bits * k));
    r = LLVMBuildAnd(B, LLVMBuildShl(B, r, ci(cg, bits * k), ""), ci(cg, emask), "");
    packed = LLVMBuildOr(B, packed, r, "");
  }
  cg_write(cg, &ins->operands[0], merge ? acc : packed, cg_itype(ins, 0));
  return true;
}

#define VSIMD(name, op, n) \
  static bool emit_##name(CgContext *cg, const PtxInstr *ins) { return emit_vsimd(cg, ins, op, n); }
VSIMD(vadd2, V_ADD, 2)
VSIMD(vadd4, V_ADD, 4)
VSIMD(vsub2, V_SUB, 2)
VSIMD(vsub4, V_SUB, 4)
VSIMD(vabsdiff2, V_ABSDIFF, 2)
VSIMD(vabsdiff4, V_ABSDIFF, 4)
VSIMD(vmin2, V_MIN, 2)
VSIMD(vmin4, V_MIN, 4)
VSIMD(vmax2, V_MAX, 2)
VSIMD(vmax4, V_MAX, 4)

/* Scalar video instructions vop.dtype.atype.btype{.sat}{.op2} d{.dsel}, a{.asel}, b{.bsel}{, c}
 * (PTX ISA 9.7.16.1), vop in vadd, vsub, vabsdiff, vmin, vmax: the selected byte, halfword
 * or word of a and b, sign- or zero-extended by its type, combined exactly in 64 bits;
 * then saturated to the destination (or to the selected part of it) with .sat, else
 * truncated; then .add/.min/.max with c, or merged into c at d's selector. */
static bool sel_part(const char *sel, unsigned *bits, unsigned *shift) {
  if (!sel) return *bits = 32, *shift = 0, true;
  if (sel[0] == '.' && sel[1] == 'b' && sel[2] >= '0' && sel[2] <= '3' && !sel[3])
    return *bits = 8, *shift = 8u * (unsigned)(sel[2] - '0'), true;
  if (sel[0] == '.' && sel[1] == 'h' && (sel[2] == '0' || sel[2] == '1') && !sel[3])
    return *bits = 16, *shift = 16u * (unsigned)(sel[2] - '0'), true;
  return false;
}

static LLVMValueRef vsel_read(CgContext *cg, const PtxInstr *ins, unsigned i, bool sgn, bool *ok) {
  const PtxOperand *o = &ins->operands[i];
  unsigned bits, shift;
  if (!sel_part(o->kind == PTX_OPND_REG ? o->sel : NULL, &bits, &shift)) {
    *ok = false;
    return NULL;
  }
  LLVMValueRef v = LLVMBuildLShr(B, rd(cg, ins, i, ".u32"), ci(cg, shift), "");
  v = LLVMBuildTrunc(B, v, cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, bits)), "");
  return sgn ? LLVMBuildSExt(B, v, cg->v_i64, "") : LLVMBuildZExt(B, v, cg->v_i64, "");
}

static bool emit_vscalar(CgContext *cg, const PtxInstr *ins, unsigned op) {
  bool sd = cg_type_is(cg_itype(ins, 0), ".s32"), sa = cg_type_is(cg_itype(ins, 1), ".s32"),
       sb = cg_type_is(cg_itype(ins, 2), ".s32"), ok = true;
  LLVMValueRef x = vsel_read(cg, ins, 1, sa, &ok), y = vsel_read(cg, ins, 2, sb, &ok), r;
  unsigned dbits, dshift;
  const PtxOperand *d = &ins->operands[0];
  if (!ok || !sel_part(d->sel, &dbits, &dshift)) return cg_unsupported(cg, ins, "this video operand selector");
  unsigned merge = cg_has_mod(ins, ".add") ? 1 : cg_has_mod(ins, ".min") ? 2 : cg_has_mod(ins, ".max") ? 3 : 0;
  if ((merge || d->sel) && ins->noperands < 4) return cg_unsupported(cg, ins, "this video operand form");
  LLVMValueRef zero = cg_zero(cg, cg->v_i64);
  switch (op) {
  case V_ADD: r = LLVMBuildAdd(B, x, y, ""); break;
  case V_SUB: r = LLVMBuildSub(B, x, y, ""); break;
  case V_ABSDIFF: {
    LLVMValueRef df = LLVMBuildSub(B, x, y, "");
    r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, df, zero, ""), LLVMBuildNeg(B, df, ""), df, "");
    break;
  }
  case V_MIN: r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, x, y, ""), x, y, ""); break;
  default: r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSGT, x, y, ""), x, y, ""); break;
  }
  if (cg_has_mod(ins, ".sat")) {
    int64_t lo = sd ? -(1ll << (dbits - 1)) : 0, hi = sd ? (1ll << (dbits - 1)) - 1 : (int64_t)((1ull << dbits) - 1);
    LLVMValueRef l = ci64(cg, (uint64_t)lo), h = ci64(cg, (uint64_t)hi);
    r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, r, l, ""), l, r, "");
    r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSGT, r, h, ""), h, r, "");
  }
  LLVMValueRef r32 = LLVMBuildTrunc(B, r, cg->v_i32, "");
  if (merge) {
    LLVMValueRef c = rd(cg, ins, 3, ".u32");
    LLVMIntPredicate lt = sd ? LLVMIntSLT : LLVMIntULT;
    if (merge == 1) r32 = LLVMBuildAdd(B, r32, c, "");
    else if (merge == 2) r32 = LLVMBuildSelect(B, LLVMBuildICmp(B, lt, r32, c, ""), r32, c, "");
    else r32 = LLVMBuildSelect(B, LLVMBuildICmp(B, lt, c, r32, ""), r32, c, "");
  } else if (d->sel) {
    uint32_t m = (uint32_t)(((1ull << dbits) - 1) << dshift);
    LLVMValueRef c = LLVMBuildAnd(B, rd(cg, ins, 3, ".u32"), ci(cg, ~m), "");
    r32 = LLVMBuildOr(B, c, LLVMBuildAnd(B, LLVMBuildShl(B, r32, ci(cg, dshift), ""), ci(cg, m), ""), "");
  }
  cg_write(cg, d, r32, cg_itype(ins, 0));
  return true;
}

#define VSCALAR(name, op) \
  static bool emit_##name(CgContext *cg, const PtxInstr *ins) { return emit_vscalar(cg, ins, op); }
VSCALAR(vadd, V_ADD)
VSCALAR(vsub, V_SUB)
VSCALAR(vabsdiff, V_ABSDIFF)
VSCALAR(vmin, V_MIN)
VSCALAR(vmax, V_MAX)

/* A float splat as long as `like`. */
static LLVMValueRef fsplat(LLVMValueRef like, double v) {
  unsigned n = LLVMGetVectorSize(LLVMTypeOf(like));
  LLVMTypeRef et = LLVMGetElementType(LLVMTypeOf(like));
  LLVMValueRef e[64];
  for (unsigned i = 0; i < n; i++) e[i] = LLVMConstReal(et, v);
  return LLVMConstVector(e, n);
}

/* tanh.approx.{f32,f16,f16x2,bf16,bf16x2} d, a: 1 - 2/(e^2a + 1), which saturates to +-1
 * and keeps NaN; below |a| = 0.5 an odd Taylor polynomial instead, where the formula would
 * cancel (the hardware's bound is a relative error of 2^-11). Half types go through f32
 * and are rounded once. */
static bool emit_tanh(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  bool f32 = cg_type_is(t, ".f32"), pk = cg_type_is(t, ".f16x2") || cg_type_is(t, ".bf16x2");
  bool bf = cg_type_is(t, ".bf16") || cg_type_is(t, ".bf16x2");
  if (!f32 && !pk && !cg_type_is(t, ".f16") && !bf) return cg_unsupported(cg, ins, "tanh on this type");
  LLVMValueRef x;
  LLVMTypeRef ht = bf ? LLVMBFloatTypeInContext(cg->ctx) : cg->t_f16;
  if (f32) {
    x = cg_read(cg, &ins->operands[1], cg_type_of(".f32"));
  } else {
    LLVMValueRef raw = cg_read(cg, &ins->operands[1], cg_type_of(pk ? ".b32" : ".b16"));
    LLVMValueRef h = LLVMBuildBitCast(B, raw, LLVMVectorType(ht, cg->G * (pk ? 2 : 1)), "");
    x = LLVMBuildFPExt(B, h, LLVMVectorType(cg->t_f32, cg->G * (pk ? 2 : 1)), "");
  }
  LLVMTypeRef vt = LLVMTypeOf(x);
  LLVMValueRef two = fsplat(x, 2.0), one = fsplat(x, 1.0);
  LLVMValueRef e = cg_intrinsic(cg, "llvm.exp", &vt, 1, (LLVMValueRef[]){LLVMBuildFMul(B, x, two, "")}, 1);
  LLVMValueRef big = LLVMBuildFSub(B, one, LLVMBuildFDiv(B, two, LLVMBuildFAdd(B, e, one, ""), ""), "");
  LLVMValueRef x2 = LLVMBuildFMul(B, x, x, "");
  /* x (1 - x^2/3 + 2x^4/15 - 17x^6/315 + 62x^8/2835) */
  LLVMValueRef p = fsplat(x, 62.0 / 2835.0);
  const double cs[] = {-17.0 / 315.0, 2.0 / 15.0, -1.0 / 3.0, 1.0};
  for (unsigned i = 0; i < 4; i++) p = LLVMBuildFAdd(B, LLVMBuildFMul(B, p, x2, ""), fsplat(x, cs[i]), "");
  LLVMValueRef small = LLVMBuildFMul(B, x, p, "");
  LLVMValueRef ax = cg_intrinsic(cg, "llvm.fabs", &vt, 1, &x, 1);
  LLVMValueRef r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, ax, fsplat(x, 0.5), ""), small, big, "");
  if (f32) {
    cg_write(cg, &ins->operands[0], r, cg_type_of(".f32"));
  } else {
    r = cg_fp_narrow(cg, r, ht);
    r = LLVMBuildBitCast(B, r, pk ? cg->v_i32 : cg_vec_type(cg, cg->t_i16), "");
    cg_write(cg, &ins->operands[0], r, cg_type_of(pk ? ".b32" : ".b16"));
  }
  return true;
}

/* cvt.pack.sat.convertType.s32{.b32} d, a, b{, c}: a and b saturated to convertType (u2
 * ... s16) and packed with b lowest, then a; for the types narrower than 16 bits c fills
 * the bits above them (d = c << 2n | sat(a) << n | sat(b)). */
static bool emit_cvt_pack(CgContext *cg, const PtxInstr *ins) {
  PtxType ct = cg_itype(ins, 0);
  static const struct {
    const char *t;
    unsigned bits;
    bool sgn;
  } ts[] = {{".u16", 16, false}, {".s16", 16, true}, {".u8", 8, false}, {".s8", 8, true},
            {".u4", 4, false},   {".s4", 4, true},   {".u2", 2, false}, {".s2", 2, true}};
  int k = -1;
  for (int i = 0; i < (int)ARRAY_LEN(ts); i++)
    if (cg_type_is(ct, ts[i].t)) k = i;
  if (k < 0 || !cg_has_mod(ins, ".sat")) return cg_unsupported(cg, ins, "this cvt.pack form");
  unsigned n = ts[k].bits;
  int64_t lo = ts[k].sgn ? -(1ll << (n - 1)) : 0, hi = ts[k].sgn ? (1ll << (n - 1)) - 1 : (1ll << n) - 1;
  LLVMValueRef vl = ci(cg, (uint64_t)lo), vh = ci(cg, (uint64_t)hi), m = ci(cg, (1ull << n) - 1), r = NULL;
  for (unsigned i = 1; i <= 2; i++) {
    LLVMValueRef v = rd(cg, ins, i, ".s32");
    v = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, v, vl, ""), vl, v, "");
    v = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSGT, v, vh, ""), vh, v, "");
    v = LLVMBuildAnd(B, v, m, "");
    r = i == 1 ? LLVMBuildShl(B, v, ci(cg, n), "") : LLVMBuildOr(B, r, v, "");
  }
  if (n < 16) {
    if (ins->noperands < 4) return cg_unsupported(cg, ins, "cvt.pack without its c operand");
    r = LLVMBuildOr(B, r, LLVMBuildShl(B, rd(cg, ins, 3, ".b32"), ci(cg, 2 * n), ""), "");
  }
  cg_write(cg, &ins->operands[0], r, cg_type_of(".b32"));
  return true;
}

const CgOpEntry cg_ops_video[] = {
    {"bmsk", emit_bmsk},           {"szext", emit_szext},         {"dp4a", emit_dp4a},
    {"dp2a", emit_dp2a},           {"vadd2", emit_vadd2},         {"vadd4", emit_vadd4},
    {"vsub2", emit_vsub2},         {"vsub4", emit_vsub4},         {"vabsdiff2", emit_vabsdiff2},
    {"vabsdiff4", emit_vabsdiff4}, {"vmin2", emit_vmin2},         {"vmin4", emit_vmin4},
    {"vmax2", emit_vmax2},         {"vmax4", emit_vmax4},         {"tanh", emit_tanh},
    {"cvt.pack", emit_cvt_pack},     {"vadd", emit_vadd},           {"vsub", emit_vsub},
    {"vabsdiff", emit_vabsdiff},   {"vmin", emit_vmin},           {"vmax", emit_vmax},
    {NULL, NULL},
};
