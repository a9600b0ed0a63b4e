/* ptx verifier, the suffixes of one instruction: which modifiers and types an opcode takes
 * and in which combinations (PTX ISA 9.0 ch. 9.7, checked against ptxas where the ISA is
 * terse), the rounding each conversion needs, and the targets and PTX ISA versions that
 * introduced an instruction, a type or a modifier. */
#include "verify_internal.h"

/* The target and PTX ISA version each opcode needs (verify_rules.def). */
static const struct {
  uint16_t sm, ptx;
} op_requirements[PTX_OP_COUNT] = {
#define VERIFY_RULE(id, roles, sm, ptx) [PTX_OP_##id] = {sm, ptx},
#include "verify_rules.def"
#undef VERIFY_RULE
};

bool verify_has_round(const PtxInstr *ins, bool integer_rounding) {
  for (uint32_t i = 0; i < ins->nmods; i++) {
    PtxMod m = ins->mods[i];
    bool irnd = m == PTX_MOD_RNI || m == PTX_MOD_RZI || m == PTX_MOD_RMI || m == PTX_MOD_RPI;
    if (ptx_mod_category(m) == PTX_MODCAT_ROUND && irnd == integer_rounding) return true;
  }
  return false;
}

static void check_cvt_rounding(Verifier *v, const PtxInstr *ins) {
  if (ins->ntypes != 2) return;
  PtxType d = ins->types[0], s = ins->types[1];
  bool df = verify_type_is_plain_float(d), sf = verify_type_is_plain_float(s);
  bool di = verify_type_is_us(d) || verify_type_is_bit(d),
       si = verify_type_is_us(s) || verify_type_is_bit(s);
  /* The name is formatted only on the way to a diagnostic: this runs for every cvt. */
  char name[64];
#define NAME verify_instr_name(ins, name, sizeof name)
  PtxMod rnd = ptx_instr_mod_of(ins, PTX_MODCAT_ROUND);
  bool irnd = rnd == PTX_MOD_RNI || rnd == PTX_MOD_RZI || rnd == PTX_MOD_RMI || rnd == PTX_MOD_RPI;
  /* No rounding where nothing is rounded: integer to integer, float widening; a float of
   * one size rounds to an integral value only (cvt.rni.f32.f32). */
  if (rnd != PTX_MOD_NONE && ((si && di) || (sf && df && ptx_type_bits(d) > ptx_type_bits(s)) ||
                              (sf && df && d == s && !irnd) ||
                              (sf && df && ptx_type_bits(d) < ptx_type_bits(s) && irnd))) {
    verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(rnd)),
                 "rounding modifier '%s' is not allowed "
                 "on %s",
                 ptx_mod_text(rnd), NAME);
    return;
  }
  /* .sat clamps to the destination's range, which a value of the same integer type never
   * leaves (ptxas: "Illegal modifier '.sat' for instruction 'cvt'"). */
  if (d == s && (verify_type_is_us(d) || verify_type_is_bit(d)) && ptx_instr_has_mod(ins, PTX_MOD_SAT))
    verify_mod_not_allowed(v, ins, PTX_MOD_SAT);
  /* .ftz flushes .f32 subnormals, so one side must be .f32. */
  if (ptx_instr_has_mod(ins, PTX_MOD_FTZ) && d != PTX_MOD_F32 && s != PTX_MOD_F32 &&
      d != PTX_MOD_NONE && s != PTX_MOD_NONE)
    verify_mod_not_allowed(v, ins, PTX_MOD_FTZ);
  if (sf && di) {
    if (!verify_has_round(ins, true))
      verify_error(v, ins->loc, "%s requires an integer rounding modifier (.rni, .rzi, .rmi, .rpi)",
                   NAME);
  } else if (si && df) {
    if (!verify_has_round(ins, false))
      verify_error(v, ins->loc, "%s requires a rounding modifier (.rn, .rz, .rm, .rp)", NAME);
  } else if (sf && df && ptx_type_bits(d) < ptx_type_bits(s)) {
    if (!verify_has_round(ins, false) && !verify_has_round(ins, true))
      verify_error(v, ins->loc, "%s requires a rounding modifier (.rn, .rz, .rm, .rp)", NAME);
  }
}
#undef NAME

void verify_mod_not_allowed(Verifier *v, const PtxInstr *ins, PtxMod mod) {
  char name[64];
  verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(mod)), "'%s' is not allowed on %s",
               ptx_mod_text(mod), verify_instr_name(ins, name, sizeof name));
}

/* Whether the module's target and PTX version meet sm/ptx (the test verify_require makes),
 * so the name of what is required is formatted only when a diagnostic follows: this runs
 * for every instruction of every module. */
static bool require_met(const PtxModule *m, unsigned sm, unsigned ptx) {
  if (sm && m->sm && m->sm < sm) return false;
  if (ptx && m->version_major && m->version_major * 10u + m->version_minor < ptx) return false;
  return true;
}

#define REQUIRE(SM, PTX, ...)                        \
  do {                                               \
    if (!require_met(v->m, (SM), (PTX))) {           \
      snprintf(what, sizeof what, __VA_ARGS__);      \
      verify_require(v, ins, what, (SM), (PTX));     \
    }                                                \
  } while (0)

void verify_modifiers(Verifier *v, const PtxInstr *ins, const PtxOpInfo *info) {
  const char *op = ptx_opcode_name(ins->op);
  bool shape_free = info->shape && info->shape[0] == '*'; /* ops.def: "*" alone */
  /* Categories and type classes ops.def allows. */
  for (uint32_t i = 0; i < ins->nmods; i++) {
    PtxMod m = ins->mods[i];
    PtxModCategory cat = ptx_mod_category(m);
    if (cat == PTX_MODCAT_TYPE) {
      uint32_t cls = ptx_type_class(m);
      if (!shape_free && cls && !(info->types & cls) &&
          /* ptxas lets signed and unsigned stand for each other (mapa.s64) */
          !((cls & (PTX_TC_U | PTX_TC_S)) && (info->types & (PTX_TC_U | PTX_TC_S))))
        verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(m)), "type %s is not allowed on %s",
                     ptx_mod_text(m), op);
    } else if (!(info->mods & (1u << cat))) {
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(m)), "'%s' is not allowed on %s",
                   ptx_mod_text(m), op);
    }
  }

  PtxType t = ins->ntypes ? ins->types[0] : PTX_MOD_NONE;
  bool t_int = verify_type_is_us(t) || verify_type_is_bit(t);
  bool arith = false;
  switch (ins->op) {
  case PTX_OP_ADD:
  case PTX_OP_SUB:
  case PTX_OP_MUL:
  case PTX_OP_MAD:
  case PTX_OP_DIV:
  case PTX_OP_REM:
  case PTX_OP_ABS:
  case PTX_OP_NEG:
  case PTX_OP_MIN:
  case PTX_OP_MAX:
  case PTX_OP_MUL24:
  case PTX_OP_MAD24:
  case PTX_OP_SETP:
  case PTX_OP_FMA: arith = true; break;
  default: break;
  }
  if (arith && t_int) {
    for (uint32_t i = 0; i < ins->nmods; i++) {
      PtxMod m = ins->mods[i];
      if (m == PTX_MOD_FTZ || ptx_mod_category(m) == PTX_MODCAT_ROUND)
        verify_mod_not_allowed(v, ins, m);
    }
  }
  /* .sat: integer add/sub saturate as .s32 only, mad only as mad.hi.sat.s32; no .f64 form. */
  if (ptx_instr_has_mod(ins, PTX_MOD_SAT)) {
    bool bad = false;
    if (ins->op == PTX_OP_ADD || ins->op == PTX_OP_SUB)
      bad = t_int ? t != PTX_MOD_S32 : t == PTX_MOD_F64;
    else if (ins->op == PTX_OP_MUL)
      bad = t_int || t == PTX_MOD_F64;
    else if (ins->op == PTX_OP_MAD)
      bad = t_int ? (t != PTX_MOD_S32 || !ptx_instr_has_mod(ins, PTX_MOD_HI)) : t == PTX_MOD_F64;
    else if (ins->op == PTX_OP_FMA)
      bad = t == PTX_MOD_F64;
    if (bad) verify_mod_not_allowed(v, ins, PTX_MOD_SAT);
  }
  /* .wide doubles 16- and 32-bit integers. */
  if ((ins->op == PTX_OP_MUL || ins->op == PTX_OP_MAD) && ptx_instr_has_mod(ins, PTX_MOD_WIDE) &&
      verify_type_widened(t) == PTX_MOD_NONE)
    verify_mod_not_allowed(v, ins, PTX_MOD_WIDE);
  /* .hi/.lo select half of an integer product. */
  if ((ins->op == PTX_OP_MUL || ins->op == PTX_OP_MAD) && ptx_type_is_float(t)) {
    if (ptx_instr_has_mod(ins, PTX_MOD_HI)) verify_mod_not_allowed(v, ins, PTX_MOD_HI);
    if (ptx_instr_has_mod(ins, PTX_MOD_LO)) verify_mod_not_allowed(v, ins, PTX_MOD_LO);
  }

  /* Rounding the ISA requires (PTX ISA 1.4 on made it mandatory; 2.0 to stay safe). */
  unsigned version = v->m->version_major * 10 + v->m->version_minor;
  if (version >= 20 && (t == PTX_MOD_F32 || t == PTX_MOD_F64)) {
    bool approx = ptx_instr_has_mod(ins, PTX_MOD_APPROX);
    bool rnd = verify_has_round(ins, false);
    const char *ts = ptx_mod_text(t);
    switch (ins->op) {
    case PTX_OP_DIV:
      if (t == PTX_MOD_F32 && !approx && !rnd && !ptx_instr_has_mod(ins, PTX_MOD_FULL))
        verify_error(v, ins->loc,
                     "div.f32 requires .approx, .full or a rounding modifier "
                     "(.rn, .rz, .rm, .rp)");
      if (t == PTX_MOD_F64 && !rnd && !approx && !ptx_instr_has_mod(ins, PTX_MOD_FULL))
        verify_error(v, ins->loc, "div.f64 requires a rounding modifier (.rn, .rz, .rm, .rp)");
      break;
    case PTX_OP_SQRT:
    case PTX_OP_RCP:
      if (!rnd && !approx)
        verify_error(v, ins->loc, "%s%s requires %sa rounding modifier (.rn, .rz, .rm, .rp)", op,
                     ts, t == PTX_MOD_F32 || ins->op == PTX_OP_RCP ? ".approx or " : "");
      break;
    case PTX_OP_FMA:
      if (!rnd)
        verify_error(v, ins->loc, "fma%s requires a rounding modifier (.rn, .rz, .rm, .rp)", ts);
      break;
    default: break;
    }
  }
  if (ins->op == PTX_OP_CVT) {
    for (unsigned i = 0; i < ins->ntypes; i++) {
      if (verify_type_is_bit(ins->types[i])) {
        verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(ins->types[i])),
                     "type %s is not allowed on cvt: it converts numbers, not bits",
                     ptx_mod_text(ins->types[i]));
        return;
      }
    }
    if (version >= 20) check_cvt_rounding(v, ins);
  }

  /* Comparisons per type (PTX ISA 9.7.6.1): bit types compare for equality only, .lo .ls
   * .hi .hs are unsigned, the unordered forms and .num/.nan are for floats. */
  if (ins->op == PTX_OP_SETP || ins->op == PTX_OP_SET) {
    PtxType ct = ins->op == PTX_OP_SET && ins->ntypes > 1 ? ins->types[1] : t;
    PtxMod cmp = ptx_instr_mod_of(ins, PTX_MODCAT_CMP);
    bool unsigned_only =
        cmp == PTX_MOD_LO || cmp == PTX_MOD_LS || cmp == PTX_MOD_HI || cmp == PTX_MOD_HS;
    bool float_only = cmp == PTX_MOD_EQU || cmp == PTX_MOD_NEU || cmp == PTX_MOD_LTU ||
                      cmp == PTX_MOD_LEU || cmp == PTX_MOD_GTU || cmp == PTX_MOD_GEU ||
                      cmp == PTX_MOD_NUM || cmp == PTX_MOD_NAN;
    bool bad = false;
    if (verify_type_is_bit(ct))
      bad = cmp != PTX_MOD_EQ && cmp != PTX_MOD_NE && cmp != PTX_MOD_NONE;
    else if (ptx_type_class(ct) & PTX_TC_S)
      bad = unsigned_only || float_only;
    else if (ptx_type_class(ct) & PTX_TC_U)
      bad = float_only;
    else if (ptx_type_is_float(ct))
      bad = unsigned_only;
    if (bad)
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(cmp)),
                   "comparison '%s' does not apply to %s", ptx_mod_text(cmp), ptx_mod_text(ct));
  }
  /* .ftz flushes single-precision subnormals; double precision has none to flush, except in
   * rcp.approx.ftz.f64 and rsqrt.approx.ftz.f64. */
  if (t == PTX_MOD_F64 && ptx_instr_has_mod(ins, PTX_MOD_FTZ)) {
    switch (ins->op) {
    case PTX_OP_ADD:
    case PTX_OP_SUB:
    case PTX_OP_MUL:
    case PTX_OP_MAD:
    case PTX_OP_FMA:
    case PTX_OP_DIV:
    case PTX_OP_ABS:
    case PTX_OP_NEG:
    case PTX_OP_MIN:
    case PTX_OP_MAX:
    case PTX_OP_SETP:
    case PTX_OP_SQRT: verify_mod_not_allowed(v, ins, PTX_MOD_FTZ); break;
    default: break;
    }
  }
  /* Integer mul/mad name the half they keep. */
  if ((ins->op == PTX_OP_MUL || ins->op == PTX_OP_MAD) && verify_type_is_us(t) &&
      !ptx_instr_has_mod(ins, PTX_MOD_LO) && !ptx_instr_has_mod(ins, PTX_MOD_HI) &&
      !ptx_instr_has_mod(ins, PTX_MOD_WIDE))
    verify_error(v, ins->loc, "%s%s requires .lo, .hi or .wide", op, ptx_mod_text(t));
  /* How many type suffixes (ptxas: "Unexpected instruction types"): one for most
   * instructions, destination and source for cvt, set, slct, dp4a and dp2a. */
  {
    unsigned want_types = 0;
    switch (ins->op) {
    case PTX_OP_CVT:
    case PTX_OP_SET:
    case PTX_OP_SLCT:
    case PTX_OP_DP4A:
    case PTX_OP_DP2A: want_types = 2; break;
    case PTX_OP_ADD:
    case PTX_OP_SUB:
    case PTX_OP_ADDC:
    case PTX_OP_SUBC:
    case PTX_OP_MUL:
    case PTX_OP_MAD:
    case PTX_OP_MADC:
    case PTX_OP_MUL24:
    case PTX_OP_MAD24:
    case PTX_OP_SAD:
    case PTX_OP_DIV:
    case PTX_OP_REM:
    case PTX_OP_ABS:
    case PTX_OP_NEG:
    case PTX_OP_MIN:
    case PTX_OP_MAX:
    case PTX_OP_POPC:
    case PTX_OP_CLZ:
    case PTX_OP_BFIND:
    case PTX_OP_BREV:
    case PTX_OP_BFE:
    case PTX_OP_BFI:
    case PTX_OP_FNS:
    case PTX_OP_BMSK:
    case PTX_OP_SZEXT:
    case PTX_OP_TESTP:
    case PTX_OP_COPYSIGN:
    case PTX_OP_FMA:
    case PTX_OP_RCP:
    case PTX_OP_SQRT:
    case PTX_OP_RSQRT:
    case PTX_OP_SIN:
    case PTX_OP_COS:
    case PTX_OP_LG2:
    case PTX_OP_EX2:
    case PTX_OP_TANH:
    case PTX_OP_SETP:
    case PTX_OP_SELP:
    case PTX_OP_AND:
    case PTX_OP_OR:
    case PTX_OP_XOR:
    case PTX_OP_NOT:
    case PTX_OP_CNOT:
    case PTX_OP_LOP3:
    case PTX_OP_SHF:
    case PTX_OP_SHL:
    case PTX_OP_SHR:
    case PTX_OP_MOV:
    case PTX_OP_SHFL:
    case PTX_OP_PRMT:
    case PTX_OP_LD:
    case PTX_OP_LDU:
    case PTX_OP_ST:
    case PTX_OP_CVTA:
    case PTX_OP_ATOM:
    case PTX_OP_RED:
    case PTX_OP_VOTE:
    case PTX_OP_MATCH:
    case PTX_OP_ACTIVEMASK:
    case PTX_OP_REDUX:
    case PTX_OP_NANOSLEEP: want_types = 1; break;
    default: break;
    }
    if (want_types && ins->ntypes == 0) {
      verify_error(v, ins->loc, "'%s' needs %s (.u32, .f32, ...)", op,
                   want_types == 1 ? "a type suffix" : "a destination and a source type");
    } else if (want_types && ins->ntypes != want_types) {
      char name[64];
      verify_error(v, ins->loc, "%s takes %s type suffix%s, not %u",
                   verify_instr_name(ins, name, sizeof name), want_types == 1 ? "one" : "two",
                   want_types == 1 ? "" : "es", ins->ntypes);
    }
  }
  /* setp and set compare; a fourth operand joins the result with .and, .or or .xor. */
  if (ins->op == PTX_OP_SETP || ins->op == PTX_OP_SET) {
    if (ptx_instr_mod_of(ins, PTX_MODCAT_CMP) == PTX_MOD_NONE)
      verify_error(v, ins->loc, "'%s' needs a comparison (.eq, .ne, .lt, .le, .gt, .ge, ...)", op);
    if (ins->noperands == 4 && ptx_instr_mod_of(ins, PTX_MODCAT_BOOL) == PTX_MOD_NONE)
      verify_error(v, ins->operands[3].loc,
                   "'%s' with a predicate operand needs .and, .or or "
                   ".xor to combine it",
                   op);
  }
  /* cvta converts between generic and one named state space. */
  if (ins->op == PTX_OP_CVTA && ptx_instr_space(ins) == PTX_SPACE_GENERIC)
    verify_error(v, ins->loc,
                 "'cvta' needs a state space (.global, .shared, .local, .const, "
                 ".param)");
  /* bar.red.popc counts into .u32; bar.red.and/.or reduce predicates. */
  if ((ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER) && ptx_instr_has_mod(ins, PTX_MOD_RED) &&
      t != PTX_MOD_NONE) {
    bool popc = ptx_instr_has_mod(ins, PTX_MOD_POPC);
    bool logic = ptx_instr_has_mod(ins, PTX_MOD_AND) || ptx_instr_has_mod(ins, PTX_MOD_OR);
    if ((popc && t != PTX_MOD_U32) || (logic && t != PTX_MOD_PRED))
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(t)),
                   "type %s is not allowed on %s.red.%s; "
                   "it takes %s",
                   ptx_mod_text(t), op, popc ? "popc" : "and/or", popc ? ".u32" : ".pred");
  }
  /* Integer arithmetic is signed or unsigned, never plain bits. */
  switch (ins->op) {
  case PTX_OP_ADD:
  case PTX_OP_SUB:
  case PTX_OP_ADDC:
  case PTX_OP_SUBC:
  case PTX_OP_MUL:
  case PTX_OP_MAD:
  case PTX_OP_MADC:
    if (verify_type_is_bit(t))
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(t)),
                   "type %s is not allowed on %s; use .u%u "
                   "or .s%u",
                   ptx_mod_text(t), op, ptx_type_bits(t), ptx_type_bits(t));
    break;
  default: break;
  }
  /* Instructions whose ISA type list is narrower than ops.def's type classes (ptxas:
   * "Unexpected instruction types"). */
  {
    static const PtxType b32_64[] = {PTX_MOD_B32, PTX_MOD_B64, PTX_MOD_NONE};
    static const PtxType us32_64[] = {PTX_MOD_U32, PTX_MOD_U64, PTX_MOD_S32, PTX_MOD_S64,
                                      PTX_MOD_NONE};
    static const PtxType us32[] = {PTX_MOD_U32, PTX_MOD_S32, PTX_MOD_NONE};
    static const PtxType b32[] = {PTX_MOD_B32, PTX_MOD_NONE};
    const PtxType *allowed = NULL;
    switch (ins->op) {
    case PTX_OP_POPC:
    case PTX_OP_CLZ:
    case PTX_OP_BREV:
    case PTX_OP_BFI: allowed = b32_64; break;
    case PTX_OP_BFIND:
    case PTX_OP_BFE: allowed = us32_64; break;
    case PTX_OP_MUL24:
    case PTX_OP_MAD24:
    case PTX_OP_DP4A:
    case PTX_OP_DP2A: allowed = us32; break;
    case PTX_OP_LOP3:
    case PTX_OP_SHF:
    case PTX_OP_PRMT:
    case PTX_OP_FNS: allowed = b32; break;
    default: break;
    }
    for (unsigned i = 0; allowed && i < ins->ntypes; i++) {
      bool found = false;
      for (const PtxType *a = allowed; *a != PTX_MOD_NONE; a++) found |= *a == ins->types[i];
      /* a class ops.def already refuses was reported above */
      if (!found && (info->types & ptx_type_class(ins->types[i]))) {
        verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(ins->types[i])),
                     "type %s is not allowed on %s", ptx_mod_text(ins->types[i]), op);
        break;
      }
    }
  }
  /* .full and .approx division are single precision only. */
  if (ins->op == PTX_OP_DIV && t != PTX_MOD_F32 && t != PTX_MOD_NONE) {
    if (ptx_instr_has_mod(ins, PTX_MOD_FULL)) verify_mod_not_allowed(v, ins, PTX_MOD_FULL);
    if (ptx_instr_has_mod(ins, PTX_MOD_APPROX)) verify_mod_not_allowed(v, ins, PTX_MOD_APPROX);
  }
  /* min/max's .NaN and .xorsign.abs are about floating-point signs and NaNs. */
  if ((ins->op == PTX_OP_MIN || ins->op == PTX_OP_MAX) && !ptx_type_is_float(t) &&
      t != PTX_MOD_NONE) {
    if (ptx_instr_has_mod(ins, PTX_MOD_NAN_MODE)) verify_mod_not_allowed(v, ins, PTX_MOD_NAN_MODE);
    if (ptx_instr_has_mod(ins, PTX_MOD_XORSIGN)) verify_mod_not_allowed(v, ins, PTX_MOD_XORSIGN);
  }
  /* redux.sync: .add/.min/.max on .u32/.s32 (.f32 min/max on sm_100a), .and/.or/.xor on .b32. */
  if (ins->op == PTX_OP_REDUX && t != PTX_MOD_NONE) {
    PtxMod rop = ptx_instr_mod_of(ins, PTX_MODCAT_BOOL);
    bool bad = rop != PTX_MOD_NONE ? t != PTX_MOD_B32
                                   : !(t == PTX_MOD_U32 || t == PTX_MOD_S32 || t == PTX_MOD_F32);
    if (bad)
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on "
                   "redux.sync%s", ptx_mod_text(t), rop != PTX_MOD_NONE ? ptx_mod_text(rop) : "");
  }
  /* atom and red know .noftz among the free-form suffixes, nothing else. */
  if (ins->op == PTX_OP_ATOM || ins->op == PTX_OP_RED) {
    for (uint32_t i = 0; i < ins->nmods; i++)
      if (ptx_mod_category(ins->mods[i]) == PTX_MODCAT_OTHER && ins->mods[i] != PTX_MOD_NOFTZ)
        verify_mod_not_allowed(v, ins, ins->mods[i]);
  }
  /* bar/barrier: .sync, .arrive or .red; a type only for .red's result. */
  if (ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER) {
    bool red = ptx_instr_has_mod(ins, PTX_MOD_RED);
    if (!red && !ptx_instr_has_mod(ins, PTX_MOD_SYNC) && !ptx_instr_has_mod(ins, PTX_MOD_ARRIVE))
      verify_error(v, ins->loc, "'%s' needs .sync, .arrive or .red", op);
    if (!red && t != PTX_MOD_NONE)
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s "
                   "without .red", ptx_mod_text(t), op);
  }
  /* Half-precision fma names its rounding: .rn only for .f16 (ptxas takes any IEEE mode for
   * .bf16). */
  if (ins->op == PTX_OP_FMA &&
      (t == PTX_MOD_F16 || t == PTX_MOD_F16X2 || t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2)) {
    PtxMod rnd = ptx_instr_mod_of(ins, PTX_MODCAT_ROUND);
    if (rnd == PTX_MOD_NONE)
      verify_error(v, ins->loc, "fma%s requires a rounding modifier (.rn)", ptx_mod_text(t));
    else if (rnd != PTX_MOD_RN && (t == PTX_MOD_F16 || t == PTX_MOD_F16X2))
      verify_mod_not_allowed(v, ins, rnd);
  }
  /* shf shifts left or right: it must say which. */
  if (ins->op == PTX_OP_SHF && !ptx_instr_has_mod(ins, PTX_MOD_L) && !ptx_instr_has_mod(ins, PTX_MOD_R))
    verify_error(v, ins->loc, "'shf' needs .l or .r");
  /* Cache operators per direction (PTX ISA 9.7.9.1): loads .ca .cg .cs .lu .cv, stores .wb .cg
   * .cs .wt; .nc loads go through the non-coherent path of .global only. */
  if (ins->op == PTX_OP_LD || ins->op == PTX_OP_ST) {
    bool load = ins->op == PTX_OP_LD;
    for (uint32_t i = 0; i < ins->nmods; i++) {
      PtxMod m = ins->mods[i];
      bool load_only = m == PTX_MOD_CA || m == PTX_MOD_LU || m == PTX_MOD_CV || m == PTX_MOD_NC;
      bool store_only = m == PTX_MOD_WB || m == PTX_MOD_WT;
      if ((load && store_only) || (!load && load_only)) verify_mod_not_allowed(v, ins, m);
    }
    if (load && ptx_instr_has_mod(ins, PTX_MOD_NC) && ptx_instr_space(ins) != PTX_SPACE_GLOBAL)
      verify_error(v, verify_mod_loc(v, ins, ".nc"), "ld.nc reads .global memory only; it needs "
                   ".global");
  }
  /* Textures and surfaces name their geometry. */
  if ((ins->op == PTX_OP_TEX || ins->op == PTX_OP_TLD4 || ins->op == PTX_OP_SULD ||
       ins->op == PTX_OP_SUST || ins->op == PTX_OP_SURED) &&
      ptx_instr_mod_of(ins, PTX_MODCAT_SHAPE) == PTX_MOD_NONE)
    verify_error(v, ins->loc, "'%s' needs a geometry (.1d, .2d, .3d, .a1d, .a2d, .cube, ...)", op);
  /* Half-precision values move as bits: ld.b16, mov.b32, selp.b16. */
  if ((ins->op == PTX_OP_LD || ins->op == PTX_OP_ST || ins->op == PTX_OP_LDU ||
       ins->op == PTX_OP_SELP || ins->op == PTX_OP_MOV) &&
      (t == PTX_MOD_F16 || t == PTX_MOD_F16X2 || t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2))
    verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(t)),
                 "type %s is not allowed on %s; use .b%u", ptx_mod_text(t), op, ptx_type_bits(t));
  if ((ins->op == PTX_OP_MIN || ins->op == PTX_OP_MAX) && verify_type_is_bit(t))
    verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s",
                 ptx_mod_text(t), op);
  /* The transcendental approximations say so (PTX ISA 1.4 on). */
  if (version >= 20 && !ptx_instr_has_mod(ins, PTX_MOD_APPROX)) {
    switch (ins->op) {
    case PTX_OP_SIN:
    case PTX_OP_COS:
    case PTX_OP_LG2:
    case PTX_OP_EX2:
    case PTX_OP_RSQRT:
    case PTX_OP_TANH:
      verify_error(v, ins->loc, "%s%s requires .approx", op, ptx_mod_text(t));
      break;
    default: break;
    }
  }
  /* mad.f32 rounds explicitly from sm_20 on. */
  if (version >= 20 && v->m->sm >= 20 && ins->op == PTX_OP_MAD && t == PTX_MOD_F32 &&
      !verify_has_round(ins, false))
    verify_error(v, ins->loc, "mad.f32 requires a rounding modifier (.rn, .rz, .rm, .rp)");

  /* Vector accesses move at most 256 bits (.v4.b64 and .v8.b32 only on sm_100's .global). */
  if (ins->op == PTX_OP_LD || ins->op == PTX_OP_ST || ins->op == PTX_OP_LDU) {
    unsigned vec = ptx_instr_vec(ins), bits = ptx_type_bits(t);
    if (vec > 1 && vec * bits > 256) {
      verify_error(v, ins->loc, "%s.v%u%s is %u bits; a vector access moves at most 256", op, vec,
                   ptx_mod_text(t), vec * bits);
    } else if (vec > 1 && vec * bits == 256) {
      char what[64];
      REQUIRE(100, 88, "a 256-bit %s (%s.v%u%s)", op, op, vec, ptx_mod_text(t));
    }
  }

  /* atom/red: the operation decides the types (PTX ISA 9.7.13.5). */
  if (ins->op == PTX_OP_ATOM || ins->op == PTX_OP_RED) {
    PtxMod aop = ptx_instr_mod_of(ins, PTX_MODCAT_BOOL);
    if (aop == PTX_MOD_NONE) aop = ptx_instr_mod_of(ins, PTX_MODCAT_ATOMOP);
    bool half = t == PTX_MOD_F16 || t == PTX_MOD_F16X2 || t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2;
    bool bad = false;
    switch (aop) {
    case PTX_MOD_AND:
    case PTX_MOD_OR:
    case PTX_MOD_XOR: bad = t != PTX_MOD_B32 && t != PTX_MOD_B64; break;
    case PTX_MOD_INC:
    case PTX_MOD_DEC: bad = t != PTX_MOD_U32; break;
    case PTX_MOD_EXCH: bad = t != PTX_MOD_B32 && t != PTX_MOD_B64 && t != PTX_MOD_B128; break;
    case PTX_MOD_CAS:
      bad = t != PTX_MOD_B16 && t != PTX_MOD_B32 && t != PTX_MOD_B64 && t != PTX_MOD_B128;
      break;
    case PTX_MOD_ADD:
      bad = !(t == PTX_MOD_U32 || t == PTX_MOD_S32 || t == PTX_MOD_U64 || t == PTX_MOD_F32 ||
              t == PTX_MOD_F64 || half);
      break;
    case PTX_MOD_MIN:
    case PTX_MOD_MAX:
      bad = !(t == PTX_MOD_U32 || t == PTX_MOD_S32 || t == PTX_MOD_U64 || t == PTX_MOD_S64 || half);
      break;
    default: break;
    }
    if (t == PTX_MOD_NONE || aop == PTX_MOD_NONE) bad = false;
    if (bad)
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s%s",
                   ptx_mod_text(t), op, ptx_mod_text(aop));
    if (ins->op == PTX_OP_RED && (aop == PTX_MOD_EXCH || aop == PTX_MOD_CAS))
      verify_error(v, verify_mod_loc(v, ins, ptx_mod_text(aop)),
                   "'%s' is not allowed on red; use atom", ptx_mod_text(aop));
    if (half && !bad && !ptx_instr_has_mod(ins, PTX_MOD_NOFTZ))
      verify_error(v, ins->loc, "%s%s%s requires .noftz", op, ptx_mod_text(aop), ptx_mod_text(t));
  }
}

/* ---- Targets and PTX versions ---- */

void verify_require(Verifier *v, const PtxInstr *ins, const char *what, unsigned sm, unsigned ptx) {
  const PtxModule *m = v->m;
  if (sm && m->sm && m->sm < sm)
    verify_error(v, ins->loc, "%s requires sm_%u or later; the module targets sm_%u", what, sm,
                 m->sm);
  unsigned have = m->version_major * 10 + m->version_minor;
  if (ptx && m->version_major && have < ptx)
    verify_error(v, ins->loc, "%s requires PTX ISA %u.%u or later; the module is .version %u.%u",
                 what, ptx / 10, ptx % 10, m->version_major, m->version_minor);
}

void verify_requirements(Verifier *v, const PtxInstr *ins) {
  const char *op = ptx_opcode_name(ins->op);
  bool sync = ptx_instr_has_mod(ins, PTX_MOD_SYNC);
  char what[64];
  const __typeof__(op_requirements[0]) *r = &op_requirements[ins->op];
  if (r->sm || r->ptx)
    REQUIRE(r->sm, r->ptx, "%s%s", op,
            sync && (ins->op == PTX_OP_REDUX || ins->op == PTX_OP_MATCH) ? ".sync" : "");

  PtxType t = ins->ntypes ? ins->types[0] : PTX_MOD_NONE;
  switch (ins->op) {
  case PTX_OP_SHFL:
  case PTX_OP_VOTE:
    if (sync) REQUIRE(0, 60, "%s.sync", op);
    break;
  case PTX_OP_ATOM:
  case PTX_OP_RED:
    if (ptx_instr_has_mod(ins, PTX_MOD_ADD) && t == PTX_MOD_F64) {
      REQUIRE(60, 50, "%s.add.f64", op);
    }
    break;
  case PTX_OP_ADD:
  case PTX_OP_SUB:
  case PTX_OP_MUL:
    if (t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2) {
      REQUIRE(90, 78, "%s%s", op, ptx_mod_text(t));
    }
    break;
  case PTX_OP_FMA:
  case PTX_OP_MIN:
  case PTX_OP_MAX:
  case PTX_OP_NEG:
  case PTX_OP_ABS:
    if (t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2) {
      REQUIRE(80, 70, "%s%s", op, ptx_mod_text(t));
    }
    break;
  case PTX_OP_CVT:
    if (t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2) verify_require(v, ins, "cvt to .bf16", 80, 70);
    break;
  default: break;
  }
  /* Types and modifiers that arrived with a target, whatever the instruction (the common
   * ones; ptxas: "Feature '.bf16' requires .target sm_80 or higher"). */
  for (uint32_t i = 0; i < ins->nmods; i++) {
    PtxMod m = ins->mods[i];
    unsigned sm = 0, ptx = 0;
    switch (m) {
    case PTX_MOD_BF16:
    case PTX_MOD_BF16X2:
    case PTX_MOD_TF32: sm = 80, ptx = 70; break;
    case PTX_MOD_E4M3:
    case PTX_MOD_E5M2:
    case PTX_MOD_E4M3X2:
    case PTX_MOD_E5M2X2: sm = 89, ptx = 78; break;
    case PTX_MOD_B128: sm = 70, ptx = 83; break;
    case PTX_MOD_L2_CACHE_HINT: sm = 80, ptx = 74; break;
    case PTX_MOD_NAN_MODE:
    case PTX_MOD_RELU: sm = 80, ptx = 70; break;
    case PTX_MOD_XORSIGN: sm = 86, ptx = 72; break;
    case PTX_MOD_MBARRIER_INIT: sm = 90, ptx = 80; break;
    default: break;
    }
    if (sm) {
      REQUIRE(sm, ptx, "'%s' on %s", ptx_mod_text(m), op);
    }
  }
  if ((ins->op == PTX_OP_FENCE || ins->op == PTX_OP_MEMBAR) &&
      ptx_instr_has_mod(ins, PTX_MOD_PROXY) && ptx_instr_has_mod(ins, PTX_MOD_ASYNC))
    verify_require(v, ins, "fence.proxy.async", 90, 80);
  if (ins->op == PTX_OP_ATOM && ptx_instr_vec(ins) > 1)
    verify_require(v, ins, "atom on vectors", 90, 81);
  /* mma shapes beyond Volta's and Turing's m8n8k4, m16n8k8, m8n8k16/32/128. */
  if (ins->op == PTX_OP_MMA) {
    PtxMod shape = ptx_instr_mod_of(ins, PTX_MODCAT_SHAPE);
    if (shape == PTX_MOD_M16N8K16 || shape == PTX_MOD_M16N8K32 || shape == PTX_MOD_M16N8K64 ||
        shape == PTX_MOD_M16N8K128 || shape == PTX_MOD_M16N8K256 || shape == PTX_MOD_M16N8K4) {
      REQUIRE(80, 70, "mma%s", ptx_mod_text(shape));
    }
  }
  /* shfl and vote without .sync do not exist for sm_70 on from PTX ISA 6.4. */
  if ((ins->op == PTX_OP_SHFL || ins->op == PTX_OP_VOTE) && !sync && v->m->sm >= 70 &&
      v->m->version_major * 10 + v->m->version_minor >= 64)
    verify_error(v, ins->loc,
                 "'%s' without .sync is not supported for sm_70 and later from "
                 "PTX ISA 6.4 on; use %s.sync",
                 op, op);
  /* Memory-model semantics (.relaxed/.acquire/.release) came with sm_70 and PTX ISA 6.0. */
  if (ins->op == PTX_OP_LD || ins->op == PTX_OP_ST || ins->op == PTX_OP_ATOM ||
      ins->op == PTX_OP_RED) {
    PtxMod sem = ptx_instr_mod_of(ins, PTX_MODCAT_SEM);
    if (sem == PTX_MOD_RELAXED || sem == PTX_MOD_ACQUIRE || sem == PTX_MOD_RELEASE ||
        sem == PTX_MOD_ACQ_REL) {
      REQUIRE(70, 60, "%s%s", op, ptx_mod_text(sem));
    }
  }
}
