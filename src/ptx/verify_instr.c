/* ptx verifier, one instruction at a time: operand count and kinds (ops.def shape), operand
 * types (verify_rules.def roles, PTX ISA 9.0 §6.4.1 "Operand Type Information" and §6.4.2's
 * relaxed rules for ld/st/cvt), modifier combinations the ISA forbids, target and PTX
 * version requirements, and writes to read-only memory. */
#include "verify_internal.h"

typedef struct Rule {
  const char *roles;
  uint16_t sm, ptx;
} Rule;

static const Rule rules[PTX_OP_COUNT] = {
#define VERIFY_RULE(id, roles, sm, ptx) [PTX_OP_##id] = {roles, sm, ptx},
#include "verify_rules.def"
#undef VERIFY_RULE
};

/* ---- Types ---- */

static bool type_is_bit(PtxType t) {
  return t == PTX_MOD_B8 || t == PTX_MOD_B16 || t == PTX_MOD_B32 || t == PTX_MOD_B64 ||
         t == PTX_MOD_B128;
}

static bool type_is_us(PtxType t) {
  return ptx_type_class(t) & (PTX_TC_U | PTX_TC_S);
}

/* Plain scalar floats: the ones whose conversions the cvt rounding rules talk about. */
static bool type_is_plain_float(PtxType t) {
  return t == PTX_MOD_F16 || t == PTX_MOD_BF16 || t == PTX_MOD_F32 || t == PTX_MOD_F64;
}

static PtxType type_widened(PtxType t) {
  switch (t) {
  case PTX_MOD_U16: return PTX_MOD_U32;
  case PTX_MOD_U32: return PTX_MOD_U64;
  case PTX_MOD_S16: return PTX_MOD_S32;
  case PTX_MOD_S32: return PTX_MOD_S64;
  case PTX_MOD_B16: return PTX_MOD_B32;
  case PTX_MOD_B32: return PTX_MOD_B64;
  default: return PTX_MOD_NONE;
  }
}

/* May a register of type `have` stand where the instruction wants `want`? §6.4.1: equal
 * types fit; a bit-size type fits any type of its size; integer types of one size fit each
 * other. §6.4.2 (ld, st, cvt only): a register wider than the instruction type fits when it
 * is a bit-size or integer register (floats only through a bit-size register). Types this
 * function does not know fit, so an unusual form is never rejected. */
static bool type_fits(PtxType have, PtxType want, bool relaxed) {
  if (have == want || have == PTX_MOD_NONE || want == PTX_MOD_NONE) return true;
  /* ptxas reads a .f16x2/.bf16x2 register as untyped 32 bits wherever no float is wanted
   * (mov.u32 %r, %hh; even and.pred %p, %hh, %p). */
  if ((have == PTX_MOD_F16X2 || have == PTX_MOD_BF16X2) && !ptx_type_is_float(want))
    return want == PTX_MOD_PRED || ptx_type_bits(want) <= 32 || relaxed;
  if (have == PTX_MOD_PRED || want == PTX_MOD_PRED) return false;
  unsigned hb = ptx_type_bits(have), wb = ptx_type_bits(want);
  if (!hb || !wb) return true;
  bool hbit = type_is_bit(have), wbit = type_is_bit(want);
  bool hus = type_is_us(have), wus = type_is_us(want);
  bool hf = ptx_type_is_float(have), wf = ptx_type_is_float(want);
  if (hb == wb) {
    if (hbit || wbit) return true;
    if (hus && wus) return true;
    if ((hus && wf) || (hf && wus)) return false;
    if (hf && wf) return false; /* .f32 is not .f16x2, .f16 is not .bf16 */
    return true;
  }
  if (!relaxed || hb < wb) return false;
  if (wbit) return true;
  if (wus) return hus || hbit;
  if (wf) return hbit;
  return true;
}

/* ---- Names for messages ---- */

/* "add.u32", "cvt.s32.f32": the opcode and its type suffixes. */
static const char *instr_name(const PtxInstr *ins, char *buf, size_t size) {
  size_t n = (size_t)snprintf(buf, size, "%s", ptx_opcode_name(ins->op));
  for (unsigned i = 0; i < ins->ntypes && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%s", ptx_mod_text(ins->types[i]));
  return buf;
}

/* The operand as written in the source (from its location), or a description. */
static const char *operand_text(const Verifier *v, const PtxOperand *o, char *buf,
                                size_t size) {
  if (o->kind == PTX_OPND_REG && o->reg) {
    static const char comp[] = "xyzw";
    if (o->component >= 0 && o->component < 4)
      snprintf(buf, size, "%s.%c", o->reg->name, comp[o->component]);
    else
      snprintf(buf, size, "%s", o->reg->name);
    return buf;
  }
  if (o->kind == PTX_OPND_SREG) {
    static const char comp[] = "xyzw";
    if (o->component >= 0 && o->component < 4)
      snprintf(buf, size, "%s.%c", ptx_sreg_name(o->sreg), comp[o->component]);
    else
      snprintf(buf, size, "%s", ptx_sreg_name(o->sreg));
    return buf;
  }
  const char *s = v->m->src;
  if (s && o->loc.line && o->loc.col) {
    size_t i = 0;
    for (uint32_t l = 1; l < o->loc.line && i < v->m->src_len; i++)
      if (s[i] == '\n') l++;
    i += o->loc.col - 1;
    size_t len = o->loc.len ? o->loc.len : 1;
    if (i < v->m->src_len) {
      if (i + len > v->m->src_len) len = v->m->src_len - i;
      if (len >= size) len = size - 1;
      memcpy(buf, s + i, len);
      buf[len] = 0;
      return buf;
    }
  }
  snprintf(buf, size, "?");
  return buf;
}

/* Where suffix `text` (".ftz") sits in the instruction's opcode token, so a diagnostic about a
 * modifier points at it; the whole opcode when it cannot be found. */
static SrcLoc mod_loc(const Verifier *v, const PtxInstr *ins, const char *text) {
  SrcLoc loc = ins->loc;
  const char *s = v->m->src;
  if (!s || !loc.line || !loc.col || !loc.len) return loc;
  size_t i = 0;
  for (uint32_t l = 1; l < loc.line && i < v->m->src_len; i++)
    if (s[i] == '\n') l++;
  i += loc.col - 1;
  size_t n = strlen(text), end = i + loc.len;
  if (end > v->m->src_len) return loc;
  for (size_t j = i; j + n <= end; j++) {
    char after = j + n < v->m->src_len ? s[j + n] : ' ';
    if (memcmp(s + j, text, n) == 0 && !(isalnum((unsigned char)after) || after == '_' ||
                                         after == ':')) {
      loc.col += (uint32_t)(j - i);
      loc.len = (uint32_t)n;
      return loc;
    }
  }
  return loc;
}

/* ---- Operand kinds (ops.def shape letters) ---- */

static const char *kind_words(PtxOperandKind k) {
  switch (k) {
  case PTX_OPND_REG: return "a register";
  case PTX_OPND_SREG: return "a special register";
  case PTX_OPND_IMM_INT:
  case PTX_OPND_IMM_F32:
  case PTX_OPND_IMM_F64: return "an immediate";
  case PTX_OPND_VAR: return "a variable";
  case PTX_OPND_FUNC: return "a function";
  case PTX_OPND_LABEL: return "a label";
  case PTX_OPND_ADDR: return "an address";
  case PTX_OPND_VEC: return "a vector";
  case PTX_OPND_LIST: return "a list";
  case PTX_OPND_SINK: return "'_'";
  case PTX_OPND_PAIR: return "a pair";
  case PTX_OPND_TEX: return "a texture operand";
  }
  return "an operand";
}

static bool is_imm(const PtxOperand *o) {
  return o->kind == PTX_OPND_IMM_INT || o->kind == PTX_OPND_IMM_F32 ||
         o->kind == PTX_OPND_IMM_F64;
}

/* Checks operand `o` against shape letter `c`; returns false when it has the wrong kind (and
 * then its type is not checked). */
static bool check_kind(Verifier *v, const PtxInstr *ins, const PtxOperand *o, char c) {
  const char *op = ptx_opcode_name(ins->op);
  if (o->kind == PTX_OPND_REG && o->neg && o->reg) {
    if (c == 'd' || c == 'q') {
      verify_error(v, o->loc, "'!' cannot negate a destination");
      return false;
    }
    if (o->reg->type != PTX_MOD_PRED) {
      verify_error(v, o->loc, "'!' negates predicates only; '%s' is %s", o->reg->name,
                   ptx_mod_text(o->reg->type));
      return false;
    }
  }
  switch (c) {
  case 'd':
  case 'q':
    switch (o->kind) {
    case PTX_OPND_REG:
    case PTX_OPND_SINK:
    case PTX_OPND_PAIR: return true;
    case PTX_OPND_VEC:
      for (uint32_t i = 0; i < o->list.count; i++) {
        const PtxOperand *e = &o->list.elems[i];
        if (e->kind != PTX_OPND_REG && e->kind != PTX_OPND_SINK) {
          verify_error(v, e->loc, "destination must be a register, not %s", kind_words(e->kind));
          return false;
        }
      }
      return true;
    default:
      verify_error(v, o->loc, "destination must be a register, not %s", kind_words(o->kind));
      return false;
    }
  case 'a':
    switch (o->kind) {
    case PTX_OPND_ADDR:
      verify_error(v, o->loc, "address operand not allowed here: '%s' wants a register or "
                   "an immediate", op);
      return false;
    case PTX_OPND_LABEL:
    case PTX_OPND_LIST:
    case PTX_OPND_TEX:
      verify_error(v, o->loc, "'%s' wants a register or an immediate here, not %s", op,
                   kind_words(o->kind));
      return false;
    case PTX_OPND_SINK:
      verify_error(v, o->loc, "'_' can only stand for a destination");
      return false;
    case PTX_OPND_VAR:
      /* A variable's address is taken by mov, cvta (to generic) and mapa; everything else
       * computes on registers (ptxas: "must be register"). */
      if (ins->op == PTX_OP_MOV || ins->op == PTX_OP_MAPA ||
          (ins->op == PTX_OP_CVTA && !ptx_instr_has_mod(ins, PTX_MOD_TO)))
        return true;
      verify_error(v, o->loc, "'%s' is a variable; '%s' wants a register: take its address "
                   "with mov first", o->var ? o->var->name : "?", op);
      return false;
    default: return true;
    }
  case 'p':
    if (o->kind == PTX_OPND_REG || is_imm(o)) return true;
    verify_error(v, o->loc, "'%s' wants a predicate here, not %s", op, kind_words(o->kind));
    return false;
  case 'i':
    if (is_imm(o)) return true;
    verify_error(v, o->loc, "'%s' wants an immediate here, not %s", op, kind_words(o->kind));
    return false;
  case 'm':
    if (o->kind == PTX_OPND_ADDR) return true;
    verify_error(v, o->loc, "expected an address [...] for '%s', not %s", op,
                 kind_words(o->kind));
    return false;
  case 'l':
    if (o->kind == PTX_OPND_LABEL) return true;
    verify_error(v, o->loc, "'%s' wants a label, not %s", op, kind_words(o->kind));
    return false;
  default: return true; /* t s L f: texture operands, symbols, tables, call targets */
  }
}

/* Checks the operand count and each operand's kind against ops.def's shape. Returns false
 * when the count is wrong (then nothing else about the operands is meaningful). */
static bool check_shape(Verifier *v, const PtxInstr *ins, const PtxOpInfo *info, bool *kinds_ok) {
  const char *shape = info->shape ? info->shape : "*";
  *kinds_ok = true;
  if (strchr(shape, '*')) return true;
  unsigned required = 0, optional = 0;
  bool opt = false;
  for (const char *p = shape; *p; p++) {
    if (*p == '?') opt = true;
    else if (opt) optional++;
    else required++;
  }
  /* txq.level adds the level of detail (ops.def's "dt" has no room for it). */
  if (ins->op == PTX_OP_TXQ && ptx_instr_has_mod(ins, PTX_MOD_LEVEL)) optional++;
  if (ins->noperands < required || ins->noperands > required + optional) {
    if (optional)
      verify_error(v, ins->loc, "'%s' takes %u to %u operands, got %u",
                   ptx_opcode_name(ins->op), required, required + optional, ins->noperands);
    else
      verify_error(v, ins->loc, "'%s' takes %u operand%s, got %u", ptx_opcode_name(ins->op),
                   required, required == 1 ? "" : "s", ins->noperands);
    return false;
  }
  /* atom's shape covers both forms: cas takes compare and swap values, the rest one value;
   * an .L2::cache_hint form adds the policy. */
  if (ins->op == PTX_OP_ATOM) {
    unsigned want = (ptx_instr_has_mod(ins, PTX_MOD_CAS) ? 4 : 3) +
                    (ptx_instr_has_mod(ins, PTX_MOD_L2_CACHE_HINT) ? 1 : 0);
    if (ins->noperands != want) {
      verify_error(v, ins->loc, "'atom%s' takes %u operands, got %u",
                   ptx_instr_has_mod(ins, PTX_MOD_CAS) ? ".cas" : "", want, ins->noperands);
      return false;
    }
  }
  unsigned k = 0;
  for (const char *p = shape; *p && k < ins->noperands; p++) {
    if (*p == '?') continue;
    if (!check_kind(v, ins, &ins->operands[k], *p)) *kinds_ok = false;
    k++;
  }
  return true;
}

/* ---- Operand types ---- */

static void type_mismatch(Verifier *v, const PtxOperand *o, PtxType have, PtxType want) {
  char buf[128];
  verify_error(v, o->loc, "operand '%s' is %s, instruction wants %s",
               operand_text(v, o, buf, sizeof buf), ptx_mod_text(have), ptx_mod_text(want));
}

static void check_type(Verifier *v, const PtxOperand *o, PtxType want, bool relaxed) {
  if (want == PTX_MOD_NONE) return;
  switch (o->kind) {
  case PTX_OPND_REG: {
    const PtxReg *r = o->reg;
    if (!r || (r->vec && o->component < 0)) return; /* a whole vector register */
    if (!type_fits(r->type, want, relaxed)) type_mismatch(v, o, r->type, want);
    return;
  }
  case PTX_OPND_VEC:
    /* ptxas checks the elements of an ld/st vector by size only ({%r1, %f1} of ld.v2.u32). */
    for (uint32_t i = 0; i < o->list.count; i++) {
      const PtxOperand *e = &o->list.elems[i];
      if (relaxed && e->kind == PTX_OPND_REG && e->reg && !(e->reg->vec && e->component < 0) &&
          (e->reg->type == PTX_MOD_PRED || ptx_type_bits(e->reg->type) >= ptx_type_bits(want)))
        continue;
      check_type(v, e, want, relaxed);
    }
    return;
  case PTX_OPND_PAIR:
    if (o->list.count >= 1) check_type(v, &o->list.elems[0], want, relaxed);
    if (o->list.count >= 2) check_type(v, &o->list.elems[1], PTX_MOD_PRED, false);
    return;
  case PTX_OPND_IMM_INT:
  case PTX_OPND_IMM_F32:
  case PTX_OPND_IMM_F64: {
    /* ptxas takes no integer literal where .f32/.f64 is wanted, and no float literal where
     * an integer is (bit types take either: mov.b32 %r, 0f3F800000). */
    bool int_lit = o->kind == PTX_OPND_IMM_INT;
    if ((int_lit && (want == PTX_MOD_F32 || want == PTX_MOD_F64)) ||
        (!int_lit && type_is_us(want))) {
      char buf[128];
      verify_error(v, o->loc, "%s literal '%s' where %s wants %s", int_lit ? "integer" : "floating-point",
                   operand_text(v, o, buf, sizeof buf), ptx_mod_text(want),
                   int_lit ? "a floating-point one (0f... or 0d...)" : "an integer");
    }
    return;
  }
  default: return; /* symbols, special registers: no register type to compare */
  }
}

/* mov's vector forms pack or split: {a, b} of a .b64 mov is two 32-bit parts. */
static void check_mov_parts(Verifier *v, const PtxOperand *o, PtxType t) {
  unsigned bits = ptx_type_bits(t);
  if (!bits || !o->list.count || bits % o->list.count) return;
  unsigned part = bits / o->list.count;
  for (uint32_t i = 0; i < o->list.count; i++) {
    const PtxOperand *e = &o->list.elems[i];
    if (e->kind != PTX_OPND_REG || !e->reg || (e->reg->vec && e->component < 0)) continue;
    /* ptxas takes a predicate as a part too (mov.b64 %rd, {%p, %r}); we do not argue */
    if (e->reg->type != PTX_MOD_PRED && ptx_type_bits(e->reg->type) != part) {
      char buf[128];
      verify_error(v, e->loc, "operand '%s' is %s, instruction wants a %u-bit part of %s",
                   operand_text(v, e, buf, sizeof buf), ptx_mod_text(e->reg->type), part,
                   ptx_mod_text(t));
    }
  }
}

static PtxType role_type(const PtxInstr *ins, char role) {
  PtxType t0 = ins->ntypes > 0 ? ins->types[0] : PTX_MOD_NONE;
  PtxType t1 = ins->ntypes > 1 ? ins->types[1] : t0;
  switch (role) {
  case 't': return t0;
  case 'T': return t1;
  case 'w': return ptx_instr_has_mod(ins, PTX_MOD_WIDE) ? type_widened(t0) : t0;
  case 'u': return PTX_MOD_U32;
  case 'p': return PTX_MOD_PRED;
  default: return PTX_MOD_NONE;
  }
}

static bool cvt_is_exotic(PtxType t) {
  return t != PTX_MOD_NONE && !type_is_plain_float(t) && !type_is_bit(t) && !type_is_us(t);
}

static void check_types(Verifier *v, const PtxInstr *ins) {
  const char *roles = rules[ins->op].roles;
  if (!roles || !*roles) return;
  bool relaxed = false;
  switch (ins->op) {
  case PTX_OP_LD:
  case PTX_OP_LDU:
  case PTX_OP_ST: relaxed = true; break;
  case PTX_OP_CVT:
    if (ins->ntypes != 2 || cvt_is_exotic(ins->types[0]) || cvt_is_exotic(ins->types[1]) ||
        ins->noperands != 2)
      return;
    relaxed = true;
    break;
  case PTX_OP_ATOM:
    /* a trailing cache-policy operand is a .b64, whatever the instruction type */
    roles = ptx_instr_has_mod(ins, PTX_MOD_CAS) ? "t-tt" : "t-t";
    if (ptx_instr_vec(ins) > 1) return;
    break;
  case PTX_OP_MOV:
    if (ptx_instr_vec(ins) > 1) return;
    /* an address is an integer: mov.u64 %rd, sym, never mov.f32 */
    if (ins->noperands == 2 && ins->ntypes &&
        (ins->operands[1].kind == PTX_OPND_VAR || ins->operands[1].kind == PTX_OPND_FUNC) &&
        (ptx_type_is_float(ins->types[0]) || ins->types[0] == PTX_MOD_PRED)) {
      verify_error(v, ins->operands[1].loc, "the address of '%s' is an integer; mov%s cannot "
                   "take it", ins->operands[1].kind == PTX_OPND_VAR
                       ? (ins->operands[1].var ? ins->operands[1].var->name : "?")
                       : (ins->operands[1].func ? ins->operands[1].func->name : "?"),
                   ptx_mod_text(ins->types[0]));
      return;
    }
    for (uint32_t k = 0; k < ins->noperands && k < 2; k++) {
      if (ins->operands[k].kind == PTX_OPND_VEC) {
        check_mov_parts(v, &ins->operands[k], ins->types[0]);
        return;
      }
    }
    break;
  default: break;
  }
  size_t nroles = strlen(roles);
  for (uint32_t k = 0; k < ins->noperands && k < nroles; k++)
    check_type(v, &ins->operands[k], role_type(ins, roles[k]), relaxed);
}

/* ld/st/ldu: the data operand of a .vN access is a vector of N. */
static void check_vector_operand(Verifier *v, const PtxInstr *ins) {
  unsigned k;
  if (ins->op == PTX_OP_LD || ins->op == PTX_OP_LDU) k = 0;
  else if (ins->op == PTX_OP_ST) k = 1;
  else return;
  if (k >= ins->noperands) return;
  const PtxOperand *o = &ins->operands[k];
  unsigned vec = ptx_instr_vec(ins);
  if (o->kind == PTX_OPND_VEC) {
    if (vec <= 1)
      verify_error(v, o->loc, "vector operand needs a .v2, .v4 or .v8 suffix on '%s'",
                   ptx_opcode_name(ins->op));
    else if (o->list.count != vec)
      verify_error(v, o->loc, "vector operand has %u elements, .v%u wants %u", o->list.count,
                   vec, vec);
  } else if (vec > 1 && o->kind == PTX_OPND_REG && o->reg && o->reg->vec != vec) {
    verify_error(v, o->loc, ".v%u wants a vector operand {...} of %u registers", vec, vec);
  }
}

/* ---- Modifiers ---- */

static bool has_round(const PtxInstr *ins, bool integer_rounding) {
  for (uint32_t i = 0; i < ins->nmods; i++) {
    PtxMod m = ins->mods[i];
    bool irnd = m == PTX_MOD_RNI || m == PTX_MOD_RZI || m == PTX_MOD_RMI || m == PTX_MOD_RPI;
    if (ptx_mod_category(m) == PTX_MODCAT_ROUND && irnd == integer_rounding) return true;
  }
  return false;
}

static void mod_not_allowed(Verifier *v, const PtxInstr *ins, PtxMod mod);

static void check_cvt_rounding(Verifier *v, const PtxInstr *ins) {
  if (ins->ntypes != 2) return;
  PtxType d = ins->types[0], s = ins->types[1];
  bool df = type_is_plain_float(d), sf = type_is_plain_float(s);
  bool di = type_is_us(d) || type_is_bit(d), si = type_is_us(s) || type_is_bit(s);
  char name[64];
  instr_name(ins, name, sizeof name);
  PtxMod rnd = ptx_instr_mod_of(ins, PTX_MODCAT_ROUND);
  bool irnd = rnd == PTX_MOD_RNI || rnd == PTX_MOD_RZI || rnd == PTX_MOD_RMI || rnd == PTX_MOD_RPI;
  /* No rounding where nothing is rounded: integer to integer, float widening; a float of
   * one size rounds to an integral value only (cvt.rni.f32.f32). */
  if (rnd != PTX_MOD_NONE &&
      ((si && di) || (sf && df && ptx_type_bits(d) > ptx_type_bits(s)) ||
       (sf && df && d == s && !irnd) || (sf && df && ptx_type_bits(d) < ptx_type_bits(s) && irnd))) {
    verify_error(v, mod_loc(v, ins, ptx_mod_text(rnd)), "rounding modifier '%s' is not allowed "
                 "on %s", ptx_mod_text(rnd), name);
    return;
  }
  /* .ftz flushes .f32 subnormals, so one side must be .f32. */
  if (ptx_instr_has_mod(ins, PTX_MOD_FTZ) && d != PTX_MOD_F32 && s != PTX_MOD_F32 && d != PTX_MOD_NONE &&
      s != PTX_MOD_NONE)
    mod_not_allowed(v, ins, PTX_MOD_FTZ);
  if (sf && di) {
    if (!has_round(ins, true))
      verify_error(v, ins->loc,
                   "%s requires an integer rounding modifier (.rni, .rzi, .rmi, .rpi)", name);
  } else if (si && df) {
    if (!has_round(ins, false))
      verify_error(v, ins->loc, "%s requires a rounding modifier (.rn, .rz, .rm, .rp)", name);
  } else if (sf && df && ptx_type_bits(d) < ptx_type_bits(s)) {
    if (!has_round(ins, false) && !has_round(ins, true))
      verify_error(v, ins->loc, "%s requires a rounding modifier (.rn, .rz, .rm, .rp)", name);
  }
}

static void require(Verifier *v, const PtxInstr *ins, const char *what, unsigned sm,
                    unsigned ptx);

static void mod_not_allowed(Verifier *v, const PtxInstr *ins, PtxMod mod) {
  char name[64];
  verify_error(v, mod_loc(v, ins, ptx_mod_text(mod)), "'%s' is not allowed on %s",
               ptx_mod_text(mod), instr_name(ins, name, sizeof name));
}

static void check_modifiers(Verifier *v, const PtxInstr *ins, const PtxOpInfo *info) {
  const char *op = ptx_opcode_name(ins->op);
  bool shape_free = info->shape && strchr(info->shape, '*');
  /* Categories and type classes ops.def allows. */
  for (uint32_t i = 0; i < ins->nmods; i++) {
    PtxMod m = ins->mods[i];
    PtxModCategory cat = ptx_mod_category(m);
    if (cat == PTX_MODCAT_TYPE) {
      uint32_t cls = ptx_type_class(m);
      if (!shape_free && cls && !(info->types & cls))
        verify_error(v, mod_loc(v, ins, ptx_mod_text(m)), "type %s is not allowed on %s",
                     ptx_mod_text(m), op);
    } else if (!(info->mods & (1u << cat))) {
      verify_error(v, mod_loc(v, ins, ptx_mod_text(m)), "'%s' is not allowed on %s",
                   ptx_mod_text(m), op);
    }
  }

  PtxType t = ins->ntypes ? ins->types[0] : PTX_MOD_NONE;
  bool t_int = type_is_us(t) || type_is_bit(t);
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
      if (m == PTX_MOD_FTZ || ptx_mod_category(m) == PTX_MODCAT_ROUND) mod_not_allowed(v, ins, m);
    }
  }
  /* .sat: integer add/sub saturate as .s32 only, mad only as mad.hi.sat.s32; no .f64 form. */
  if (ptx_instr_has_mod(ins, PTX_MOD_SAT)) {
    bool bad = false;
    if (ins->op == PTX_OP_ADD || ins->op == PTX_OP_SUB) bad = t_int ? t != PTX_MOD_S32 : t == PTX_MOD_F64;
    else if (ins->op == PTX_OP_MUL) bad = t_int || t == PTX_MOD_F64;
    else if (ins->op == PTX_OP_MAD)
      bad = t_int ? (t != PTX_MOD_S32 || !ptx_instr_has_mod(ins, PTX_MOD_HI)) : t == PTX_MOD_F64;
    else if (ins->op == PTX_OP_FMA) bad = t == PTX_MOD_F64;
    if (bad) mod_not_allowed(v, ins, PTX_MOD_SAT);
  }
  /* .wide doubles 16- and 32-bit integers. */
  if ((ins->op == PTX_OP_MUL || ins->op == PTX_OP_MAD) && ptx_instr_has_mod(ins, PTX_MOD_WIDE) &&
      type_widened(t) == PTX_MOD_NONE)
    mod_not_allowed(v, ins, PTX_MOD_WIDE);
  /* .hi/.lo select half of an integer product. */
  if ((ins->op == PTX_OP_MUL || ins->op == PTX_OP_MAD) && ptx_type_is_float(t)) {
    if (ptx_instr_has_mod(ins, PTX_MOD_HI)) mod_not_allowed(v, ins, PTX_MOD_HI);
    if (ptx_instr_has_mod(ins, PTX_MOD_LO)) mod_not_allowed(v, ins, PTX_MOD_LO);
  }

  /* Rounding the ISA requires (PTX ISA 1.4 on made it mandatory; 2.0 to stay safe). */
  unsigned version = v->m->version_major * 10 + v->m->version_minor;
  if (version >= 20 && (t == PTX_MOD_F32 || t == PTX_MOD_F64)) {
    bool approx = ptx_instr_has_mod(ins, PTX_MOD_APPROX);
    bool rnd = has_round(ins, false);
    const char *ts = ptx_mod_text(t);
    switch (ins->op) {
    case PTX_OP_DIV:
      if (t == PTX_MOD_F32 && !approx && !rnd && !ptx_instr_has_mod(ins, PTX_MOD_FULL))
        verify_error(v, ins->loc, "div.f32 requires .approx, .full or a rounding modifier "
                     "(.rn, .rz, .rm, .rp)");
      if (t == PTX_MOD_F64 && !rnd)
        verify_error(v, ins->loc, "div.f64 requires a rounding modifier (.rn, .rz, .rm, .rp)");
      break;
    case PTX_OP_SQRT:
    case PTX_OP_RCP:
      if (!rnd && !approx)
        verify_error(v, ins->loc, "%s%s requires %sa rounding modifier (.rn, .rz, .rm, .rp)",
                     op, ts, t == PTX_MOD_F32 || ins->op == PTX_OP_RCP ? ".approx or " : "");
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
      if (type_is_bit(ins->types[i])) {
        verify_error(v, mod_loc(v, ins, ptx_mod_text(ins->types[i])),
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
    bool unsigned_only = cmp == PTX_MOD_LO || cmp == PTX_MOD_LS || cmp == PTX_MOD_HI ||
                         cmp == PTX_MOD_HS;
    bool float_only = cmp == PTX_MOD_EQU || cmp == PTX_MOD_NEU || cmp == PTX_MOD_LTU ||
                      cmp == PTX_MOD_LEU || cmp == PTX_MOD_GTU || cmp == PTX_MOD_GEU ||
                      cmp == PTX_MOD_NUM || cmp == PTX_MOD_NAN;
    bool bad = false;
    if (type_is_bit(ct)) bad = cmp != PTX_MOD_EQ && cmp != PTX_MOD_NE && cmp != PTX_MOD_NONE;
    else if (ptx_type_class(ct) & PTX_TC_S) bad = unsigned_only || float_only;
    else if (ptx_type_class(ct) & PTX_TC_U) bad = float_only;
    else if (ptx_type_is_float(ct)) bad = unsigned_only;
    if (bad)
      verify_error(v, mod_loc(v, ins, ptx_mod_text(cmp)), "comparison '%s' does not apply to %s",
                   ptx_mod_text(cmp), ptx_mod_text(ct));
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
    case PTX_OP_SQRT: mod_not_allowed(v, ins, PTX_MOD_FTZ); break;
    default: break;
    }
  }
  /* Integer mul/mad name the half they keep. */
  if ((ins->op == PTX_OP_MUL || ins->op == PTX_OP_MAD) && type_is_us(t) &&
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
    case PTX_OP_ADD: case PTX_OP_SUB: case PTX_OP_ADDC: case PTX_OP_SUBC: case PTX_OP_MUL:
    case PTX_OP_MAD: case PTX_OP_MADC: case PTX_OP_MUL24: case PTX_OP_MAD24: case PTX_OP_SAD:
    case PTX_OP_DIV: case PTX_OP_REM: case PTX_OP_ABS: case PTX_OP_NEG: case PTX_OP_MIN:
    case PTX_OP_MAX: case PTX_OP_POPC: case PTX_OP_CLZ: case PTX_OP_BFIND: case PTX_OP_BREV:
    case PTX_OP_BFE: case PTX_OP_BFI: case PTX_OP_FNS: case PTX_OP_BMSK: case PTX_OP_SZEXT:
    case PTX_OP_TESTP: case PTX_OP_COPYSIGN: case PTX_OP_FMA: case PTX_OP_RCP: case PTX_OP_SQRT:
    case PTX_OP_RSQRT: case PTX_OP_SIN: case PTX_OP_COS: case PTX_OP_LG2: case PTX_OP_EX2:
    case PTX_OP_TANH: case PTX_OP_SETP: case PTX_OP_SELP: case PTX_OP_AND: case PTX_OP_OR:
    case PTX_OP_XOR: case PTX_OP_NOT: case PTX_OP_CNOT: case PTX_OP_LOP3: case PTX_OP_SHF:
    case PTX_OP_SHL: case PTX_OP_SHR: case PTX_OP_MOV: case PTX_OP_SHFL: case PTX_OP_PRMT:
    case PTX_OP_LD: case PTX_OP_LDU: case PTX_OP_ST: case PTX_OP_CVTA: case PTX_OP_ATOM:
    case PTX_OP_RED: case PTX_OP_VOTE: case PTX_OP_MATCH: case PTX_OP_ACTIVEMASK:
    case PTX_OP_REDUX: case PTX_OP_NANOSLEEP: want_types = 1; break;
    default: break;
    }
    if (want_types && ins->ntypes == 0) {
      verify_error(v, ins->loc, "'%s' needs %s (.u32, .f32, ...)", op,
                   want_types == 1 ? "a type suffix" : "a destination and a source type");
    } else if (want_types && ins->ntypes != want_types) {
      char name[64];
      verify_error(v, ins->loc, "%s takes %s type suffix%s, not %u", instr_name(ins, name, sizeof name),
                   want_types == 1 ? "one" : "two", want_types == 1 ? "" : "es", ins->ntypes);
    }
  }
  /* setp and set compare; a fourth operand joins the result with .and, .or or .xor. */
  if (ins->op == PTX_OP_SETP || ins->op == PTX_OP_SET) {
    if (ptx_instr_mod_of(ins, PTX_MODCAT_CMP) == PTX_MOD_NONE)
      verify_error(v, ins->loc, "'%s' needs a comparison (.eq, .ne, .lt, .le, .gt, .ge, ...)", op);
    if (ins->noperands == 4 && ptx_instr_mod_of(ins, PTX_MODCAT_BOOL) == PTX_MOD_NONE)
      verify_error(v, ins->operands[3].loc, "'%s' with a predicate operand needs .and, .or or "
                   ".xor to combine it", op);
  }
  /* cvta converts between generic and one named state space. */
  if (ins->op == PTX_OP_CVTA && ptx_instr_space(ins) == PTX_SPACE_GENERIC)
    verify_error(v, ins->loc, "'cvta' needs a state space (.global, .shared, .local, .const, "
                 ".param)");
  /* bar.red.popc counts into .u32; bar.red.and/.or reduce predicates. */
  if ((ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER) && ptx_instr_has_mod(ins, PTX_MOD_RED) &&
      t != PTX_MOD_NONE) {
    bool popc = ptx_instr_has_mod(ins, PTX_MOD_POPC);
    bool logic = ptx_instr_has_mod(ins, PTX_MOD_AND) || ptx_instr_has_mod(ins, PTX_MOD_OR);
    if ((popc && t != PTX_MOD_U32) || (logic && t != PTX_MOD_PRED))
      verify_error(v, mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s.red.%s; "
                   "it takes %s", ptx_mod_text(t), op, popc ? "popc" : "and/or",
                   popc ? ".u32" : ".pred");
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
    if (type_is_bit(t))
      verify_error(v, mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s; use .u%u "
                   "or .s%u", ptx_mod_text(t), op, ptx_type_bits(t), ptx_type_bits(t));
    break;
  default: break;
  }
  /* Half-precision values move as bits: ld.b16, mov.b32, selp.b16. */
  if ((ins->op == PTX_OP_LD || ins->op == PTX_OP_ST || ins->op == PTX_OP_LDU ||
       ins->op == PTX_OP_SELP || ins->op == PTX_OP_MOV) &&
      (t == PTX_MOD_F16 || t == PTX_MOD_F16X2 || t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2))
    verify_error(v, mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s; use .b%u",
                 ptx_mod_text(t), op, ptx_type_bits(t));
  if ((ins->op == PTX_OP_MIN || ins->op == PTX_OP_MAX) && type_is_bit(t))
    verify_error(v, mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s",
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
      !has_round(ins, false))
    verify_error(v, ins->loc, "mad.f32 requires a rounding modifier (.rn, .rz, .rm, .rp)");

  /* Vector accesses move at most 256 bits (.v4.b64 and .v8.b32 only on sm_100's .global). */
  if (ins->op == PTX_OP_LD || ins->op == PTX_OP_ST || ins->op == PTX_OP_LDU) {
    unsigned vec = ptx_instr_vec(ins), bits = ptx_type_bits(t);
    if (vec > 1 && vec * bits > 256) {
      verify_error(v, ins->loc, "%s.v%u%s is %u bits; a vector access moves at most 256", op,
                   vec, ptx_mod_text(t), vec * bits);
    } else if (vec > 1 && vec * bits == 256) {
      char what[64];
      snprintf(what, sizeof what, "a 256-bit %s (%s.v%u%s)", op, op, vec, ptx_mod_text(t));
      require(v, ins, what, 100, 88);
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
      verify_error(v, mod_loc(v, ins, ptx_mod_text(t)), "type %s is not allowed on %s%s",
                   ptx_mod_text(t), op, ptx_mod_text(aop));
    if (ins->op == PTX_OP_RED && (aop == PTX_MOD_EXCH || aop == PTX_MOD_CAS))
      verify_error(v, mod_loc(v, ins, ptx_mod_text(aop)), "'%s' is not allowed on red; use atom",
                   ptx_mod_text(aop));
    if (half && !bad && !ptx_instr_has_mod(ins, PTX_MOD_NOFTZ))
      verify_error(v, ins->loc, "%s%s%s requires .noftz", op, ptx_mod_text(aop), ptx_mod_text(t));
  }
}

/* ---- Targets and PTX versions ---- */

static void require(Verifier *v, const PtxInstr *ins, const char *what, unsigned sm,
                    unsigned ptx) {
  const PtxModule *m = v->m;
  if (sm && m->sm && m->sm < sm)
    verify_error(v, ins->loc, "%s requires sm_%u or later; the module targets sm_%u", what, sm,
                 m->sm);
  unsigned have = m->version_major * 10 + m->version_minor;
  if (ptx && m->version_major && have < ptx)
    verify_error(v, ins->loc, "%s requires PTX ISA %u.%u or later; the module is .version %u.%u",
                 what, ptx / 10, ptx % 10, m->version_major, m->version_minor);
}

static void check_requirements(Verifier *v, const PtxInstr *ins) {
  const char *op = ptx_opcode_name(ins->op);
  bool sync = ptx_instr_has_mod(ins, PTX_MOD_SYNC);
  char what[64];
  snprintf(what, sizeof what, "%s%s", op,
           sync && (ins->op == PTX_OP_REDUX || ins->op == PTX_OP_MATCH) ? ".sync" : "");
  const Rule *r = &rules[ins->op];
  if (r->sm || r->ptx) require(v, ins, what, r->sm, r->ptx);

  PtxType t = ins->ntypes ? ins->types[0] : PTX_MOD_NONE;
  switch (ins->op) {
  case PTX_OP_SHFL:
  case PTX_OP_VOTE:
    if (sync) {
      snprintf(what, sizeof what, "%s.sync", op);
      require(v, ins, what, 0, 60);
    }
    break;
  case PTX_OP_ATOM:
  case PTX_OP_RED:
    if (ptx_instr_has_mod(ins, PTX_MOD_ADD) && t == PTX_MOD_F64) {
      snprintf(what, sizeof what, "%s.add.f64", op);
      require(v, ins, what, 60, 50);
    }
    break;
  case PTX_OP_ADD:
  case PTX_OP_SUB:
  case PTX_OP_MUL:
    if (t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2) {
      snprintf(what, sizeof what, "%s%s", op, ptx_mod_text(t));
      require(v, ins, what, 90, 78);
    }
    break;
  case PTX_OP_FMA:
  case PTX_OP_MIN:
  case PTX_OP_MAX:
  case PTX_OP_NEG:
  case PTX_OP_ABS:
    if (t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2) {
      snprintf(what, sizeof what, "%s%s", op, ptx_mod_text(t));
      require(v, ins, what, 80, 70);
    }
    break;
  case PTX_OP_CVT:
    if (t == PTX_MOD_BF16 || t == PTX_MOD_BF16X2) require(v, ins, "cvt to .bf16", 80, 70);
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
      snprintf(what, sizeof what, "'%s' on %s", ptx_mod_text(m), op);
      require(v, ins, what, sm, ptx);
    }
  }
  if ((ins->op == PTX_OP_FENCE || ins->op == PTX_OP_MEMBAR) &&
      ptx_instr_has_mod(ins, PTX_MOD_PROXY) && ptx_instr_has_mod(ins, PTX_MOD_ASYNC))
    require(v, ins, "fence.proxy.async", 90, 80);
  if (ins->op == PTX_OP_ATOM && ptx_instr_vec(ins) > 1) require(v, ins, "atom on vectors", 90, 81);
  /* mma shapes beyond Volta's and Turing's m8n8k4, m16n8k8, m8n8k16/32/128. */
  if (ins->op == PTX_OP_MMA) {
    PtxMod shape = ptx_instr_mod_of(ins, PTX_MODCAT_SHAPE);
    if (shape == PTX_MOD_M16N8K16 || shape == PTX_MOD_M16N8K32 || shape == PTX_MOD_M16N8K64 ||
        shape == PTX_MOD_M16N8K128 || shape == PTX_MOD_M16N8K256 || shape == PTX_MOD_M16N8K4) {
      snprintf(what, sizeof what, "mma%s", ptx_mod_text(shape));
      require(v, ins, what, 80, 70);
    }
  }
  /* shfl and vote without .sync do not exist for sm_70 on from PTX ISA 6.4. */
  if ((ins->op == PTX_OP_SHFL || ins->op == PTX_OP_VOTE) && !sync && v->m->sm >= 70 &&
      v->m->version_major * 10 + v->m->version_minor >= 64)
    verify_error(v, ins->loc, "'%s' without .sync is not supported for sm_70 and later from "
                 "PTX ISA 6.4 on; use %s.sync", op, op);
  /* Memory-model semantics (.relaxed/.acquire/.release) came with sm_70 and PTX ISA 6.0. */
  if (ins->op == PTX_OP_LD || ins->op == PTX_OP_ST || ins->op == PTX_OP_ATOM ||
      ins->op == PTX_OP_RED) {
    PtxMod sem = ptx_instr_mod_of(ins, PTX_MODCAT_SEM);
    if (sem == PTX_MOD_RELAXED || sem == PTX_MOD_ACQUIRE || sem == PTX_MOD_RELEASE ||
        sem == PTX_MOD_ACQ_REL) {
      snprintf(what, sizeof what, "%s%s", op, ptx_mod_text(sem));
      require(v, ins, what, 70, 60);
    }
  }
}

/* ---- Memory ---- */

static bool var_is_kernel_param(const PtxVar *var) {
  const PtxFunc *f = var->owner;
  if (!f || !f->is_entry || var->space != PTX_SPACE_PARAM) return false;
  for (uint32_t i = 0; i < f->nparams; i++)
    if (f->params[i] == var) return true;
  return false;
}

/* A variable named in an address lives in one state space; an instruction that names a
 * different one cannot reach it (generic addressing aside): ld.global [a .shared var]. */
static bool spaces_agree(PtxSpace ins_space, PtxSpace var_space) {
  if (ins_space == PTX_SPACE_GENERIC || ins_space == var_space) return true;
  if ((ins_space == PTX_SPACE_SHARED || ins_space == PTX_SPACE_SHARED_CLUSTER) &&
      (var_space == PTX_SPACE_SHARED || var_space == PTX_SPACE_SHARED_CLUSTER))
    return true;
  /* only spaces we are sure of; texture, surface and unknown ones pass */
  switch (var_space) {
  case PTX_SPACE_CONST:
  case PTX_SPACE_GLOBAL:
  case PTX_SPACE_LOCAL:
  case PTX_SPACE_PARAM:
  case PTX_SPACE_SHARED:
  case PTX_SPACE_SHARED_CLUSTER: break;
  default: return true;
  }
  switch (ins_space) {
  case PTX_SPACE_CONST:
  case PTX_SPACE_GLOBAL:
  case PTX_SPACE_LOCAL:
  case PTX_SPACE_PARAM:
  case PTX_SPACE_SHARED:
  case PTX_SPACE_SHARED_CLUSTER: return false;
  default: return true;
  }
}

/* Under .address_size 64, a .global or generic address held in a 32-bit register would be
 * the 32-bit ABI, which ptxas no longer supports ("32-Bit ABI ... is not supported");
 * .shared, .local, .const and .param windows are small enough for 32-bit offsets. */
static void check_address_width(Verifier *v, const PtxInstr *ins) {
  if (v->m->address_size != 64 || !v->address_size_given) return;
  switch (ins->op) {
  case PTX_OP_LD:
  case PTX_OP_LDU:
  case PTX_OP_ST:
  case PTX_OP_ATOM:
  case PTX_OP_RED:
  case PTX_OP_PREFETCH:
  case PTX_OP_PREFETCHU: break;
  default: return;
  }
  PtxSpace space = ptx_instr_space(ins);
  if (space != PTX_SPACE_GLOBAL && space != PTX_SPACE_GENERIC) return;
  for (uint32_t k = 0; k < ins->noperands; k++) {
    const PtxOperand *o = &ins->operands[k];
    if (o->kind != PTX_OPND_ADDR || !o->addr.base || o->addr.base->kind != PTX_OPND_REG) continue;
    const PtxReg *r = o->addr.base->reg;
    if (r && ptx_type_bits(r->type) == 32)
      verify_error(v, o->addr.base->loc, "'%s' is %s, but %s addresses are 64 bits under "
                   ".address_size 64", r->name, ptx_mod_text(r->type),
                   space == PTX_SPACE_GLOBAL ? ".global" : "generic");
  }
}

static void check_spaces(Verifier *v, const PtxInstr *ins) {
  switch (ins->op) {
  case PTX_OP_LD:
  case PTX_OP_LDU:
  case PTX_OP_ST:
  case PTX_OP_ATOM:
  case PTX_OP_RED:
  case PTX_OP_CVTA: break;
  default: return;
  }
  PtxSpace space = ptx_instr_space(ins);
  if (space == PTX_SPACE_GENERIC) {
    /* a .param symbol has no generic address of its own: ld.param reads it */
    if (ins->op == PTX_OP_CVTA) return;
    for (uint32_t k = 0; k < ins->noperands; k++) {
      const PtxOperand *o = &ins->operands[k];
      if (o->kind == PTX_OPND_ADDR && o->addr.base && o->addr.base->kind == PTX_OPND_VAR &&
          o->addr.base->var && o->addr.base->var->space == PTX_SPACE_PARAM)
        verify_error(v, o->loc, "'%s' is in .param space; a generic '%s' cannot address it: "
                     "use %s.param", o->addr.base->var->name, ptx_opcode_name(ins->op),
                     ptx_opcode_name(ins->op));
    }
    return;
  }
  for (uint32_t k = 0; k < ins->noperands; k++) {
    const PtxOperand *o = &ins->operands[k];
    const PtxVar *var = NULL;
    if (o->kind == PTX_OPND_ADDR && o->addr.base && o->addr.base->kind == PTX_OPND_VAR)
      var = o->addr.base->var;
    else if (ins->op == PTX_OP_CVTA && o->kind == PTX_OPND_VAR)
      var = o->var;
    if (var && !spaces_agree(space, var->space))
      verify_error(v, o->loc, "'%s' is in %s space, but '%s' addresses %s", var->name,
                   ptx_space_name(var->space), ptx_opcode_name(ins->op), ptx_space_name(space));
  }
}

static void check_stores(Verifier *v, const PtxInstr *ins) {
  int addr;
  switch (ins->op) {
  case PTX_OP_ST:
  case PTX_OP_RED: addr = 0; break;
  case PTX_OP_ATOM: addr = 1; break;
  default: return;
  }
  if ((uint32_t)addr >= ins->noperands) return;
  const PtxOperand *a = &ins->operands[addr];
  if (ins->op != PTX_OP_ST && a->kind != PTX_OPND_ADDR) return;
  PtxSpace space = ptx_instr_space(ins);
  const PtxVar *base = a->kind == PTX_OPND_ADDR && a->addr.base &&
                               a->addr.base->kind == PTX_OPND_VAR
                           ? a->addr.base->var
                           : NULL;
  if (space == PTX_SPACE_CONST || (base && base->space == PTX_SPACE_CONST)) {
    verify_error(v, a->loc, "cannot store to .const memory: it is read-only");
  } else if (base && var_is_kernel_param(base)) {
    verify_error(v, a->loc, "cannot store to kernel parameter '%s': the .param space of an "
                 ".entry is read-only", base->name);
  }
}

/* ---- Immediate operands with a fixed range ---- */

static void check_immediates(Verifier *v, const PtxInstr *ins) {
  if (ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER) {
    /* bar{.cta}.sync/.arrive a{, b}; bar.red.op d, a{, b}, {!}c. 16 barriers per CTA; a
     * thread count is a multiple of the warp size (PTX ISA 9.7.13.1). */
    bool red = ptx_instr_has_mod(ins, PTX_MOD_RED);
    uint32_t a = red ? 1 : 0;
    uint32_t b = (red ? ins->noperands == 4 : ins->noperands == 2) ? a + 1 : UINT32_MAX;
    if (a < ins->noperands && ins->operands[a].kind == PTX_OPND_IMM_INT &&
        ins->operands[a].imm.u > 15)
      verify_error(v, ins->operands[a].loc, "barrier %lld is out of range: a CTA has barriers "
                   "0 to 15", (long long)ins->operands[a].imm.i);
    if (b < ins->noperands && ins->operands[b].kind == PTX_OPND_IMM_INT &&
        (ins->operands[b].imm.u % 32 != 0 || ins->operands[b].imm.u == 0))
      verify_error(v, ins->operands[b].loc, "thread count %lld is not a positive multiple of "
                   "the warp size (32)", (long long)ins->operands[b].imm.i);
  } else if (ins->op == PTX_OP_CP_ASYNC && ins->noperands >= 3 &&
             ins->operands[2].kind == PTX_OPND_IMM_INT) {
    /* cp.async.ca copies 4, 8 or 16 bytes; .cg only 16 (PTX ISA 9.7.9.25.3.1). */
    uint64_t n = ins->operands[2].imm.u;
    bool cg = ptx_instr_has_mod(ins, PTX_MOD_CG);
    if (cg ? n != 16 : (n != 4 && n != 8 && n != 16))
      verify_error(v, ins->operands[2].loc, "cp.async%s copies %s bytes, not %llu",
                   cg ? ".cg" : ".ca", cg ? "16" : "4, 8 or 16", (unsigned long long)n);
  }
}

/* ---- Texture and surface coordinates ---- */

/* The coordinate vector has as many elements as the geometry has dimensions, rounded up
 * to a vector size (3d and the array/cube forms take four; PTX ISA 9.7.10.3). */
static void check_tex_coords(Verifier *v, const PtxInstr *ins) {
  switch (ins->op) {
  case PTX_OP_TEX:
  case PTX_OP_TLD4:
  case PTX_OP_SULD:
  case PTX_OP_SUST:
  case PTX_OP_SURED: break;
  default: return;
  }
  unsigned want;
  PtxMod geom = ptx_instr_mod_of(ins, PTX_MODCAT_SHAPE);
  switch (geom) {
  case PTX_MOD_1D: want = 1; break;
  case PTX_MOD_2D:
  case PTX_MOD_A1D: want = 2; break;
  case PTX_MOD_3D:
  case PTX_MOD_A2D:
  case PTX_MOD_CUBE:
  case PTX_MOD_ACUBE: want = 4; break;
  default: return;
  }
  for (uint32_t k = 0; k < ins->noperands; k++) {
    const PtxOperand *o = &ins->operands[k];
    if (o->kind != PTX_OPND_TEX || o->list.count < 2) continue;
    const PtxOperand *c = &o->list.elems[o->list.count - 1];
    if (c->kind == PTX_OPND_VEC && c->list.count != want)
      verify_error(v, c->loc, "%s%s takes %u coordinate%s, not %u", ptx_opcode_name(ins->op),
                   ptx_mod_text(geom), want, want == 1 ? "" : "s", c->list.count);
  }
}

/* ---- Special registers ---- */

/* ptxas reads special registers only through mov and cvt into integers ("Special register
 * argument not allowed for instruction 'add'"), which is how nvcc always reads them. */
static void check_sregs(Verifier *v, const PtxInstr *ins) {
  for (uint32_t k = 0; k < ins->noperands; k++) {
    const PtxOperand *o = &ins->operands[k];
    if (o->kind != PTX_OPND_SREG) continue;
    PtxType t = ins->ntypes ? ins->types[0] : PTX_MOD_NONE;
    char buf[64];
    char name[64];
    bool ok = (ins->op == PTX_OP_MOV || ins->op == PTX_OP_CVT) && !ptx_type_is_float(t);
    if (!ok) {
      verify_error(v, o->loc, "special register %s can only be read by mov or cvt into an "
                   "integer, not by %s", operand_text(v, o, buf, sizeof buf),
                   instr_name(ins, name, sizeof name));
      continue;
    }
    if (ptx_instr_vec(ins) > 1) continue; /* mov.v4.u32 {...}, %tid */
    /* Widths (PTX ISA ch. 10): the 64-bit counters, the .pred %is_explicit_cluster, %gridid
     * either way, the rest 32 bits, which a 16-bit mov may also read (as old PTX did). */
    PtxType want = ins->op == PTX_OP_CVT && ins->ntypes > 1 ? ins->types[1] : t;
    unsigned bits = want == PTX_MOD_PRED ? 1 : ptx_type_bits(want);
    unsigned have;
    switch (o->sreg) {
    case PTX_SREG_CLOCK64:
    case PTX_SREG_GLOBALTIMER:
    case PTX_SREG_PM0_64:
    case PTX_SREG_PM1_64:
    case PTX_SREG_PM2_64:
    case PTX_SREG_PM3_64:
    case PTX_SREG_PM4_64:
    case PTX_SREG_PM5_64:
    case PTX_SREG_PM6_64:
    case PTX_SREG_PM7_64: have = 64; break;
    case PTX_SREG_GRIDID: have = 0; break;
    case PTX_SREG_IS_EXPLICIT_CLUSTER: have = 1; break;
    default: have = 32; break;
    }
    if (!bits || !have) continue;
    bool bad = have == 64 ? bits != 64 : have == 1 ? bits != 1 : (bits > 32 || bits < 16);
    if (bad)
      verify_error(v, o->loc, "special register %s is %s; %s cannot read it",
                   operand_text(v, o, buf, sizeof buf),
                   have == 1 ? "a predicate" : have == 64 ? "64 bits" : "32 bits",
                   instr_name(ins, name, sizeof name));
  }
}

/* ---- Calls ---- */

/* call [(rets),] target [, (args)] [, prototype | target list]: the lists match the callee's
 * parameters in number; an indirect call names its prototype (PTX ISA 9.7.12.4). */
static void check_call(Verifier *v, const PtxInstr *ins) {
  uint32_t k = 0;
  const PtxOperand *rets = NULL, *args = NULL, *target = NULL;
  bool has_label = false;
  if (k < ins->noperands && ins->operands[k].kind == PTX_OPND_LIST) rets = &ins->operands[k++];
  if (k < ins->noperands) target = &ins->operands[k++];
  if (k < ins->noperands && ins->operands[k].kind == PTX_OPND_LIST) args = &ins->operands[k++];
  for (; k < ins->noperands; k++)
    if (ins->operands[k].kind == PTX_OPND_LABEL) has_label = true;
  if (!target) return;
  if (target->kind == PTX_OPND_REG && !has_label) {
    verify_error(v, target->loc, "indirect call through '%s' needs a .callprototype label or a "
                 "list of targets", target->reg ? target->reg->name : "?");
  }
  if (target->kind != PTX_OPND_FUNC || !target->func) return;
  const PtxFunc *f = target->func;
  uint32_t nargs = args ? args->list.count : 0;
  if (nargs != f->nparams) {
    verify_error(v, args ? args->loc : target->loc,
                 "call to '%s' passes %u argument%s; '%s' takes %u", f->name, nargs,
                 nargs == 1 ? "" : "s", f->name, f->nparams);
  }
  if (rets && rets->list.count != f->nrets) {
    verify_error(v, rets->loc, "call to '%s' expects %u return value%s; '%s' returns %u",
                 f->name, rets->list.count, rets->list.count == 1 ? "" : "s", f->name,
                 f->nrets);
  }
}

/* ---- The instruction ---- */

void verify_instr(Verifier *v, const PtxInstr *ins) {
  if (ins->op >= PTX_OP_COUNT) return;
  const PtxOpInfo *info = ptx_op_info(ins->op);
  if (ins->guard) {
    const PtxOperand *g = ins->guard;
    if (g->kind != PTX_OPND_REG || !g->reg) {
      verify_error(v, g->loc, "guard must be a predicate register, not %s", kind_words(g->kind));
    } else if (g->reg->type != PTX_MOD_PRED) {
      verify_error(v, g->loc, "guard '%s' is %s, must be .pred", g->reg->name,
                   ptx_mod_text(g->reg->type));
    }
  }
  check_requirements(v, ins);
  check_modifiers(v, ins, info);
  bool kinds_ok;
  if (!check_shape(v, ins, info, &kinds_ok)) return;
  check_stores(v, ins);
  check_spaces(v, ins);
  check_sregs(v, ins);
  check_tex_coords(v, ins);
  check_address_width(v, ins);
  if (ins->op == PTX_OP_CALL) check_call(v, ins);
  if (!kinds_ok) return;
  check_vector_operand(v, ins);
  check_immediates(v, ins);
  check_types(v, ins);
}
