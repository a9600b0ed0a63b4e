/* Conversions (PTX ISA 9.7.9.21 cvt): integer <-> integer (with .sat), integer <-> float,
 * float <-> float, every rounding mode we can do exactly; float -> integer saturates and
 * maps NaN to 0 as PTX specifies. Half-precision goes through LLVM's half/bfloat. */
#include "cg_internal.h"

#define B (cg->b)

static PtxType T(const char *s) { return cg_type_of(s); }

static LLVMValueRef intr1(CgContext *cg, const char *name, LLVMValueRef a) {
  LLVMTypeRef t = LLVMTypeOf(a);
  return cg_intrinsic(cg, name, &t, 1, &a, 1);
}

static bool is_f16(PtxType t) { return cg_type_is(t, ".f16"); }
static bool is_bf16(PtxType t) { return cg_type_is(t, ".bf16"); }
static bool is_float(PtxType t) {
  return cg_type_is(t, ".f32") || cg_type_is(t, ".f64") || is_f16(t) || is_bf16(t);
}

/* The LLVM float type a PTX float type computes in. */
static LLVMTypeRef ftype(CgContext *cg, PtxType t) {
  if (is_f16(t)) return cg->t_f16;
  if (is_bf16(t)) return LLVMBFloatTypeInContext(cg->ctx);
  if (cg_type_is(t, ".f64")) return cg->t_f64;
  return cg->t_f32;
}

static LLVMValueRef read_float(CgContext *cg, const PtxOperand *o, PtxType t) {
  if (is_f16(t) || is_bf16(t)) {
    LLVMValueRef v = cg_read(cg, o, T(".b16"));
    return LLVMBuildBitCast(B, v, cg_vec_type(cg, ftype(cg, t)), "");
  }
  return cg_read(cg, o, t);
}

static void write_float(CgContext *cg, const PtxOperand *o, LLVMValueRef v, PtxType t) {
  if (is_f16(t) || is_bf16(t)) {
    cg_write(cg, o, LLVMBuildBitCast(B, v, cg_vec_type(cg, cg->t_i16), ""), T(".b16"));
    return;
  }
  cg_write(cg, o, v, t);
}

static LLVMValueRef round_int(CgContext *cg, const char *r, LLVMValueRef v) {
  if (!strcmp(r, ".rni")) return intr1(cg, "llvm.roundeven", v);
  if (!strcmp(r, ".rzi")) return intr1(cg, "llvm.trunc", v);
  if (!strcmp(r, ".rmi")) return intr1(cg, "llvm.floor", v);
  if (!strcmp(r, ".rpi")) return intr1(cg, "llvm.ceil", v);
  return v;
}

static LLVMValueRef sat01(CgContext *cg, LLVMValueRef v) {
  LLVMTypeRef vt = LLVMTypeOf(v);
  LLVMValueRef zero = LLVMConstNull(vt);
  LLVMValueRef one = cg_splat(cg, LLVMConstReal(LLVMGetElementType(vt), 1.0));
  v = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealULT, v, zero, ""), zero, v, "");
  return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, v, one, ""), one, v, "");
}

static bool emit_cvt(CgContext *cg, const PtxInstr *ins) {
  PtxType dt = cg_itype(ins, 0), st = cg_itype(ins, 1);
  if (!dt || !st) return cg_unsupported(cg, ins, "cvt without two types");
  if (ins->noperands == 3 && (cg_type_is(dt, ".f16x2") || cg_type_is(dt, ".bf16x2")) && cg_type_is(st, ".f32")) {
    /* cvt.rn{.relu}.f16x2.f32 d, a, b: a converted into the upper half, b the lower. */
    const char *rr = cg_mod_text_of(ins, PTX_MODCAT_ROUND);
    if ((rr && strcmp(rr, ".rn") != 0) || cg_has_mod(ins, ".relu") || cg_has_mod(ins, ".satfinite"))
      return cg_unsupported(cg, ins, "packed conversion form");
    LLVMTypeRef ht = cg_vec_type(cg, cg_type_is(dt, ".bf16x2") ? LLVMBFloatTypeInContext(cg->ctx) : cg->t_f16);
    LLVMTypeRef hs = LLVMGetElementType(ht);
    LLVMValueRef hi = cg_fp_narrow(cg, cg_read(cg, &ins->operands[1], st), hs);
    LLVMValueRef lo = cg_fp_narrow(cg, cg_read(cg, &ins->operands[2], st), hs);
    LLVMTypeRef i16v = cg_vec_type(cg, cg->t_i16);
    hi = LLVMBuildZExt(B, LLVMBuildBitCast(B, hi, i16v, ""), cg->v_i32, "");
    lo = LLVMBuildZExt(B, LLVMBuildBitCast(B, lo, i16v, ""), cg->v_i32, "");
    LLVMValueRef v = LLVMBuildOr(B, LLVMBuildShl(B, hi, cg_const_int(cg, cg->t_i32, 16), ""), lo, "");
    cg_write(cg, &ins->operands[0], v, T(".b32"));
    return true;
  }
  if (ins->noperands != 2) return cg_unsupported(cg, ins, "cvt with more than one source");
  const char *r = cg_mod_text_of(ins, PTX_MODCAT_ROUND);
  bool ftz = cg_has_mod(ins, ".ftz"), sat = cg_has_mod(ins, ".sat");
  if (cg_has_mod(ins, ".relu")) return cg_unsupported(cg, ins, ".relu");
  const PtxOperand *d = &ins->operands[0], *s = &ins->operands[1];
  unsigned db = ptx_type_bits(dt), sb = ptx_type_bits(st);
  if (!db || !sb || db > 64 || sb > 64) return cg_unsupported(cg, ins, "type");

  if (!is_float(dt) && !is_float(st)) {
    /* Integer to integer: extend by the source's signedness, or keep the low bits;
     * .sat clamps to the destination's range. */
    LLVMValueRef v = cg_read(cg, s, st);
    LLVMTypeRef dvt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, db));
    if (sat) {
      /* Compare in 65 bits would be exact; 128 keeps it simple. */
      LLVMTypeRef w = cg_vec_type(cg, LLVMInt128TypeInContext(cg->ctx));
      LLVMValueRef x = ptx_type_is_signed(st) ? LLVMBuildSExt(B, v, w, "") : LLVMBuildZExt(B, v, w, "");
      __int128 lo, hi;
      if (ptx_type_is_signed(dt)) {
        lo = -((__int128)1 << (db - 1));
        hi = ((__int128)1 << (db - 1)) - 1;
      } else {
        lo = 0;
        hi = ((__int128)1 << db) - 1;
      }
      uint64_t lw[2] = {(uint64_t)lo, (uint64_t)(lo >> 64)}, hw[2] = {(uint64_t)hi, (uint64_t)(hi >> 64)};
      LLVMTypeRef i128 = LLVMInt128TypeInContext(cg->ctx);
      LLVMValueRef L = cg_splat(cg, LLVMConstIntOfArbitraryPrecision(i128, 2, lw));
      LLVMValueRef H = cg_splat(cg, LLVMConstIntOfArbitraryPrecision(i128, 2, hw));
      x = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, x, L, ""), L, x, "");
      x = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSGT, x, H, ""), H, x, "");
      v = LLVMBuildTrunc(B, x, dvt, "");
    } else if (sb > db) {
      v = LLVMBuildTrunc(B, v, dvt, "");
    } else if (sb < db) {
      v = ptx_type_is_signed(st) ? LLVMBuildSExt(B, v, dvt, "") : LLVMBuildZExt(B, v, dvt, "");
    }
    /* The destination register may be wider than dt (cvt.s8.s32 into a .b32):
     * sign-extend per dt. */
    cg_write(cg, d, v, dt);
    return true;
  }

  if (is_float(st) && !is_float(dt)) {
    /* Float to integer: round as asked (.rzi when the PTX omits it), saturate, NaN -> 0. */
    LLVMValueRef v = read_float(cg, s, st);
    if (ftz && cg_type_is(st, ".f32")) v = cg_flush_denorm(cg, v);
    if (is_f16(st) || is_bf16(st)) v = LLVMBuildFPExt(B, v, cg_vec_type(cg, cg->t_f32), "");
    v = round_int(cg, r ? r : ".rzi", v);
    if (r && strcmp(r, ".rni") && strcmp(r, ".rzi") && strcmp(r, ".rmi") && strcmp(r, ".rpi"))
      return cg_unsupported(cg, ins, "rounding %s for float to integer", r);
    LLVMTypeRef dvt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, db));
    LLVMTypeRef ov[2] = {dvt, LLVMTypeOf(v)};
    v = cg_intrinsic(cg, ptx_type_is_signed(dt) ? "llvm.fptosi.sat" : "llvm.fptoui.sat", ov, 2, &v, 1);
    cg_write(cg, d, v, dt);
    return true;
  }

  if (!is_float(st) && is_float(dt)) {
    /* Integer to float: round to nearest, then step once in the asked direction when the
     * conversion was inexact (compared back in integers). */
    LLVMValueRef x = cg_read(cg, s, st);
    LLVMTypeRef fvt = cg_vec_type(cg, ftype(cg, dt));
    bool sg = ptx_type_is_signed(st);
    LLVMValueRef v;
    if (is_f16(dt) || is_bf16(dt)) {
      /* Through f64 (exact up to 32 bits): no half-precision libcalls. */
      LLVMTypeRef dv = cg_vec_type(cg, cg->t_f64);
      v = cg_fp_narrow(cg, sg ? LLVMBuildSIToFP(B, x, dv, "") : LLVMBuildUIToFP(B, x, dv, ""), ftype(cg, dt));
    } else {
      v = sg ? LLVMBuildSIToFP(B, x, fvt, "") : LLVMBuildUIToFP(B, x, fvt, "");
    }
    unsigned mant = is_f16(dt) ? 11 : is_bf16(dt) ? 8 : cg_type_is(dt, ".f64") ? 53 : 24;
    if (r && strcmp(r, ".rn") != 0 && sb > mant) {
      LLVMTypeRef i64v = cg->v_i64;
      LLVMValueRef x64 = sb < 64 ? (sg ? LLVMBuildSExt(B, x, i64v, "") : LLVMBuildZExt(B, x, i64v, "")) : x;
      LLVMTypeRef ov[2] = {i64v, fvt};
      LLVMValueRef back = cg_intrinsic(cg, sg ? "llvm.fptosi.sat" : "llvm.fptoui.sat", ov, 2, &v, 1);
      /* 2^63 (2^64) does not fit the integer: a result that large came from above. f16
       * overflows to infinity first, which compares the same way. */
      LLVMValueRef lim = cg_splat(cg, LLVMConstReal(ftype(cg, dt), sg ? 9223372036854775808.0 : 18446744073709551616.0));
      LLVMValueRef top = LLVMBuildFCmp(B, LLVMRealOGE, v, lim, "");
      LLVMValueRef above = LLVMBuildICmp(B, sg ? LLVMIntSGT : LLVMIntUGT, x64, back, "");
      LLVMValueRef below = LLVMBuildICmp(B, sg ? LLVMIntSLT : LLVMIntULT, x64, back, "");
      above = LLVMBuildAnd(B, above, LLVMBuildNot(B, top, ""), "");
      below = LLVMBuildOr(B, below, top, "");
      v = cg_round_directed(cg, v, above, below, r);
    }
    if (sat) v = sat01(cg, v);
    if (ftz && cg_type_is(dt, ".f32")) v = cg_flush_denorm(cg, v);
    write_float(cg, d, v, dt);
    return true;
  }

  /* Float to float. */
  LLVMValueRef v = read_float(cg, s, st);
  if (ftz && cg_type_is(st, ".f32")) v = cg_flush_denorm(cg, v);
  LLVMTypeRef fvt = cg_vec_type(cg, ftype(cg, dt));
  if (db > sb || (db == sb && ftype(cg, dt) != ftype(cg, st))) {
    if (db == sb) return cg_unsupported(cg, ins, "f16 <-> bf16");
    v = LLVMBuildFPExt(B, v, fvt, "");
    v = round_int(cg, r ? r : "", v);
  } else if (db < sb) {
    LLVMValueRef x = v;
    v = cg_fp_narrow(cg, v, ftype(cg, dt));
    if (r && strcmp(r, ".rn") != 0) {
      /* Exact error in the wider type; an overflow to infinity from a finite value lies
       * below it. */
      LLVMValueRef back = LLVMBuildFPExt(B, v, LLVMTypeOf(x), "");
      LLVMValueRef above = LLVMBuildFCmp(B, LLVMRealOGT, x, back, "");
      LLVMValueRef below = LLVMBuildFCmp(B, LLVMRealOLT, x, back, "");
      v = cg_round_directed(cg, v, above, below, r);
    }
  } else {
    v = round_int(cg, r ? r : "", v); /* cvt.rni.f32.f32 etc. */
  }
  if (sat) v = sat01(cg, v);
  if (ftz && cg_type_is(dt, ".f32")) v = cg_flush_denorm(cg, v);
  if (cg_type_is(dt, ".f32") || cg_type_is(dt, ".f64")) v = cg_canon_nan(cg, v);
  write_float(cg, d, v, dt);
  return true;
}

const CgOpEntry cg_ops_conv[] = {
    {"cvt", emit_cvt},
    {NULL, NULL},
};
