/* Arithmetic, logic, comparison and data-movement instructions: integer (PTX ISA 9.7.1),
 * extended precision is not here, floating point (9.7.3, 9.7.4), comparison and selection
 * (9.7.6), logic and shift (9.7.8), mov and prmt (9.7.9.x), bit manipulation. Values are
 * <G x T> vectors; writes go through cg_write, which applies the execution mask. */
#include "cg_internal.h"

#define B (cg->b)

static PtxType T(const char *s) { return cg_type_of(s); }

static LLVMValueRef rd(CgContext *cg, const PtxInstr *ins, unsigned i, PtxType t) {
  return cg_read(cg, &ins->operands[i], t);
}
static void wr(CgContext *cg, const PtxInstr *ins, LLVMValueRef v, PtxType t) {
  cg_write(cg, &ins->operands[0], v, t);
}

static LLVMValueRef intr1(CgContext *cg, const char *name, LLVMValueRef a) {
  LLVMTypeRef t = LLVMTypeOf(a);
  return cg_intrinsic(cg, name, &t, 1, &a, 1);
}
static LLVMValueRef intr2(CgContext *cg, const char *name, LLVMValueRef a, LLVMValueRef b) {
  LLVMTypeRef t = LLVMTypeOf(a);
  LLVMValueRef args[2] = {a, b};
  return cg_intrinsic(cg, name, &t, 1, args, 2);
}
static LLVMValueRef intr3(CgContext *cg, const char *name, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c) {
  LLVMTypeRef t = LLVMTypeOf(a);
  LLVMValueRef args[3] = {a, b, c};
  return cg_intrinsic(cg, name, &t, 1, args, 3);
}

static bool is_f(PtxType t) { return cg_type_is(t, ".f32") || cg_type_is(t, ".f64"); }
static bool is_half(PtxType t) {
  return cg_type_is(t, ".f16") || cg_type_is(t, ".f16x2") || cg_type_is(t, ".bf16") ||
         cg_type_is(t, ".bf16x2");
}

static const char *round_mode(const PtxInstr *ins) {
  const char *r = cg_mod_text_of(ins, PTX_MODCAT_ROUND);
  return r ? r : ".rn";
}

static LLVMValueRef fcmp(CgContext *cg, LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildFCmp(B, p, a, b, "");
}

/* Applies the instruction's rounding mode to a round-to-nearest result, given the sign of
 * the exact error exact - rn as a value `err` (NaN or 0: no adjustment). An infinite rn
 * from finite inputs overflowed: the exact value is finite, on rn's side of zero. */
static LLVMValueRef directed(CgContext *cg, const char *mode, LLVMValueRef rn, LLVMValueRef err,
                             LLVMValueRef inputs_finite) {
  if (!strcmp(mode, ".rn")) return rn;
  LLVMValueRef zero = LLVMConstNull(LLVMTypeOf(rn)), ezero = LLVMConstNull(LLVMTypeOf(err));
  LLVMValueRef above = fcmp(cg, LLVMRealOGT, err, ezero), below = fcmp(cg, LLVMRealOLT, err, ezero);
  if (inputs_finite) {
    LLVMValueRef inf = cg_type_bits(LLVMTypeOf(rn)) == 64 ? cg_const_f64(cg, __builtin_inf()) : cg_const_f32(cg, __builtin_inff());
    LLVMValueRef isinf = fcmp(cg, LLVMRealOEQ, intr1(cg, "llvm.fabs", rn), inf);
    LLVMValueRef ovf = LLVMBuildAnd(B, isinf, inputs_finite, "");
    above = LLVMBuildSelect(B, ovf, fcmp(cg, LLVMRealOLT, rn, zero), above, "");
    below = LLVMBuildSelect(B, ovf, fcmp(cg, LLVMRealOGT, rn, zero), below, "");
  }
  return cg_round_directed(cg, rn, above, below, mode);
}

static LLVMValueRef finite2(CgContext *cg, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef fa = fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", a),
                         cg_type_bits(LLVMTypeOf(a)) == 64 ? cg_const_f64(cg, __builtin_inf()) : cg_const_f32(cg, __builtin_inff()));
  LLVMValueRef fb = fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", b),
                         cg_type_bits(LLVMTypeOf(b)) == 64 ? cg_const_f64(cg, __builtin_inf()) : cg_const_f32(cg, __builtin_inff()));
  return LLVMBuildAnd(B, fa, fb, "");
}

static LLVMValueRef ffma(CgContext *cg, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c);

/* IEEE 754 6.3: an exact zero sum is -0 when rounding down, unless both addends are +0. */
static LLVMValueRef rm_zero_sign(CgContext *cg, const char *mode, LLVMValueRef r, LLVMValueRef a,
                                 LLVMValueRef b) {
  if (strcmp(mode, ".rm") != 0) return r;
  LLVMTypeRef vt = LLVMTypeOf(r);
  bool is64 = cg_type_bits(vt) == 64;
  LLVMTypeRef it = cg_vec_type(cg, is64 ? cg->t_i64 : cg->t_i32);
  LLVMValueRef zero = LLVMConstNull(vt);
  LLVMValueRef rz = fcmp(cg, LLVMRealOEQ, r, zero);
  LLVMValueRef ab = LLVMBuildOr(B, LLVMBuildBitCast(B, a, it, ""), LLVMBuildBitCast(B, b, it, ""), "");
  LLVMValueRef both_pos_zero = LLVMBuildICmp(B, LLVMIntEQ, ab, LLVMConstNull(it), "");
  LLVMValueRef negz = LLVMBuildFNeg(B, zero, "");
  return LLVMBuildSelect(B, LLVMBuildAnd(B, rz, LLVMBuildNot(B, both_pos_zero, ""), ""), negz, r, "");
}

/* a + b in the instruction's rounding mode (TwoSum gives the exact error, also for
 * subnormal results). */
static LLVMValueRef fadd_r(CgContext *cg, const char *mode, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef s = LLVMBuildFAdd(B, a, b, "");
  if (!strcmp(mode, ".rn")) return s;
  LLVMValueRef bb = LLVMBuildFSub(B, s, a, "");
  LLVMValueRef e = LLVMBuildFAdd(B, LLVMBuildFSub(B, a, LLVMBuildFSub(B, s, bb, ""), ""), LLVMBuildFSub(B, b, bb, ""), "");
  return rm_zero_sign(cg, mode, directed(cg, mode, s, e, finite2(cg, a, b)), a, b);
}

static bool is_f64v(LLVMValueRef v) { return cg_type_bits(LLVMTypeOf(v)) == 64; }
static LLVMValueRef to_d(CgContext *cg, LLVMValueRef v) { return LLVMBuildFPExt(B, v, cg_vec_type(cg, cg->t_f64), ""); }

/* For f64, an error term of a product near the subnormal range is itself too small to
 * represent; scale by 2^200 (exact) when the result is that small. */
static LLVMValueRef scale_if_tiny(CgContext *cg, LLVMValueRef tiny, LLVMValueRef v) {
  LLVMValueRef k = cg_const_f64(cg, 0x1p200);
  return LLVMBuildSelect(B, tiny, LLVMBuildFMul(B, v, k, ""), v, "");
}
static LLVMValueRef is_tiny(CgContext *cg, LLVMValueRef v) {
  return fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", v), cg_const_f64(cg, 0x1p-900));
}

static LLVMValueRef fmul_r(CgContext *cg, const char *mode, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef p = LLVMBuildFMul(B, a, b, "");
  if (!strcmp(mode, ".rn")) return p;
  LLVMValueRef e;
  if (!is_f64v(p)) {
    /* The product of two floats is exact in double. */
    e = LLVMBuildFSub(B, LLVMBuildFMul(B, to_d(cg, a), to_d(cg, b), ""), to_d(cg, p), "");
  } else {
    /* A tiny product: scale each tiny factor (and p with it) by 2^600, exactly. */
    LLVMValueRef tiny = is_tiny(cg, p), k = cg_const_f64(cg, 0x1p600), lim = cg_const_f64(cg, 0x1p-400);
    LLVMValueRef fa = LLVMBuildAnd(B, tiny, fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", a), lim), "");
    LLVMValueRef fb = LLVMBuildAnd(B, tiny, fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", b), lim), "");
    LLVMValueRef sa = LLVMBuildSelect(B, fa, LLVMBuildFMul(B, a, k, ""), a, "");
    LLVMValueRef sb = LLVMBuildSelect(B, fb, LLVMBuildFMul(B, b, k, ""), b, "");
    LLVMValueRef sp = LLVMBuildSelect(B, fa, LLVMBuildFMul(B, p, k, ""), p, "");
    sp = LLVMBuildSelect(B, fb, LLVMBuildFMul(B, sp, k, ""), sp, "");
    e = ffma(cg, sa, sb, LLVMBuildFNeg(B, sp, ""));
  }
  return directed(cg, mode, p, e, finite2(cg, a, b));
}

static LLVMValueRef fdiv_r(CgContext *cg, const char *mode, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef q = LLVMBuildFDiv(B, a, b, "");
  if (!strcmp(mode, ".rn")) return q;
  /* r = a - q*b exactly; the exact quotient exceeds q when r has b's sign. */
  LLVMValueRef r, bs;
  if (!is_f64v(q)) {
    LLVMValueRef bd = to_d(cg, b);
    r = ffma(cg, LLVMBuildFNeg(B, to_d(cg, q), ""), bd, to_d(cg, a));
    bs = bd;
  } else {
    LLVMValueRef tiny = LLVMBuildOr(B, is_tiny(cg, a), is_tiny(cg, q), "");
    r = ffma(cg, LLVMBuildFNeg(B, scale_if_tiny(cg, tiny, q), ""), b, scale_if_tiny(cg, tiny, a));
    bs = b;
  }
  LLVMValueRef zero = LLVMConstNull(LLVMTypeOf(bs));
  LLVMValueRef e = LLVMBuildSelect(B, fcmp(cg, LLVMRealOLT, bs, zero), LLVMBuildFNeg(B, r, ""), r, "");
  LLVMValueRef bnz = fcmp(cg, LLVMRealONE, b, LLVMConstNull(LLVMTypeOf(b)));
  return directed(cg, mode, q, e, LLVMBuildAnd(B, finite2(cg, a, b), bnz, ""));
}

static LLVMValueRef fsqrt_r(CgContext *cg, const char *mode, LLVMValueRef a) {
  LLVMValueRef s = intr1(cg, "llvm.sqrt", a);
  if (!strcmp(mode, ".rn")) return s;
  LLVMValueRef e;
  if (!is_f64v(s)) {
    LLVMValueRef sd = to_d(cg, s);
    e = ffma(cg, LLVMBuildFNeg(B, sd, ""), sd, to_d(cg, a));
  } else {
    /* Scale by 2^200 (s by 2^100) when a is tiny. */
    LLVMValueRef tiny = is_tiny(cg, a);
    LLVMValueRef ss = LLVMBuildSelect(B, tiny, LLVMBuildFMul(B, s, cg_const_f64(cg, 0x1p100), ""), s, "");
    e = ffma(cg, LLVMBuildFNeg(B, ss, ""), ss, scale_if_tiny(cg, tiny, a));
  }
  return directed(cg, mode, s, e, NULL);
}
/* fma.f64 in a directed mode. exact - r = (s - r) + e1 + u2, where u1 + u2 = a*b exactly
 * (TwoProduct), u1 + c = s + e1 exactly (TwoSum) and s - r is exact (Sterbenz); the sign
 * of that sum picks the direction. A product near the subnormal range is scaled by up to
 * 2^1200 first (with c and r when they are small too), so its error term survives. */
static LLVMValueRef err_terms(CgContext *cg, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c, LLVMValueRef r) {
  LLVMValueRef u1 = LLVMBuildFMul(B, a, b, "");
  LLVMValueRef u2 = ffma(cg, a, b, LLVMBuildFNeg(B, u1, ""));
  LLVMValueRef s = LLVMBuildFAdd(B, u1, c, "");
  LLVMValueRef bb = LLVMBuildFSub(B, s, u1, "");
  LLVMValueRef e1 = LLVMBuildFAdd(B, LLVMBuildFSub(B, u1, LLVMBuildFSub(B, s, bb, ""), ""), LLVMBuildFSub(B, c, bb, ""), "");
  return LLVMBuildFAdd(B, LLVMBuildFSub(B, s, r, ""), LLVMBuildFAdd(B, e1, u2, ""), "");
}

static LLVMValueRef ffma64_r(CgContext *cg, const char *mode, LLVMValueRef a, LLVMValueRef b,
                             LLVMValueRef c, LLVMValueRef r) {
  LLVMValueRef zero = LLVMConstNull(LLVMTypeOf(a));
  LLVMValueRef u1 = LLVMBuildFMul(B, a, b, "");
  LLVMValueRef tiny = is_tiny(cg, u1), k = cg_const_f64(cg, 0x1p600), lim = cg_const_f64(cg, 0x1p-400);
  LLVMValueRef fa = LLVMBuildAnd(B, tiny, fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", a), lim), "");
  LLVMValueRef fb = LLVMBuildAnd(B, tiny, fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", b), lim), "");
  LLVMValueRef small = cg_const_f64(cg, 0x1p-300);
  LLVMValueRef cr_small = LLVMBuildAnd(B, fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", c), small),
                                       fcmp(cg, LLVMRealOLT, intr1(cg, "llvm.fabs", r), small), "");
  fa = LLVMBuildAnd(B, fa, cr_small, "");
  fb = LLVMBuildAnd(B, fb, cr_small, "");
  LLVMValueRef sa = LLVMBuildSelect(B, fa, LLVMBuildFMul(B, a, k, ""), a, "");
  LLVMValueRef sb = LLVMBuildSelect(B, fb, LLVMBuildFMul(B, b, k, ""), b, "");
  LLVMValueRef sc = LLVMBuildSelect(B, fa, LLVMBuildFMul(B, c, k, ""), c, "");
  sc = LLVMBuildSelect(B, fb, LLVMBuildFMul(B, sc, k, ""), sc, "");
  LLVMValueRef sr = LLVMBuildSelect(B, fa, LLVMBuildFMul(B, r, k, ""), r, "");
  sr = LLVMBuildSelect(B, fb, LLVMBuildFMul(B, sr, k, ""), sr, "");
  LLVMValueRef err = err_terms(cg, sa, sb, sc, sr);
  /* A product lost entirely beside a large c: its sign decides. */
  LLVMValueRef pnz = LLVMBuildAnd(B, fcmp(cg, LLVMRealONE, a, zero), fcmp(cg, LLVMRealONE, b, zero), "");
  LLVMValueRef psign = LLVMBuildSelect(B, fcmp(cg, LLVMRealOLT, LLVMBuildFMul(B, intr2(cg, "llvm.copysign", cg_const_f64(cg, 1.0), a),
                                                                                intr2(cg, "llvm.copysign", cg_const_f64(cg, 1.0), b), ""), zero),
                                       cg_const_f64(cg, -1.0), cg_const_f64(cg, 1.0), "");
  LLVMValueRef lost = LLVMBuildAnd(B, LLVMBuildAnd(B, fcmp(cg, LLVMRealOEQ, err, zero), pnz, ""),
                                   LLVMBuildAnd(B, tiny, LLVMBuildNot(B, cr_small, ""), ""), "");
  err = LLVMBuildSelect(B, lost, psign, err, "");
  LLVMValueRef fin = LLVMBuildAnd(B, finite2(cg, a, b), finite2(cg, c, c), "");
  LLVMValueRef out = directed(cg, mode, r, err, fin);
  if (!strcmp(mode, ".rm")) {
    /* Exact zero: -0 unless the product and c are both +0. */
    LLVMTypeRef it = cg_vec_type(cg, cg->t_i64);
    LLVMValueRef ai = LLVMBuildBitCast(B, a, it, ""), bi = LLVMBuildBitCast(B, b, it, ""), ci = LLVMBuildBitCast(B, c, it, "");
    LLVMValueRef prod_pos = LLVMBuildICmp(B, LLVMIntSGE, LLVMBuildXor(B, ai, bi, ""), LLVMConstNull(it), "");
    LLVMValueRef pz = LLVMBuildAnd(B, LLVMBuildNot(B, pnz, ""), prod_pos, "");
    LLVMValueRef keep = LLVMBuildAnd(B, pz, LLVMBuildICmp(B, LLVMIntEQ, ci, LLVMConstNull(it), ""), "");
    LLVMValueRef exact0 = LLVMBuildAnd(B, fcmp(cg, LLVMRealOEQ, out, zero), fcmp(cg, LLVMRealOEQ, err, zero), "");
    out = LLVMBuildSelect(B, LLVMBuildAnd(B, exact0, LLVMBuildNot(B, keep, ""), ""), LLVMBuildFNeg(B, zero, ""), out, "");
  }
  return out;
}

/* fma in a directed mode: f32 through an exact f64 product and TwoSum in f64. */
static LLVMValueRef ffma_r(CgContext *cg, const PtxInstr *ins, const char *mode, LLVMValueRef a,
                           LLVMValueRef b, LLVMValueRef c) {
  LLVMValueRef r = ffma(cg, a, b, c);
  if (!strcmp(mode, ".rn")) return r;
  if (cg_type_bits(LLVMTypeOf(a)) == 64) return ffma64_r(cg, mode, a, b, c, r);
  LLVMTypeRef dt = cg_vec_type(cg, cg->t_f64);
  LLVMValueRef p = LLVMBuildFMul(B, LLVMBuildFPExt(B, a, dt, ""), LLVMBuildFPExt(B, b, dt, ""), "");
  LLVMValueRef cd = LLVMBuildFPExt(B, c, dt, "");
  LLVMValueRef s = LLVMBuildFAdd(B, p, cd, "");
  LLVMValueRef bb = LLVMBuildFSub(B, s, p, "");
  LLVMValueRef e = LLVMBuildFAdd(B, LLVMBuildFSub(B, p, LLVMBuildFSub(B, s, bb, ""), ""), LLVMBuildFSub(B, cd, bb, ""), "");
  LLVMValueRef r32 = LLVMBuildFPTrunc(B, s, LLVMTypeOf(a), "");
  LLVMValueRef rd64 = LLVMBuildFPExt(B, r32, dt, "");
  /* exact - r32 = (s - rd64) + e, with |e| far below an f32 ulp. */
  LLVMValueRef diff = LLVMBuildFSub(B, s, rd64, "");
  LLVMValueRef err = LLVMBuildSelect(B, fcmp(cg, LLVMRealOEQ, diff, LLVMConstNull(dt)), e, diff, "");
  LLVMValueRef zero = LLVMConstNull(dt);
  LLVMValueRef above = fcmp(cg, LLVMRealOGT, err, zero), below = fcmp(cg, LLVMRealOLT, err, zero);
  LLVMValueRef isinf = fcmp(cg, LLVMRealOEQ, intr1(cg, "llvm.fabs", r32), cg_const_f32(cg, __builtin_inff()));
  LLVMValueRef fin = LLVMBuildAnd(B, finite2(cg, a, b), finite2(cg, c, c), "");
  LLVMValueRef ovf = LLVMBuildAnd(B, isinf, fin, "");
  LLVMValueRef z32 = LLVMConstNull(LLVMTypeOf(r32));
  above = LLVMBuildSelect(B, ovf, fcmp(cg, LLVMRealOLT, r32, z32), above, "");
  below = LLVMBuildSelect(B, ovf, fcmp(cg, LLVMRealOGT, r32, z32), below, "");
  r32 = cg_round_directed(cg, r32, above, below, mode);
  /* An exact zero: -0 when rounding down unless the product and c are both +0. */
  if (!strcmp(mode, ".rm")) {
    LLVMValueRef pz = fcmp(cg, LLVMRealOEQ, p, zero);
    LLVMValueRef prod_sign = LLVMBuildXor(B, LLVMBuildBitCast(B, a, cg_vec_type(cg, cg->t_i32), ""),
                                          LLVMBuildBitCast(B, b, cg_vec_type(cg, cg->t_i32), ""), "");
    LLVMValueRef prod_pz = LLVMBuildAnd(B, pz, LLVMBuildICmp(B, LLVMIntSGE, prod_sign, cg_zero(cg, cg->v_i32), ""), "");
    LLVMValueRef c_pz = LLVMBuildICmp(B, LLVMIntEQ, LLVMBuildBitCast(B, c, cg_vec_type(cg, cg->t_i32), ""), cg_zero(cg, cg->v_i32), "");
    LLVMValueRef exact0 = LLVMBuildAnd(B, fcmp(cg, LLVMRealOEQ, s, zero), fcmp(cg, LLVMRealOEQ, e, zero), "");
    LLVMValueRef keep = LLVMBuildAnd(B, prod_pz, c_pz, "");
    r32 = LLVMBuildSelect(B, LLVMBuildAnd(B, exact0, LLVMBuildNot(B, keep, ""), ""), LLVMBuildFNeg(B, z32, ""), r32, "");
  }
  return r32;
}

static LLVMValueRef ftz_in(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef v) {
  if (cg_has_mod(ins, ".ftz") && cg_type_is(t, ".f32")) return cg_flush_denorm(cg, v);
  return v;
}

/* Result post-processing for f32/f64: .ftz flushes a subnormal result, .sat clamps to
 * [0, 1] with NaN -> 0 (PTX ISA 9.7.3). */
static LLVMValueRef fpost(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef v) {
  if (cg_has_mod(ins, ".ftz") && cg_type_is(t, ".f32")) v = cg_flush_denorm(cg, v);
  if (cg_has_mod(ins, ".sat")) {
    LLVMTypeRef vt = LLVMTypeOf(v);
    LLVMValueRef zero = LLVMConstNull(vt);
    LLVMValueRef one = cg_type_is(t, ".f64") ? cg_const_f64(cg, 1.0) : cg_const_f32(cg, 1.0f);
    LLVMValueRef lt0 = LLVMBuildFCmp(B, LLVMRealULT, v, zero, ""); /* NaN too */
    v = LLVMBuildSelect(B, lt0, zero, v, "");
    LLVMValueRef gt1 = LLVMBuildFCmp(B, LLVMRealOGT, v, one, "");
    v = LLVMBuildSelect(B, gt1, one, v, "");
  }
  return v;
}

/* ---- Extended precision (PTX ISA 9.7.2): CC.CF is a per-lane flag in the function. ---- */

static LLVMValueRef carry_in(CgContext *cg) {
  return LLVMBuildLoad2(B, cg->v_i1, cg->fn->carry_slot, "cf");
}
static void carry_out(CgContext *cg, LLVMValueRef cf) {
  LLVMValueRef old = carry_in(cg);
  LLVMBuildStore(B, LLVMBuildSelect(B, cg->emask, cf, old, ""), cg->fn->carry_slot);
}

/* a + b (+ cf when with_cf) with carry-out; a - b (- cf) with borrow-out for sub. */
static LLVMValueRef add_carry(CgContext *cg, LLVMValueRef a, LLVMValueRef b, bool sub, bool with_cf,
                              LLVMValueRef *cf_out) {
  LLVMTypeRef vt = LLVMTypeOf(a);
  LLVMValueRef r, c1;
  if (sub) {
    r = LLVMBuildSub(B, a, b, "");
    c1 = LLVMBuildICmp(B, LLVMIntULT, a, b, "");
  } else {
    r = LLVMBuildAdd(B, a, b, "");
    c1 = LLVMBuildICmp(B, LLVMIntULT, r, a, "");
  }
  if (with_cf) {
    LLVMValueRef cf = LLVMBuildZExt(B, carry_in(cg), vt, "");
    LLVMValueRef r2, c2;
    if (sub) {
      r2 = LLVMBuildSub(B, r, cf, "");
      c2 = LLVMBuildICmp(B, LLVMIntULT, r, cf, "");
    } else {
      r2 = LLVMBuildAdd(B, r, cf, "");
      c2 = LLVMBuildICmp(B, LLVMIntULT, r2, r, "");
    }
    r = r2;
    c1 = LLVMBuildOr(B, c1, c2, "");
  }
  *cf_out = c1;
  return r;
}

static bool emit_addsubc(CgContext *cg, const PtxInstr *ins, bool sub, bool with_cf) {
  PtxType t = cg_itype(ins, 0);
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), cf;
  LLVMValueRef r = add_carry(cg, a, b, sub, with_cf, &cf);
  wr(cg, ins, r, t);
  if (cg_has_mod(ins, ".cc")) carry_out(cg, cf);
  return true;
}
static bool emit_addc(CgContext *cg, const PtxInstr *ins) { return emit_addsubc(cg, ins, false, true); }
static bool emit_subc(CgContext *cg, const PtxInstr *ins) { return emit_addsubc(cg, ins, true, true); }

static LLVMValueRef int_mul(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef a,
                            LLVMValueRef b, PtxType *rt);

/* mad{c}.lo/.hi{.cc}: the product's half plus c (plus CC.CF), carry out. */
static bool emit_madcc(CgContext *cg, const PtxInstr *ins, bool with_cf) {
  PtxType t = cg_itype(ins, 0), rt;
  if (cg_has_mod(ins, ".wide")) return cg_unsupported(cg, ins, "mad.wide with carry");
  LLVMValueRef p = int_mul(cg, ins, t, rd(cg, ins, 1, t), rd(cg, ins, 2, t), &rt);
  LLVMValueRef cf;
  LLVMValueRef r = add_carry(cg, p, rd(cg, ins, 3, t), false, with_cf, &cf);
  wr(cg, ins, r, t);
  if (cg_has_mod(ins, ".cc")) carry_out(cg, cf);
  return true;
}
static bool emit_madc(CgContext *cg, const PtxInstr *ins) { return emit_madcc(cg, ins, true); }

/* sad.type d, a, b, c: c + |a - b|. */
static bool emit_sad(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t);
  bool s = ptx_type_is_signed(t);
  LLVMValueRef gt = LLVMBuildICmp(B, s ? LLVMIntSGT : LLVMIntUGT, a, b, "");
  LLVMValueRef d = LLVMBuildSelect(B, gt, LLVMBuildSub(B, a, b, ""), LLVMBuildSub(B, b, a, ""), "");
  wr(cg, ins, LLVMBuildAdd(B, d, rd(cg, ins, 3, t), ""), t);
  return true;
}

/* ---- Half precision (.f16, .f16x2, .bf16, .bf16x2; PTX ISA 9.7.4): computed in f32
 * (exact for add/sub/mul, whose f32 results round to the same 16-bit value) or f64 (fma)
 * and rounded back to nearest even. Packed forms work on 2G elements. ---- */

static bool half_packed(PtxType t) { return cg_type_is(t, ".f16x2") || cg_type_is(t, ".bf16x2"); }
static LLVMTypeRef half_elem(CgContext *cg, PtxType t) {
  return (cg_type_is(t, ".bf16") || cg_type_is(t, ".bf16x2")) ? LLVMBFloatTypeInContext(cg->ctx) : cg->t_f16;
}
static LLVMValueRef half_read(CgContext *cg, const PtxInstr *ins, unsigned i, PtxType t) {
  bool pk = half_packed(t);
  LLVMValueRef v = cg_read(cg, &ins->operands[i], T(pk ? ".b32" : ".b16"));
  return LLVMBuildBitCast(B, v, LLVMVectorType(half_elem(cg, t), cg->G * (pk ? 2 : 1)), "");
}
static void half_write(CgContext *cg, const PtxInstr *ins, LLVMValueRef v, PtxType t) {
  bool pk = half_packed(t);
  v = LLVMBuildBitCast(B, v, pk ? cg->v_i32 : cg_vec_type(cg, cg->t_i16), "");
  wr(cg, ins, v, T(pk ? ".b32" : ".b16"));
}
/* .ftz on f16: subnormal inputs and results become sign-preserving zeros. */
static LLVMValueRef half_ftz(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef v) {
  if (!cg_has_mod(ins, ".ftz") || half_elem(cg, t) != cg->t_f16) return v;
  LLVMTypeRef vt = LLVMTypeOf(v);
  LLVMTypeRef it = LLVMVectorType(cg->t_i16, LLVMGetVectorSize(vt));
  LLVMValueRef bits = LLVMBuildBitCast(B, v, it, "");
  LLVMValueRef expm = LLVMConstNull(it), sign = LLVMConstNull(it);
  {
    unsigned n = LLVMGetVectorSize(vt);
    LLVMValueRef ev[64], sv[64];
    for (unsigned k = 0; k < n; k++) ev[k] = LLVMConstInt(cg->t_i16, 0x7c00, false), sv[k] = LLVMConstInt(cg->t_i16, 0x8000, false);
    expm = LLVMConstVector(ev, n);
    sign = LLVMConstVector(sv, n);
  }
  LLVMValueRef isden = LLVMBuildICmp(B, LLVMIntEQ, LLVMBuildAnd(B, bits, expm, ""), LLVMConstNull(it), "");
  bits = LLVMBuildSelect(B, isden, LLVMBuildAnd(B, bits, sign, ""), bits, "");
  return LLVMBuildBitCast(B, bits, vt, "");
}

static bool emit_half(CgContext *cg, const PtxInstr *ins, const char *op) {
  PtxType t = cg_itype(ins, 0);
  const char *rm = cg_mod_text_of(ins, PTX_MODCAT_ROUND);
  if (rm && strcmp(rm, ".rn") != 0) return cg_unsupported(cg, ins, "rounding %s in half precision", rm);
  if (cg_has_mod(ins, ".NaN") || cg_has_mod(ins, ".xorsign") || cg_has_mod(ins, ".oob"))
    return cg_unsupported(cg, ins, "half-precision modifier");
  bool pk = half_packed(t);
  unsigned n = cg->G * (pk ? 2 : 1);
  LLVMTypeRef ht = LLVMVectorType(half_elem(cg, t), n);
  LLVMTypeRef ft = LLVMVectorType(cg->t_f32, n), dt = LLVMVectorType(cg->t_f64, n);
  unsigned nin = !strcmp(op, "fma") ? 3 : (!strcmp(op, "neg") || !strcmp(op, "abs")) ? 1 : 2;
  LLVMValueRef h[3];
  for (unsigned i = 0; i < nin; i++) h[i] = half_ftz(cg, ins, t, half_read(cg, ins, 1 + i, t));
  LLVMValueRef r;
  if (!strcmp(op, "neg")) {
    r = LLVMBuildFNeg(B, h[0], "");
  } else if (!strcmp(op, "abs")) {
    r = intr1(cg, "llvm.fabs", h[0]);
  } else if (!strcmp(op, "fma")) {
    LLVMValueRef x = LLVMBuildFPExt(B, h[0], dt, ""), y = LLVMBuildFPExt(B, h[1], dt, ""), z = LLVMBuildFPExt(B, h[2], dt, "");
    r = cg_fp_narrow(cg, intr3(cg, "llvm.fma", x, y, z), half_elem(cg, t));
  } else {
    LLVMValueRef x = LLVMBuildFPExt(B, h[0], ft, ""), y = LLVMBuildFPExt(B, h[1], ft, "");
    LLVMValueRef f;
    if (!strcmp(op, "add")) f = LLVMBuildFAdd(B, x, y, "");
    else if (!strcmp(op, "sub")) f = LLVMBuildFSub(B, x, y, "");
    else if (!strcmp(op, "mul")) f = LLVMBuildFMul(B, x, y, "");
    else {
      bool mx = !strcmp(op, "max");
      f = intr2(cg, mx ? "llvm.maxnum" : "llvm.minnum", x, y);
      LLVMTypeRef it = LLVMVectorType(cg->t_i32, n);
      LLVMValueRef xi = LLVMBuildBitCast(B, x, it, ""), yi = LLVMBuildBitCast(B, y, it, "");
      LLVMValueRef z = mx ? LLVMBuildAnd(B, xi, yi, "") : LLVMBuildOr(B, xi, yi, "");
      f = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOEQ, x, y, ""), LLVMBuildBitCast(B, z, ft, ""), f, "");
    }
    r = cg_fp_narrow(cg, f, half_elem(cg, t));
  }
  if (cg_has_mod(ins, ".sat")) {
    LLVMValueRef f = LLVMBuildFPExt(B, r, ft, "");
    LLVMValueRef zero = LLVMConstNull(ft);
    LLVMValueRef onev[64];
    for (unsigned k = 0; k < n; k++) onev[k] = LLVMConstReal(cg->t_f32, 1.0);
    LLVMValueRef one = LLVMConstVector(onev, n);
    f = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealULT, f, zero, ""), zero, f, "");
    f = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, f, one, ""), one, f, "");
    r = cg_fp_narrow(cg, f, half_elem(cg, t));
  }
  /* A NaN result is the canonical 0x7fff. */
  {
    LLVMTypeRef it = LLVMVectorType(cg->t_i16, n);
    LLVMValueRef qv[64];
    for (unsigned k = 0; k < n; k++) qv[k] = LLVMConstInt(cg->t_i16, 0x7fff, false);
    LLVMValueRef q = LLVMConstBitCast(LLVMConstVector(qv, n), ht);
    (void)it;
    if (strcmp(op, "neg") && strcmp(op, "abs")) r = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealUNO, r, r, ""), q, r, "");
  }
  if (cg_has_mod(ins, ".relu")) { /* negative results become +0; NaN stays canonical */
    LLVMValueRef neg = LLVMBuildFCmp(B, LLVMRealOLT, r, LLVMConstNull(ht), "");
    r = LLVMBuildSelect(B, neg, LLVMConstNull(ht), r, "");
  }
  r = half_ftz(cg, ins, t, r);
  half_write(cg, ins, r, t);
  return true;
}

/* ---- add, sub, mul, mad, fma, div, rem, abs, neg, min, max ---- */

static bool emit_addsub(CgContext *cg, const PtxInstr *ins, bool sub) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t)) return emit_half(cg, ins, sub ? "sub" : "add");
  if (cg_has_mod(ins, ".cc")) return emit_addsubc(cg, ins, sub, false);
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), r;
  if (is_f(t)) {
    a = ftz_in(cg, ins, t, a);
    b = ftz_in(cg, ins, t, b);
    r = fadd_r(cg, round_mode(ins), a, sub ? LLVMBuildFNeg(B, b, "") : b);
    r = fpost(cg, ins, t, r);
  } else if (cg_has_mod(ins, ".sat")) {
    r = intr2(cg, sub ? "llvm.ssub.sat" : "llvm.sadd.sat", a, b);
  } else {
    r = sub ? LLVMBuildSub(B, a, b, "") : LLVMBuildAdd(B, a, b, "");
  }
  wr(cg, ins, r, t);
  return true;
}
static bool emit_add(CgContext *cg, const PtxInstr *ins) { return emit_addsub(cg, ins, false); }
static bool emit_sub(CgContext *cg, const PtxInstr *ins) { return emit_addsub(cg, ins, true); }

/* The integer product of a and b in the .lo/.hi/.wide form the instruction asks for. */
static LLVMValueRef int_mul(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef a,
                            LLVMValueRef b, PtxType *rt) {
  unsigned bits = ptx_type_bits(t);
  bool s = ptx_type_is_signed(t);
  *rt = t;
  if (cg_has_mod(ins, ".wide") || cg_has_mod(ins, ".hi")) {
    LLVMTypeRef wt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, 2 * bits));
    LLVMValueRef wa = s ? LLVMBuildSExt(B, a, wt, "") : LLVMBuildZExt(B, a, wt, "");
    LLVMValueRef wb = s ? LLVMBuildSExt(B, b, wt, "") : LLVMBuildZExt(B, b, wt, "");
    LLVMValueRef p = LLVMBuildMul(B, wa, wb, "");
    if (cg_has_mod(ins, ".wide")) {
      char name[8];
      snprintf(name, sizeof name, ".%c%u", s ? 's' : 'u', 2 * bits);
      *rt = T(name);
      return p;
    }
    p = LLVMBuildLShr(B, p, cg_const_int(cg, LLVMIntTypeInContext(cg->ctx, 2 * bits), bits), "");
    return LLVMBuildTrunc(B, p, LLVMTypeOf(a), "");
  }
  return LLVMBuildMul(B, a, b, "");
}

static bool emit_mul(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t)) return emit_half(cg, ins, "mul");
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), r;
  PtxType rt = t;
  if (is_f(t)) {
    r = fpost(cg, ins, t, fmul_r(cg, round_mode(ins), ftz_in(cg, ins, t, a), ftz_in(cg, ins, t, b)));
  } else {
    r = int_mul(cg, ins, t, a, b, &rt);
  }
  wr(cg, ins, r, rt);
  return true;
}

static LLVMValueRef ffma(CgContext *cg, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c) {
  return intr3(cg, "llvm.fma", a, b, c);
}

static bool emit_mad(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t)) return cg_unsupported(cg, ins, "half-precision arithmetic");
  if (cg_has_mod(ins, ".cc")) return emit_madcc(cg, ins, false);
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), r;
  PtxType rt = t;
  if (is_f(t)) {
    /* mad.f32 without rounding (sm_1x) and mad.rn are both a fused multiply-add on
     * every target ptxvm claims (PTX ISA 9.7.3.6). */
    LLVMValueRef c = rd(cg, ins, 3, t);
    r = ffma_r(cg, ins, round_mode(ins), ftz_in(cg, ins, t, a), ftz_in(cg, ins, t, b), ftz_in(cg, ins, t, c));
    r = fpost(cg, ins, t, r);
  } else {
    LLVMValueRef p = int_mul(cg, ins, t, a, b, &rt);
    LLVMValueRef c = rd(cg, ins, 3, rt);
    if (cg_has_mod(ins, ".sat")) {
      /* mad.hi.sat.s32: saturate the 64-bit sum... only .hi.sat exists; the sum of the
       * high word and c saturates to s32. */
      r = intr2(cg, "llvm.sadd.sat", p, c);
    } else {
      r = LLVMBuildAdd(B, p, c, "");
    }
  }
  wr(cg, ins, r, rt);
  return true;
}

static bool emit_fma(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t)) return emit_half(cg, ins, "fma");
  if (!is_f(t)) return cg_unsupported(cg, ins, "type");
  LLVMValueRef a = ftz_in(cg, ins, t, rd(cg, ins, 1, t)), b = ftz_in(cg, ins, t, rd(cg, ins, 2, t)),
               c = ftz_in(cg, ins, t, rd(cg, ins, 3, t));
  wr(cg, ins, fpost(cg, ins, t, ffma_r(cg, ins, round_mode(ins), a, b, c)), t);
  return true;
}

/* mul24/mad24: products of the low 24 bits (sign- or zero-extended); .lo keeps bits 0..31
 * of the 48-bit product, .hi bits 16..47. */
static LLVMValueRef mul24(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef a, LLVMValueRef b) {
  bool s = ptx_type_is_signed(t);
  LLVMValueRef sh = cg_const_int(cg, cg->t_i32, 8);
  if (s) {
    a = LLVMBuildAShr(B, LLVMBuildShl(B, a, sh, ""), sh, "");
    b = LLVMBuildAShr(B, LLVMBuildShl(B, b, sh, ""), sh, "");
  } else {
    a = LLVMBuildAnd(B, a, cg_const_int(cg, cg->t_i32, 0xffffff), "");
    b = LLVMBuildAnd(B, b, cg_const_int(cg, cg->t_i32, 0xffffff), "");
  }
  if (!cg_has_mod(ins, ".hi")) return LLVMBuildMul(B, a, b, "");
  LLVMValueRef wa = s ? LLVMBuildSExt(B, a, cg->v_i64, "") : LLVMBuildZExt(B, a, cg->v_i64, "");
  LLVMValueRef wb = s ? LLVMBuildSExt(B, b, cg->v_i64, "") : LLVMBuildZExt(B, b, cg->v_i64, "");
  LLVMValueRef p = LLVMBuildMul(B, wa, wb, "");
  return LLVMBuildTrunc(B, LLVMBuildLShr(B, p, cg_const_int(cg, cg->t_i64, 16), ""), cg->v_i32, "");
}
static bool emit_mul24(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  wr(cg, ins, mul24(cg, ins, t, rd(cg, ins, 1, t), rd(cg, ins, 2, t)), t);
  return true;
}
static bool emit_mad24(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (cg_has_mod(ins, ".sat")) return cg_unsupported(cg, ins, "mad24.sat");
  LLVMValueRef p = mul24(cg, ins, t, rd(cg, ins, 1, t), rd(cg, ins, 2, t));
  wr(cg, ins, LLVMBuildAdd(B, p, rd(cg, ins, 3, t), ""), t);
  return true;
}

/* Integer division and remainder never trap: a zero divisor gives what NVIDIA GPUs give
 * (quotient all ones for .u, -1 for positive/1 for negative dividends... we use all ones
 * for .u and -1 for .s; remainder = dividend), INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0. */
static LLVMValueRef int_divrem(CgContext *cg, PtxType t, LLVMValueRef a, LLVMValueRef b, bool rem) {
  LLVMTypeRef vt = LLVMTypeOf(a);
  LLVMTypeRef st = LLVMGetElementType(vt);
  bool s = ptx_type_is_signed(t);
  unsigned bits = ptx_type_bits(t);
  LLVMValueRef zero = LLVMConstNull(vt), one = cg_const_int(cg, st, 1), ones = LLVMConstAllOnes(vt);
  LLVMValueRef bz = LLVMBuildICmp(B, LLVMIntEQ, b, zero, "");
  LLVMValueRef bad = bz;
  if (s) {
    LLVMValueRef minv = cg_const_int(cg, st, 1ull << (bits - 1));
    LLVMValueRef ovf = LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntEQ, a, minv, ""),
                                    LLVMBuildICmp(B, LLVMIntEQ, b, ones, ""), "");
    bad = LLVMBuildOr(B, bz, ovf, "");
    LLVMValueRef sb = LLVMBuildSelect(B, bad, one, b, "");
    LLVMValueRef r = rem ? LLVMBuildSRem(B, a, sb, "") : LLVMBuildSDiv(B, a, sb, "");
    /* ovf: quotient INT_MIN (= a), remainder 0; zero divisor: quotient -1, remainder a. */
    LLVMValueRef ovf_r = rem ? zero : a;
    LLVMValueRef z_r = rem ? a : ones;
    r = LLVMBuildSelect(B, ovf, ovf_r, r, "");
    return LLVMBuildSelect(B, bz, z_r, r, "");
  }
  LLVMValueRef sb = LLVMBuildSelect(B, bz, one, b, "");
  LLVMValueRef r = rem ? LLVMBuildURem(B, a, sb, "") : LLVMBuildUDiv(B, a, sb, "");
  return LLVMBuildSelect(B, bz, rem ? a : ones, r, "");
}

static bool emit_div(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), r;
  if (is_f(t)) {
    /* .rn is IEEE division; .approx and .full are within 2 ulp, which IEEE division
     * satisfies (PTX ISA 9.7.3.8). */
    a = ftz_in(cg, ins, t, a);
    b = ftz_in(cg, ins, t, b);
    r = fpost(cg, ins, t, fdiv_r(cg, round_mode(ins), a, b));
  } else {
    r = int_divrem(cg, t, a, b, false);
  }
  wr(cg, ins, r, t);
  return true;
}

static bool emit_rem(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  wr(cg, ins, int_divrem(cg, t, rd(cg, ins, 1, t), rd(cg, ins, 2, t), true), t);
  return true;
}

static bool emit_abs(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t)) return emit_half(cg, ins, "abs");
  LLVMValueRef a = rd(cg, ins, 1, t), r;
  if (is_f(t)) {
    r = intr1(cg, "llvm.fabs", ftz_in(cg, ins, t, a));
  } else {
    LLVMValueRef args[2] = {a, LLVMConstInt(cg->t_i1, 0, false)};
    LLVMTypeRef ty = LLVMTypeOf(a);
    r = cg_intrinsic(cg, "llvm.abs", &ty, 1, args, 2);
  }
  wr(cg, ins, r, t);
  return true;
}

static bool emit_neg(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t)) return emit_half(cg, ins, "neg");
  LLVMValueRef a = rd(cg, ins, 1, t);
  LLVMValueRef r = is_f(t) ? LLVMBuildFNeg(B, ftz_in(cg, ins, t, a), "") : LLVMBuildNeg(B, a, "");
  wr(cg, ins, r, t);
  return true;
}

/* min/max (PTX ISA 9.7.3.10/11): a NaN operand yields the other operand, two NaNs the
 * canonical NaN, -0.0 < +0.0; .NaN propagates NaNs. */
static LLVMValueRef fminmax(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef a, LLVMValueRef b,
                            bool max) {
  a = ftz_in(cg, ins, t, a);
  b = ftz_in(cg, ins, t, b);
  LLVMValueRef r;
  if (cg_has_mod(ins, ".NaN")) {
    r = intr2(cg, max ? "llvm.maximum" : "llvm.minimum", a, b);
  } else {
    r = intr2(cg, max ? "llvm.maxnum" : "llvm.minnum", a, b);
    /* Zeros of both signs compare equal: pick by sign bit. */
    LLVMTypeRef it = cg_vec_type(cg, cg_type_is(t, ".f64") ? cg->t_i64 : cg->t_i32);
    LLVMValueRef ai = LLVMBuildBitCast(B, a, it, ""), bi = LLVMBuildBitCast(B, b, it, "");
    LLVMValueRef z = max ? LLVMBuildAnd(B, ai, bi, "") : LLVMBuildOr(B, ai, bi, "");
    LLVMValueRef eq = LLVMBuildFCmp(B, LLVMRealOEQ, a, b, "");
    r = LLVMBuildSelect(B, eq, LLVMBuildBitCast(B, z, LLVMTypeOf(a), ""), r, "");
  }
  return cg_canon_nan(cg, r);
}

static bool emit_minmax(CgContext *cg, const PtxInstr *ins, bool max) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t) && ins->noperands == 3) return emit_half(cg, ins, max ? "max" : "min");
  if (is_half(t)) return cg_unsupported(cg, ins, "three-input half-precision min/max");
  if (ins->noperands > 3) return cg_unsupported(cg, ins, "three-input form");
  if (cg_has_mod(ins, ".relu")) return cg_unsupported(cg, ins, ".relu");
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), r;
  if (is_f(t))
    r = fminmax(cg, ins, t, a, b, max);
  else if (ptx_type_is_signed(t))
    r = intr2(cg, max ? "llvm.smax" : "llvm.smin", a, b);
  else
    r = intr2(cg, max ? "llvm.umax" : "llvm.umin", a, b);
  wr(cg, ins, r, t);
  return true;
}
static bool emit_min(CgContext *cg, const PtxInstr *ins) { return emit_minmax(cg, ins, false); }
static bool emit_max(CgContext *cg, const PtxInstr *ins) { return emit_minmax(cg, ins, true); }

/* ---- Transcendentals and friends (PTX ISA 9.7.3.x). ---- */

static bool emit_unary_f(CgContext *cg, const PtxInstr *ins, const char *intr, bool recip) {
  PtxType t = cg_itype(ins, 0);
  if (!is_f(t)) return cg_unsupported(cg, ins, "type");
  const char *rm = round_mode(ins);
  LLVMValueRef a = ftz_in(cg, ins, t, rd(cg, ins, 1, t));
  if (strcmp(rm, ".rn") != 0) {
    LLVMValueRef one = cg_type_is(t, ".f64") ? cg_const_f64(cg, 1.0) : cg_const_f32(cg, 1.0f);
    LLVMValueRef r;
    if (recip && !intr)
      r = fdiv_r(cg, rm, one, a);
    else if (!recip && intr && !strcmp(intr, "llvm.sqrt"))
      r = fsqrt_r(cg, rm, a);
    else
      return cg_unsupported(cg, ins, "rounding mode %s", rm);
    wr(cg, ins, fpost(cg, ins, t, r), t);
    return true;
  }
  LLVMValueRef r = intr ? intr1(cg, intr, a) : a;
  if (recip) {
    LLVMValueRef one = cg_type_is(t, ".f64") ? cg_const_f64(cg, 1.0) : cg_const_f32(cg, 1.0f);
    r = LLVMBuildFDiv(B, one, r, "");
  }
  wr(cg, ins, fpost(cg, ins, t, r), t);
  return true;
}
static bool emit_sqrt(CgContext *cg, const PtxInstr *ins) { return emit_unary_f(cg, ins, "llvm.sqrt", false); }
static bool emit_rcp(CgContext *cg, const PtxInstr *ins) { return emit_unary_f(cg, ins, NULL, true); }
static bool emit_rsqrt(CgContext *cg, const PtxInstr *ins) { return emit_unary_f(cg, ins, "llvm.sqrt", true); }
static bool emit_sin(CgContext *cg, const PtxInstr *ins) { return emit_unary_f(cg, ins, "llvm.sin", false); }
static bool emit_cos(CgContext *cg, const PtxInstr *ins) { return emit_unary_f(cg, ins, "llvm.cos", false); }
static bool emit_lg2(CgContext *cg, const PtxInstr *ins) { return emit_unary_f(cg, ins, "llvm.log2", false); }
static LLVMValueRef half_ftz(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef v);
static LLVMValueRef half_read(CgContext *cg, const PtxInstr *ins, unsigned i, PtxType t);
static void half_write(CgContext *cg, const PtxInstr *ins, LLVMValueRef v, PtxType t);

/* ex2.approx{.ftz}.{f16,f16x2,bf16,bf16x2}: 2^a in f32, rounded once to the half type
 * (within the ISA's bound for the approximate form). */
static bool emit_ex2(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (!is_half(t)) return emit_unary_f(cg, ins, "llvm.exp2", false);
  LLVMValueRef a = half_ftz(cg, ins, t, half_read(cg, ins, 1, t));
  LLVMTypeRef ft = LLVMVectorType(cg->t_f32, LLVMGetVectorSize(LLVMTypeOf(a)));
  LLVMValueRef r = intr1(cg, "llvm.exp2", LLVMBuildFPExt(B, a, ft, ""));
  r = cg_fp_narrow(cg, r, LLVMGetElementType(LLVMTypeOf(a)));
  half_write(cg, ins, half_ftz(cg, ins, t, r), t);
  return true;
}

static bool emit_copysign(CgContext *cg, const PtxInstr *ins) {
  /* copysign.type d, a, b: b's magnitude with a's sign. */
  PtxType t = cg_itype(ins, 0);
  if (!is_f(t)) return cg_unsupported(cg, ins, "type");
  wr(cg, ins, intr2(cg, "llvm.copysign", rd(cg, ins, 2, t), rd(cg, ins, 1, t)), t);
  return true;
}

static bool emit_testp(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (!is_f(t)) return cg_unsupported(cg, ins, "type");
  LLVMValueRef a = rd(cg, ins, 1, t);
  bool d = cg_type_is(t, ".f64");
  LLVMValueRef abs = intr1(cg, "llvm.fabs", a);
  LLVMValueRef inf = d ? cg_const_f64(cg, __builtin_inf()) : cg_const_f32(cg, __builtin_inff());
  LLVMValueRef minn = d ? cg_const_f64(cg, 2.2250738585072014e-308) : cg_const_f32(cg, 1.17549435e-38f);
  LLVMValueRef r;
  if (cg_has_mod(ins, ".finite"))
    r = LLVMBuildFCmp(B, LLVMRealOLT, abs, inf, "");
  else if (cg_has_mod(ins, ".infinite"))
    r = LLVMBuildFCmp(B, LLVMRealOEQ, abs, inf, "");
  else if (cg_has_mod(ins, ".number"))
    r = LLVMBuildFCmp(B, LLVMRealORD, a, a, "");
  else if (cg_has_mod(ins, ".notanumber"))
    r = LLVMBuildFCmp(B, LLVMRealUNO, a, a, "");
  else if (cg_has_mod(ins, ".normal"))
    r = LLVMBuildAnd(B, LLVMBuildFCmp(B, LLVMRealOGE, abs, minn, ""), LLVMBuildFCmp(B, LLVMRealOLT, abs, inf, ""), "");
  else if (cg_has_mod(ins, ".subnormal"))
    r = LLVMBuildAnd(B, LLVMBuildFCmp(B, LLVMRealOLT, abs, minn, ""),
                     LLVMBuildFCmp(B, LLVMRealONE, abs, LLVMConstNull(LLVMTypeOf(a)), ""), "");
  else
    return cg_unsupported(cg, ins, "testp operation");
  wr(cg, ins, r, T(".pred"));
  return true;
}

/* ---- Comparison and selection (PTX ISA 9.7.6). ---- */

static LLVMValueRef compare(CgContext *cg, const PtxInstr *ins, PtxType t, LLVMValueRef a, LLVMValueRef b) {
  const char *c = cg_mod_text_of(ins, PTX_MODCAT_CMP);
  if (!c) {
    cg_unsupported(cg, ins, "comparison without an operator");
    return NULL;
  }
  c++;
  if (is_f(t)) {
    a = ftz_in(cg, ins, t, a);
    b = ftz_in(cg, ins, t, b);
    static const struct {
      const char *n;
      LLVMRealPredicate p;
    } fp[] = {{"eq", LLVMRealOEQ},  {"ne", LLVMRealONE},  {"lt", LLVMRealOLT},  {"le", LLVMRealOLE},
              {"gt", LLVMRealOGT},  {"ge", LLVMRealOGE},  {"equ", LLVMRealUEQ}, {"neu", LLVMRealUNE},
              {"ltu", LLVMRealULT}, {"leu", LLVMRealULE}, {"gtu", LLVMRealUGT}, {"geu", LLVMRealUGE},
              {"num", LLVMRealORD}, {"nan", LLVMRealUNO}};
    for (size_t i = 0; i < ARRAY_LEN(fp); i++)
      if (!strcmp(c, fp[i].n)) return LLVMBuildFCmp(B, fp[i].p, a, b, "");
  } else {
    bool s = ptx_type_is_signed(t);
    static const struct {
      const char *n;
      LLVMIntPredicate sp, up;
    } ip[] = {{"eq", LLVMIntEQ, LLVMIntEQ},   {"ne", LLVMIntNE, LLVMIntNE},   {"lt", LLVMIntSLT, LLVMIntULT},
              {"le", LLVMIntSLE, LLVMIntULE}, {"gt", LLVMIntSGT, LLVMIntUGT}, {"ge", LLVMIntSGE, LLVMIntUGE},
              {"lo", LLVMIntULT, LLVMIntULT}, {"ls", LLVMIntULE, LLVMIntULE}, {"hi", LLVMIntUGT, LLVMIntUGT},
              {"hs", LLVMIntUGE, LLVMIntUGE}};
    for (size_t i = 0; i < ARRAY_LEN(ip); i++)
      if (!strcmp(c, ip[i].n)) return LLVMBuildICmp(B, s ? ip[i].sp : ip[i].up, a, b, "");
  }
  cg_unsupported(cg, ins, "comparison .%s on this type", c);
  return NULL;
}

static LLVMValueRef combine(CgContext *cg, const PtxInstr *ins, LLVMValueRef r, LLVMValueRef c) {
  const char *op = cg_mod_text_of(ins, PTX_MODCAT_BOOL);
  if (!op) op = cg_has_mod(ins, ".and") ? ".and" : cg_has_mod(ins, ".or") ? ".or" : ".xor";
  if (!strcmp(op, ".and")) return LLVMBuildAnd(B, r, c, "");
  if (!strcmp(op, ".or")) return LLVMBuildOr(B, r, c, "");
  return LLVMBuildXor(B, r, c, "");
}

/* setp.CmpOp{.BoolOp}.type p{|q}, a, b{, {!}c} */
static bool emit_setp(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t) && !half_packed(t) && ins->operands[0].kind == PTX_OPND_REG) {
    /* setp.f16 p, a, b{, c}: compare as f32 (exact). */
    LLVMValueRef a = LLVMBuildFPExt(B, half_ftz(cg, ins, t, half_read(cg, ins, 1, t)), cg_vec_type(cg, cg->t_f32), "");
    LLVMValueRef b = LLVMBuildFPExt(B, half_ftz(cg, ins, t, half_read(cg, ins, 2, t)), cg_vec_type(cg, cg->t_f32), "");
    LLVMValueRef r = compare(cg, ins, T(".f32"), a, b);
    if (!r) return false;
    if (ins->noperands > 3) r = combine(cg, ins, r, rd(cg, ins, 3, T(".pred")));
    wr(cg, ins, r, T(".pred"));
    return true;
  }
  if (half_packed(t) && (ins->operands[0].kind == PTX_OPND_PAIR || ins->operands[0].kind == PTX_OPND_VEC) &&
      ins->operands[0].list.count == 2) {
    /* setp.CmpOp{.BoolOp}.{f16x2,bf16x2} p|q, a, b{, c}: p from the low halves, q from the
     * high ones, compared exactly as f32 (no f32 .ftz flushing: compared as .f64). */
    unsigned n = 2 * cg->G;
    LLVMTypeRef ft = LLVMVectorType(cg->t_f32, n);
    LLVMValueRef a = LLVMBuildFPExt(B, half_ftz(cg, ins, t, half_read(cg, ins, 1, t)), ft, "");
    LLVMValueRef b = LLVMBuildFPExt(B, half_ftz(cg, ins, t, half_read(cg, ins, 2, t)), ft, "");
    LLVMValueRef r = compare(cg, ins, T(".f64"), a, b);
    if (!r) return false;
    LLVMValueRef ev[32], od[32];
    for (unsigned k = 0; k < cg->G; k++) ev[k] = cg_i32(cg, 2 * k), od[k] = cg_i32(cg, 2 * k + 1);
    LLVMValueRef lo = LLVMBuildShuffleVector(B, r, r, LLVMConstVector(ev, cg->G), "");
    LLVMValueRef hi = LLVMBuildShuffleVector(B, r, r, LLVMConstVector(od, cg->G), "");
    if (ins->noperands > 3) {
      LLVMValueRef c = rd(cg, ins, 3, T(".pred"));
      lo = combine(cg, ins, lo, c);
      hi = combine(cg, ins, hi, c);
    }
    cg_write(cg, &ins->operands[0].list.elems[0], lo, T(".pred"));
    cg_write(cg, &ins->operands[0].list.elems[1], hi, T(".pred"));
    return true;
  }
  if (is_half(t)) return cg_unsupported(cg, ins, "packed half-precision comparison");
  const PtxOperand *dst = &ins->operands[0];
  unsigned first = 1;
  const PtxOperand *q = NULL;
  /* The pair form p|q may be one VEC operand or two operands. */
  if ((dst->kind == PTX_OPND_PAIR || dst->kind == PTX_OPND_VEC) && dst->list.count == 2) {
    q = &dst->list.elems[1];
    dst = &dst->list.elems[0];
  } else if (ins->noperands >= 4 && ins->operands[1].kind == PTX_OPND_REG &&
             ptx_type_bits(ins->operands[1].reg->type) == 1 && ptx_type_bits(t) != 1) {
    q = &ins->operands[1];
    first = 2;
  }
  LLVMValueRef a = rd(cg, ins, first, t), b = rd(cg, ins, first + 1, t);
  LLVMValueRef r = compare(cg, ins, t, a, b);
  if (!r) return false;
  LLVMValueRef nr = LLVMBuildNot(B, r, "");
  if (ins->noperands > first + 2) {
    LLVMValueRef c = rd(cg, ins, first + 2, T(".pred"));
    r = combine(cg, ins, r, c);
    nr = combine(cg, ins, nr, c);
  }
  cg_write(cg, dst, r, T(".pred"));
  if (q) cg_write(cg, q, nr, T(".pred"));
  return true;
}

/* set.CmpOp{.BoolOp}.dtype.stype d, a, b{, {!}c}: all ones / 1.0f for true. */
static bool emit_set(CgContext *cg, const PtxInstr *ins) {
  PtxType dt = cg_itype(ins, 0), st = cg_itype(ins, 1);
  if (!st) st = dt;
  if (half_packed(st)) {
    /* set.CmpOp.dtype.f16x2 d, a, b: per half, 1.0 in a packed float dtype, else 0xffff. */
    if (ins->noperands > 3) return cg_unsupported(cg, ins, "packed half-precision set with a predicate");
    unsigned n = 2 * cg->G;
    LLVMTypeRef ft = LLVMVectorType(cg->t_f32, n), it = LLVMVectorType(cg->t_i16, n);
    LLVMValueRef a = LLVMBuildFPExt(B, half_ftz(cg, ins, st, half_read(cg, ins, 1, st)), ft, "");
    LLVMValueRef b = LLVMBuildFPExt(B, half_ftz(cg, ins, st, half_read(cg, ins, 2, st)), ft, "");
    LLVMValueRef r = compare(cg, ins, T(".f64"), a, b); /* f64: no f32 .ftz flushing */
    if (!r) return false;
    uint64_t t = cg_type_is(dt, ".f16x2") ? 0x3c00 : cg_type_is(dt, ".bf16x2") ? 0x3f80 : 0xffff;
    LLVMValueRef tv[64];
    for (unsigned k = 0; k < n; k++) tv[k] = LLVMConstInt(cg->t_i16, t, false);
    LLVMValueRef v = LLVMBuildSelect(B, r, LLVMConstVector(tv, n), LLVMConstNull(it), "");
    wr(cg, ins, LLVMBuildBitCast(B, v, cg->v_i32, ""), T(".b32"));
    return true;
  }
  if (half_packed(dt)) return cg_unsupported(cg, ins, "packed half-precision comparison");
  LLVMValueRef r;
  if (is_half(st)) {
    LLVMValueRef a = LLVMBuildFPExt(B, half_ftz(cg, ins, st, half_read(cg, ins, 1, st)), cg_vec_type(cg, cg->t_f32), "");
    LLVMValueRef b = LLVMBuildFPExt(B, half_ftz(cg, ins, st, half_read(cg, ins, 2, st)), cg_vec_type(cg, cg->t_f32), "");
    r = compare(cg, ins, T(".f32"), a, b);
  } else {
    r = compare(cg, ins, st, rd(cg, ins, 1, st), rd(cg, ins, 2, st));
  }
  if (!r) return false;
  if (ins->noperands > 3) r = combine(cg, ins, r, rd(cg, ins, 3, T(".pred")));
  LLVMValueRef v;
  if (is_half(dt)) { /* 1.0 in the destination's format */
    uint64_t one = cg_type_is(dt, ".bf16") ? 0x3f80 : 0x3c00;
    v = LLVMBuildSelect(B, r, cg_const_int(cg, cg->t_i16, one), cg_zero(cg, cg_vec_type(cg, cg->t_i16)), "");
    wr(cg, ins, v, T(".b16"));
    return true;
  }
  if (cg_type_is(dt, ".f32"))
    v = LLVMBuildSelect(B, r, cg_const_f32(cg, 1.0f), cg_const_f32(cg, 0.0f), "");
  else
    v = LLVMBuildSExt(B, r, cg_vtype(cg, dt), "");
  wr(cg, ins, v, dt);
  return true;
}

static bool emit_selp(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (is_half(t)) t = T(".b16");
  LLVMValueRef c = rd(cg, ins, 3, T(".pred"));
  wr(cg, ins, LLVMBuildSelect(B, c, rd(cg, ins, 1, t), rd(cg, ins, 2, t), ""), t);
  return true;
}

/* slct.dtype.s32/.f32 d, a, b, c: c >= 0 ? a : b (.ftz flushes c). */
static bool emit_slct(CgContext *cg, const PtxInstr *ins) {
  PtxType dt = cg_itype(ins, 0), ct = cg_itype(ins, 1);
  LLVMValueRef c = rd(cg, ins, 3, ct), ge;
  if (is_f(ct))
    ge = LLVMBuildFCmp(B, LLVMRealOGE, ftz_in(cg, ins, ct, c), LLVMConstNull(LLVMTypeOf(c)), "");
  else
    ge = LLVMBuildICmp(B, LLVMIntSGE, c, LLVMConstNull(LLVMTypeOf(c)), "");
  wr(cg, ins, LLVMBuildSelect(B, ge, rd(cg, ins, 1, dt), rd(cg, ins, 2, dt), ""), dt);
  return true;
}

/* ---- Logic and shifts (PTX ISA 9.7.8). ---- */

static bool emit_logic(CgContext *cg, const PtxInstr *ins, LLVMOpcode op) {
  PtxType t = cg_itype(ins, 0);
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t);
  wr(cg, ins, LLVMBuildBinOp(B, op, a, b, ""), t);
  return true;
}
static bool emit_and(CgContext *cg, const PtxInstr *ins) { return emit_logic(cg, ins, LLVMAnd); }
static bool emit_or(CgContext *cg, const PtxInstr *ins) { return emit_logic(cg, ins, LLVMOr); }
static bool emit_xor(CgContext *cg, const PtxInstr *ins) { return emit_logic(cg, ins, LLVMXor); }
static bool emit_not(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  wr(cg, ins, LLVMBuildNot(B, rd(cg, ins, 1, t), ""), t);
  return true;
}
static bool emit_cnot(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  LLVMValueRef a = rd(cg, ins, 1, t);
  LLVMValueRef z = LLVMBuildICmp(B, LLVMIntEQ, a, LLVMConstNull(LLVMTypeOf(a)), "");
  wr(cg, ins, LLVMBuildZExt(B, z, LLVMTypeOf(a), ""), t);
  return true;
}

static bool emit_lop3(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  if (ins->operands[4].kind != PTX_OPND_IMM_INT) return cg_unsupported(cg, ins, "non-immediate LUT");
  unsigned lut = (unsigned)ins->operands[4].imm.u & 0xff;
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), c = rd(cg, ins, 3, t);
  LLVMValueRef na = LLVMBuildNot(B, a, ""), nb = LLVMBuildNot(B, b, ""), nc = LLVMBuildNot(B, c, "");
  LLVMValueRef r = LLVMConstNull(LLVMTypeOf(a));
  for (unsigned k = 0; k < 8; k++) {
    if (!(lut >> k & 1)) continue;
    LLVMValueRef term = LLVMBuildAnd(B, k & 4 ? a : na, k & 2 ? b : nb, "");
    term = LLVMBuildAnd(B, term, k & 1 ? c : nc, "");
    r = LLVMBuildOr(B, r, term, "");
  }
  wr(cg, ins, r, t);
  return true;
}

/* shl/shr: counts are unsigned 32-bit; a count >= the width gives 0, or the sign fill for
 * shr.s (PTX ISA 9.7.8.7). */
static bool emit_shift(CgContext *cg, const PtxInstr *ins, bool left) {
  PtxType t = cg_itype(ins, 0);
  unsigned bits = ptx_type_bits(t);
  LLVMValueRef a = rd(cg, ins, 1, t);
  LLVMValueRef n = rd(cg, ins, 2, T(".u32"));
  LLVMTypeRef st = LLVMGetElementType(LLVMTypeOf(a));
  LLVMValueRef big = LLVMBuildICmp(B, LLVMIntUGE, n, cg_const_int(cg, cg->t_i32, bits), "");
  LLVMValueRef nc = LLVMBuildSelect(B, big, cg_const_int(cg, cg->t_i32, bits - 1), n, "");
  if (bits < 32)
    nc = LLVMBuildTrunc(B, nc, LLVMTypeOf(a), "");
  else if (bits > 32)
    nc = LLVMBuildZExt(B, nc, LLVMTypeOf(a), "");
  LLVMValueRef r;
  if (left) {
    r = LLVMBuildShl(B, a, nc, "");
    r = LLVMBuildSelect(B, big, LLVMConstNull(LLVMTypeOf(a)), r, "");
  } else if (ptx_type_is_signed(t)) {
    r = LLVMBuildAShr(B, a, nc, "");
  } else {
    r = LLVMBuildLShr(B, a, nc, "");
    r = LLVMBuildSelect(B, big, LLVMConstNull(LLVMTypeOf(a)), r, "");
  }
  (void)st;
  wr(cg, ins, r, t);
  return true;
}
static bool emit_shl(CgContext *cg, const PtxInstr *ins) { return emit_shift(cg, ins, true); }
static bool emit_shr(CgContext *cg, const PtxInstr *ins) { return emit_shift(cg, ins, false); }

/* shf.{l,r}{.clamp,.wrap}.b32 d, a, b, c: funnel shift of b:a by c. */
static bool emit_shf(CgContext *cg, const PtxInstr *ins) {
  PtxType t = T(".b32");
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), c = rd(cg, ins, 3, t);
  LLVMValueRef n;
  if (cg_has_mod(ins, ".clamp"))
    n = intr2(cg, "llvm.umin", c, cg_const_int(cg, cg->t_i32, 32));
  else
    n = LLVMBuildAnd(B, c, cg_const_int(cg, cg->t_i32, 31), "");
  bool left = cg_has_mod(ins, ".l");
  /* 64-bit value hi:lo = b:a; shift it and take the right half. */
  LLVMValueRef wide = LLVMBuildOr(B, LLVMBuildShl(B, LLVMBuildZExt(B, b, cg->v_i64, ""), cg_const_int(cg, cg->t_i64, 32), ""),
                                  LLVMBuildZExt(B, a, cg->v_i64, ""), "");
  LLVMValueRef n64 = LLVMBuildZExt(B, n, cg->v_i64, "");
  LLVMValueRef r;
  if (left)
    r = LLVMBuildTrunc(B, LLVMBuildLShr(B, LLVMBuildShl(B, wide, n64, ""), cg_const_int(cg, cg->t_i64, 32), ""), cg->v_i32, "");
  else
    r = LLVMBuildTrunc(B, LLVMBuildLShr(B, wide, n64, ""), cg->v_i32, "");
  wr(cg, ins, r, t);
  return true;
}

/* ---- Bit manipulation (PTX ISA 9.7.1.x). ---- */

static bool emit_popc(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  LLVMValueRef r = intr1(cg, "llvm.ctpop", rd(cg, ins, 1, t));
  if (ptx_type_bits(t) == 64) r = LLVMBuildTrunc(B, r, cg->v_i32, "");
  wr(cg, ins, r, T(".u32"));
  return true;
}

static bool emit_clz(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  LLVMValueRef a = rd(cg, ins, 1, t);
  LLVMValueRef r = intr2(cg, "llvm.ctlz", a, LLVMConstInt(cg->t_i1, 0, false));
  (void)0;
  if (ptx_type_bits(t) == 64) r = LLVMBuildTrunc(B, r, cg->v_i32, "");
  wr(cg, ins, r, T(".u32"));
  return true;
}

static LLVMValueRef ctlz(CgContext *cg, LLVMValueRef a) {
  LLVMTypeRef t = LLVMTypeOf(a);
  LLVMValueRef args[2] = {a, LLVMConstInt(cg->t_i1, 0, false)};
  return cg_intrinsic(cg, "llvm.ctlz", &t, 1, args, 2);
}

static bool emit_brev(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  wr(cg, ins, intr1(cg, "llvm.bitreverse", rd(cg, ins, 1, t)), t);
  return true;
}

/* bfind{.shiftamt}.type d, a: position of the most significant non-sign bit; 0xffffffff
 * when there is none. */
static bool emit_bfind(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  unsigned bits = ptx_type_bits(t);
  LLVMValueRef a = rd(cg, ins, 1, t);
  LLVMTypeRef vt = LLVMTypeOf(a);
  if (ptx_type_is_signed(t)) {
    LLVMValueRef neg = LLVMBuildICmp(B, LLVMIntSLT, a, LLVMConstNull(vt), "");
    a = LLVMBuildSelect(B, neg, LLVMBuildNot(B, a, ""), a, "");
  }
  LLVMValueRef lz = ctlz(cg, a);
  LLVMValueRef none = LLVMBuildICmp(B, LLVMIntEQ, a, LLVMConstNull(vt), "");
  LLVMValueRef pos = LLVMBuildSub(B, cg_const_int(cg, LLVMGetElementType(vt), bits - 1), lz, "");
  LLVMValueRef r = cg_has_mod(ins, ".shiftamt") ? lz : pos;
  if (bits == 64) r = LLVMBuildTrunc(B, r, cg->v_i32, "");
  r = LLVMBuildSelect(B, none, cg_const_int(cg, cg->t_i32, 0xffffffffu), r, "");
  wr(cg, ins, r, T(".u32"));
  return true;
}

/* bfe.type d, a, b, c: c bits of a from position b (each clamped to 0..255), sign-
 * extended from the field's top bit for .s (from a's sign bit when the field starts past
 * the width). */
static bool emit_bfe(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  unsigned bits = ptx_type_bits(t);
  LLVMValueRef a = rd(cg, ins, 1, t);
  LLVMTypeRef vt = LLVMTypeOf(a), st = LLVMGetElementType(vt);
  LLVMValueRef pos = LLVMBuildAnd(B, rd(cg, ins, 2, T(".u32")), cg_const_int(cg, cg->t_i32, 0xff), "");
  LLVMValueRef len = LLVMBuildAnd(B, rd(cg, ins, 3, T(".u32")), cg_const_int(cg, cg->t_i32, 0xff), "");
  LLVMValueRef W = cg_const_int(cg, cg->t_i32, bits);
  /* Work in 2*bits so shifts by up to 255 saturate naturally after clamping to W. */
  LLVMValueRef posc = intr2(cg, "llvm.umin", pos, W), lenc = intr2(cg, "llvm.umin", len, W);
  LLVMTypeRef wt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, 2 * bits));
  LLVMValueRef wa = ptx_type_is_signed(t) ? LLVMBuildSExt(B, a, wt, "") : LLVMBuildZExt(B, a, wt, "");
  LLVMValueRef wp = LLVMBuildZExt(B, posc, wt, ""), wl = LLVMBuildZExt(B, lenc, wt, "");
  LLVMValueRef shifted = ptx_type_is_signed(t) ? LLVMBuildAShr(B, wa, wp, "") : LLVMBuildLShr(B, wa, wp, "");
  LLVMValueRef one = cg_const_int(cg, LLVMGetElementType(wt), 1);
  LLVMValueRef fmask = LLVMBuildSub(B, LLVMBuildShl(B, one, wl, ""), one, "");
  LLVMValueRef field = LLVMBuildAnd(B, shifted, fmask, "");
  if (ptx_type_is_signed(t)) {
    /* Sign-extend from bit len-1 of the field (len = 0 gives 0). */
    LLVMValueRef sh = LLVMBuildSub(B, cg_const_int(cg, LLVMGetElementType(wt), 2 * bits), wl, "");
    LLVMValueRef ext = LLVMBuildAShr(B, LLVMBuildShl(B, field, sh, ""), sh, "");
    LLVMValueRef lz = LLVMBuildICmp(B, LLVMIntEQ, wl, LLVMConstNull(wt), "");
    field = LLVMBuildSelect(B, lz, LLVMConstNull(wt), ext, "");
  }
  (void)st;
  wr(cg, ins, LLVMBuildTrunc(B, field, vt, ""), t);
  return true;
}

/* bfi.type f, a, b, c, d: insert d low bits of a into b at position c. */
static bool emit_bfi(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  unsigned bits = ptx_type_bits(t);
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t);
  LLVMValueRef pos = LLVMBuildAnd(B, rd(cg, ins, 3, T(".u32")), cg_const_int(cg, cg->t_i32, 0xff), "");
  LLVMValueRef len = LLVMBuildAnd(B, rd(cg, ins, 4, T(".u32")), cg_const_int(cg, cg->t_i32, 0xff), "");
  LLVMValueRef W = cg_const_int(cg, cg->t_i32, bits);
  LLVMValueRef posc = intr2(cg, "llvm.umin", pos, W), lenc = intr2(cg, "llvm.umin", len, W);
  LLVMTypeRef wt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, 2 * bits));
  LLVMTypeRef wst = LLVMGetElementType(wt);
  LLVMValueRef wa = LLVMBuildZExt(B, a, wt, ""), wb = LLVMBuildZExt(B, b, wt, "");
  LLVMValueRef wp = LLVMBuildZExt(B, posc, wt, ""), wl = LLVMBuildZExt(B, lenc, wt, "");
  LLVMValueRef one = cg_const_int(cg, wst, 1);
  LLVMValueRef m = LLVMBuildShl(B, LLVMBuildSub(B, LLVMBuildShl(B, one, wl, ""), one, ""), wp, "");
  LLVMValueRef ins_bits = LLVMBuildAnd(B, LLVMBuildShl(B, wa, wp, ""), m, "");
  LLVMValueRef r = LLVMBuildOr(B, LLVMBuildAnd(B, wb, LLVMBuildNot(B, m, ""), ""), ins_bits, "");
  wr(cg, ins, LLVMBuildTrunc(B, r, LLVMTypeOf(a), ""), t);
  return true;
}

/* prmt.b32{.mode} d, a, b, c: byte permute of {b, a} (PTX ISA 9.7.9.7). */
static bool emit_prmt(CgContext *cg, const PtxInstr *ins) {
  PtxType t = T(".b32");
  const char *modes[] = {".f4e", ".b4e", ".rc8", ".ecl", ".ecr", ".rc16"};
  int mode = -1;
  for (int i = 0; i < (int)ARRAY_LEN(modes); i++)
    if (cg_has_mod(ins, modes[i])) mode = i;
  LLVMValueRef a = rd(cg, ins, 1, t), b = rd(cg, ins, 2, t), c = rd(cg, ins, 3, t);
  LLVMValueRef src = LLVMBuildOr(B, LLVMBuildShl(B, LLVMBuildZExt(B, b, cg->v_i64, ""), cg_const_int(cg, cg->t_i64, 32), ""),
                                 LLVMBuildZExt(B, a, cg->v_i64, ""), "");
  LLVMValueRef r = cg_zero(cg, cg->v_i32);
  if (mode >= 0) {
    /* The modes take c's two low bits s and pick byte k of d from source byte
     * f4e: s+k; b4e: (s-k) mod 8; rc8: s; ecl: max(k, s); ecr: min(k, s); rc16: 2(s&1)+(k&1). */
    LLVMValueRef s = LLVMBuildAnd(B, c, cg_const_int(cg, cg->t_i32, 3), "");
    for (unsigned k = 0; k < 4; k++) {
      LLVMValueRef kk = cg_const_int(cg, cg->t_i32, k), idx;
      switch (mode) {
      case 0: idx = LLVMBuildAdd(B, s, kk, ""); break;
      case 1: idx = LLVMBuildAnd(B, LLVMBuildSub(B, s, kk, ""), cg_const_int(cg, cg->t_i32, 7), ""); break;
      case 2: idx = s; break;
      case 3: idx = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntUGT, s, kk, ""), s, kk, ""); break;
      case 4: idx = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntULT, s, kk, ""), s, kk, ""); break;
      default:
        idx = LLVMBuildAdd(B, LLVMBuildShl(B, LLVMBuildAnd(B, s, cg_const_int(cg, cg->t_i32, 1), ""), cg_const_int(cg, cg->t_i32, 1), ""),
                           cg_const_int(cg, cg->t_i32, k & 1), "");
        break;
      }
      LLVMValueRef sh = LLVMBuildZExt(B, LLVMBuildShl(B, idx, cg_const_int(cg, cg->t_i32, 3), ""), cg->v_i64, "");
      LLVMValueRef byte = LLVMBuildAnd(B, LLVMBuildLShr(B, src, sh, ""), cg_const_int(cg, cg->t_i64, 0xff), "");
      r = LLVMBuildOr(B, r, LLVMBuildShl(B, LLVMBuildTrunc(B, byte, cg->v_i32, ""), cg_const_int(cg, cg->t_i32, 8 * k), ""), "");
    }
    wr(cg, ins, r, t);
    return true;
  }
  for (unsigned k = 0; k < 4; k++) {
    LLVMValueRef sel = LLVMBuildLShr(B, c, cg_const_int(cg, cg->t_i32, 4 * k), "");
    LLVMValueRef idx = LLVMBuildAnd(B, sel, cg_const_int(cg, cg->t_i32, 7), "");
    LLVMValueRef sign = LLVMBuildAnd(B, sel, cg_const_int(cg, cg->t_i32, 8), "");
    LLVMValueRef sh = LLVMBuildZExt(B, LLVMBuildShl(B, idx, cg_const_int(cg, cg->t_i32, 3), ""), cg->v_i64, "");
    LLVMValueRef byte = LLVMBuildTrunc(B, LLVMBuildLShr(B, src, sh, ""), cg_vec_type(cg, cg->t_i8), "");
    LLVMValueRef neg = LLVMBuildICmp(B, LLVMIntSLT, byte, LLVMConstNull(LLVMTypeOf(byte)), "");
    LLVMValueRef fill = LLVMBuildSelect(B, neg, cg_const_int(cg, cg->t_i8, 0xff), cg_zero(cg, LLVMTypeOf(byte)), "");
    LLVMValueRef usesign = LLVMBuildICmp(B, LLVMIntNE, sign, cg_zero(cg, cg->v_i32), "");
    byte = LLVMBuildSelect(B, usesign, fill, byte, "");
    LLVMValueRef b32 = LLVMBuildShl(B, LLVMBuildZExt(B, byte, cg->v_i32, ""), cg_const_int(cg, cg->t_i32, 8 * k), "");
    r = LLVMBuildOr(B, r, b32, "");
  }
  wr(cg, ins, r, t);
  return true;
}

/* fns.b32 d, mask, base, offset (PTX ISA 9.7.1.x): the position of the offset-th set bit
 * of mask counting up from base (offset > 0) or down (offset < 0); offset 0 asks whether
 * bit base is set; 0xffffffff when there is none. Unrolled over the 32 bit positions. */
static bool emit_fns(CgContext *cg, const PtxInstr *ins) {
  LLVMValueRef mask = rd(cg, ins, 1, T(".b32")), base = rd(cg, ins, 2, T(".u32")), off = rd(cg, ins, 3, T(".s32"));
  LLVMTypeRef vt = cg->v_i32;
  LLVMValueRef none = cg_const_int(cg, cg->t_i32, 0xffffffffu), zero = cg_zero(cg, vt), one = cg_const_int(cg, cg->t_i32, 1);
  LLVMValueRef up = LLVMBuildICmp(B, LLVMIntSGT, off, zero, "");
  LLVMValueRef want = LLVMBuildSelect(B, up, off, LLVMBuildNeg(B, off, ""), "");
  LLVMValueRef d_up = none, d_dn = none, c_up = zero, c_dn = zero;
  for (unsigned k = 0; k < 32; k++) {
    LLVMValueRef kv = cg_const_int(cg, cg->t_i32, k), kd = cg_const_int(cg, cg->t_i32, 31 - k);
    /* counting up: positions base..31 */
    LLVMValueRef bit = LLVMBuildAnd(B, LLVMBuildLShr(B, mask, kv, ""), one, "");
    bit = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntUGE, kv, base, ""), bit, zero, "");
    c_up = LLVMBuildAdd(B, c_up, bit, "");
    LLVMValueRef hit = LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntNE, bit, zero, ""), LLVMBuildICmp(B, LLVMIntEQ, c_up, want, ""), "");
    hit = LLVMBuildAnd(B, hit, LLVMBuildICmp(B, LLVMIntEQ, d_up, none, ""), "");
    d_up = LLVMBuildSelect(B, hit, kv, d_up, "");
    /* counting down: positions base..0 */
    LLVMValueRef bd = LLVMBuildAnd(B, LLVMBuildLShr(B, mask, kd, ""), one, "");
    bd = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntULE, kd, base, ""), bd, zero, "");
    c_dn = LLVMBuildAdd(B, c_dn, bd, "");
    LLVMValueRef hd = LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntNE, bd, zero, ""), LLVMBuildICmp(B, LLVMIntEQ, c_dn, want, ""), "");
    hd = LLVMBuildAnd(B, hd, LLVMBuildICmp(B, LLVMIntEQ, d_dn, none, ""), "");
    d_dn = LLVMBuildSelect(B, hd, kd, d_dn, "");
  }
  LLVMValueRef base_ok = LLVMBuildICmp(B, LLVMIntULT, base, cg_const_int(cg, cg->t_i32, 32), "");
  LLVMValueRef bit0 = LLVMBuildAnd(B, LLVMBuildLShr(B, mask, LLVMBuildAnd(B, base, cg_const_int(cg, cg->t_i32, 31), ""), ""), one, "");
  LLVMValueRef d0 = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntNE, bit0, zero, ""), base, none, "");
  LLVMValueRef isz = LLVMBuildICmp(B, LLVMIntEQ, off, zero, "");
  LLVMValueRef d = LLVMBuildSelect(B, isz, d0, LLVMBuildSelect(B, up, d_up, d_dn, ""), "");
  d = LLVMBuildSelect(B, base_ok, d, none, "");
  wr(cg, ins, d, T(".b32"));
  return true;
}

/* ---- mov (PTX ISA 9.7.9.1), including packing {a, b} <-> a wider register. ---- */

static bool emit_mov(CgContext *cg, const PtxInstr *ins) {
  PtxType t = cg_itype(ins, 0);
  const PtxOperand *d = &ins->operands[0], *s = &ins->operands[1];
  unsigned bits = ptx_type_bits(t);
  if (d->kind == PTX_OPND_VEC || s->kind == PTX_OPND_VEC) {
    if (d->kind == PTX_OPND_VEC && s->kind == PTX_OPND_VEC) return cg_unsupported(cg, ins, "vector mov");
    const PtxOperand *v = d->kind == PTX_OPND_VEC ? d : s;
    unsigned n = v->list.count, eb = bits / n;
    char en[8];
    snprintf(en, sizeof en, ".b%u", eb);
    PtxType et = T(en);
    LLVMTypeRef wt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, bits));
    if (s->kind == PTX_OPND_VEC) { /* pack: element 0 is the low part */
      LLVMValueRef r = LLVMConstNull(wt);
      for (unsigned i = 0; i < n; i++) {
        LLVMValueRef el = cg_read(cg, &s->list.elems[i], et);
        el = LLVMBuildZExt(B, el, wt, "");
        r = LLVMBuildOr(B, r, LLVMBuildShl(B, el, cg_const_int(cg, LLVMGetElementType(wt), eb * i), ""), "");
      }
      char bn[8];
      snprintf(bn, sizeof bn, ".b%u", bits);
      cg_write(cg, d, r, T(bn));
    } else { /* unpack */
      char bn[8];
      snprintf(bn, sizeof bn, ".b%u", bits);
      LLVMValueRef w = cg_read(cg, s, T(bn));
      for (unsigned i = 0; i < n; i++) {
        LLVMValueRef el = LLVMBuildLShr(B, w, cg_const_int(cg, LLVMGetElementType(wt), eb * i), "");
        el = LLVMBuildTrunc(B, el, cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, eb)), "");
        cg_write(cg, &d->list.elems[i], el, et);
      }
    }
    return true;
  }
  if (is_half(t)) t = T(".b16");
  wr(cg, ins, cg_read(cg, s, t), t);
  return true;
}

const CgOpEntry cg_ops_arith[] = {
    {"addc", emit_addc},   {"subc", emit_subc},     {"madc", emit_madc},   {"sad", emit_sad},
    {"add", emit_add},     {"sub", emit_sub},       {"mul", emit_mul},     {"mad", emit_mad},
    {"fma", emit_fma},     {"mul24", emit_mul24},   {"mad24", emit_mad24}, {"div", emit_div},
    {"rem", emit_rem},     {"abs", emit_abs},       {"neg", emit_neg},     {"min", emit_min},
    {"max", emit_max},     {"sqrt", emit_sqrt},     {"rcp", emit_rcp},     {"rsqrt", emit_rsqrt},
    {"sin", emit_sin},     {"cos", emit_cos},       {"lg2", emit_lg2},     {"ex2", emit_ex2},
    {"copysign", emit_copysign}, {"testp", emit_testp}, {"setp", emit_setp}, {"set", emit_set},
    {"selp", emit_selp},   {"slct", emit_slct},     {"and", emit_and},     {"or", emit_or},
    {"xor", emit_xor},     {"not", emit_not},       {"cnot", emit_cnot},   {"lop3", emit_lop3},
    {"shl", emit_shl},     {"shr", emit_shr},       {"shf", emit_shf},     {"popc", emit_popc},
    {"clz", emit_clz},     {"brev", emit_brev},     {"bfind", emit_bfind}, {"bfe", emit_bfe},
    {"bfi", emit_bfi},     {"prmt", emit_prmt},     {"fns", emit_fns},     {"mov", emit_mov},
    {NULL, NULL},
};
