/* ptx verifier, one instruction at a time: operand count and kinds (ops.def shape), operand
 * types (verify_rules.def roles, PTX ISA 9.0 §6.4.1 "Operand Type Information" and §6.4.2's
 * relaxed rules for ld/st/cvt), special registers, texture coordinates, calls. Suffixes
 * and requirements are verify_mods.c's, memory verify_mem.c's. */
#include "verify_internal.h"

/* The type role of each operand per opcode (verify_rules.def). */
static const char *const op_roles[PTX_OP_COUNT] = {
#define VERIFY_RULE(id, roles, sm, ptx) [PTX_OP_##id] = roles,
#include "verify_rules.def"
#undef VERIFY_RULE
};

/* ---- Types ---- */

bool verify_type_is_bit(PtxType t) {
  return t == PTX_MOD_B8 || t == PTX_MOD_B16 || t == PTX_MOD_B32 || t == PTX_MOD_B64 ||
         t == PTX_MOD_B128;
}

bool verify_type_is_us(PtxType t) {
  return ptx_type_class(t) & (PTX_TC_U | PTX_TC_S);
}

/* Plain scalar floats: the ones whose conversions the cvt rounding rules talk about. */
bool verify_type_is_plain_float(PtxType t) {
  return t == PTX_MOD_F16 || t == PTX_MOD_BF16 || t == PTX_MOD_F32 || t == PTX_MOD_F64;
}

PtxType verify_type_widened(PtxType t) {
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
  bool hbit = verify_type_is_bit(have), wbit = verify_type_is_bit(want);
  bool hus = verify_type_is_us(have), wus = verify_type_is_us(want);
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
const char *verify_instr_name(const PtxInstr *ins, char *buf, size_t size) {
  size_t n = (size_t)snprintf(buf, size, "%s", ptx_opcode_name(ins->op));
  for (unsigned i = 0; i < ins->ntypes && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%s", ptx_mod_text(ins->types[i]));
  return buf;
}

/* The operand as written in the source (from its location), or a description. */
const char *verify_operand_text(const Verifier *v, const PtxOperand *o, char *buf, size_t size) {
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
SrcLoc verify_mod_loc(const Verifier *v, const PtxInstr *ins, const char *text) {
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
    if (memcmp(s + j, text, n) == 0 &&
        !(isalnum((unsigned char)after) || after == '_' || after == ':')) {
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
  return o->kind == PTX_OPND_IMM_INT || o->kind == PTX_OPND_IMM_F32 || o->kind == PTX_OPND_IMM_F64;
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
    case PTX_OPND_SINK: return true;
    case PTX_OPND_PAIR:
      /* d|p: the second half is a predicate register or '_'; %r6|02 is no operand at all
       * (ptxas rejects it; printed back it would read %r6|2) */
      for (uint32_t i = 0; i < o->list.count; i++) {
        const PtxOperand *e = &o->list.elems[i];
        if (e->kind != PTX_OPND_REG && e->kind != PTX_OPND_SINK && e->kind != PTX_OPND_VEC) {
          verify_error(v, e->loc, "destination must be a register, not %s", kind_words(e->kind));
          return false;
        }
      }
      return true;
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
      verify_error(v, o->loc,
                   "address operand not allowed here: '%s' wants a register or "
                   "an immediate",
                   op);
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
      verify_error(v, o->loc,
                   "'%s' is a variable; '%s' wants a register: take its address "
                   "with mov first",
                   o->var ? o->var->name : "?", op);
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
    verify_error(v, o->loc, "expected an address [...] for '%s', not %s", op, kind_words(o->kind));
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
  if (shape[0] == '*') return true; /* ops.def writes a free shape as "*" alone */
  unsigned required = 0, optional = 0;
  bool opt = false;
  for (const char *p = shape; *p; p++) {
    if (*p == '?')
      opt = true;
    else if (opt)
      optional++;
    else
      required++;
  }
  /* txq.level adds the level of detail (ops.def's "dt" has no room for it). */
  if (ins->op == PTX_OP_TXQ && ptx_instr_has_mod(ins, PTX_MOD_LEVEL)) optional++;
  if (ins->noperands < required || ins->noperands > required + optional) {
    if (optional)
      verify_error(v, ins->loc, "'%s' takes %u to %u operands, got %u", ptx_opcode_name(ins->op),
                   required, required + optional, ins->noperands);
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
               verify_operand_text(v, o, buf, sizeof buf), ptx_mod_text(have), ptx_mod_text(want));
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
    /* a float literal's bits stand for a bit type of their own width only */
    bool width_off = verify_type_is_bit(want) &&
                     ((o->kind == PTX_OPND_IMM_F32 && ptx_type_bits(want) != 32) ||
                      (o->kind == PTX_OPND_IMM_F64 && ptx_type_bits(want) != 64));
    if (width_off) {
      char buf[128];
      verify_error(v, o->loc, "floating-point literal '%s' is %u bits; %s wants %u",
                   verify_operand_text(v, o, buf, sizeof buf),
                   o->kind == PTX_OPND_IMM_F32 ? 32u : 64u, ptx_mod_text(want),
                   ptx_type_bits(want));
    } else if (want == PTX_MOD_F16 || want == PTX_MOD_F16X2 || want == PTX_MOD_BF16 ||
               want == PTX_MOD_BF16X2) {
      /* ptxas has no half-precision literals ("Arguments mismatch"): the bits go through a
       * .b16/.b32 register (mov.b16 %h, 0x3C00) */
      char buf[128];
      verify_error(v, o->loc, "literal '%s' where %s wants a register: there are no %s literals",
                   verify_operand_text(v, o, buf, sizeof buf), ptx_mod_text(want),
                   ptx_mod_text(want));
    } else if ((int_lit && (want == PTX_MOD_F32 || want == PTX_MOD_F64)) ||
               (!int_lit && verify_type_is_us(want))) {
      char buf[128];
      verify_error(v, o->loc, "%s literal '%s' where %s wants %s",
                   int_lit ? "integer" : "floating-point",
                   verify_operand_text(v, o, buf, sizeof buf), ptx_mod_text(want),
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
  /* with an immediate among the parts ptxas stops checking widths ({0, %r1} of a mov.b32) */
  for (uint32_t i = 0; i < o->list.count; i++)
    if (is_imm(&o->list.elems[i])) return;
  for (uint32_t i = 0; i < o->list.count; i++) {
    const PtxOperand *e = &o->list.elems[i];
    if (e->kind != PTX_OPND_REG || !e->reg || (e->reg->vec && e->component < 0)) continue;
    /* ptxas takes a predicate as a part too (mov.b64 %rd, {%p, %r}); we do not argue */
    if (e->reg->type != PTX_MOD_PRED && ptx_type_bits(e->reg->type) != part) {
      char buf[128];
      verify_error(v, e->loc, "operand '%s' is %s, instruction wants a %u-bit part of %s",
                   verify_operand_text(v, e, buf, sizeof buf), ptx_mod_text(e->reg->type), part,
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
  case 'w': return ptx_instr_has_mod(ins, PTX_MOD_WIDE) ? verify_type_widened(t0) : t0;
  case 'u': return PTX_MOD_U32;
  case 'p': return PTX_MOD_PRED;
  default: return PTX_MOD_NONE;
  }
}

static bool cvt_is_exotic(PtxType t) {
  return t != PTX_MOD_NONE && !verify_type_is_plain_float(t) && !verify_type_is_bit(t) &&
         !verify_type_is_us(t);
}

static void check_types(Verifier *v, const PtxInstr *ins) {
  const char *roles = op_roles[ins->op];
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
      verify_error(v, ins->operands[1].loc,
                   "the address of '%s' is an integer; mov%s cannot "
                   "take it",
                   ins->operands[1].kind == PTX_OPND_VAR
                       ? (ins->operands[1].var ? ins->operands[1].var->name : "?")
                       : (ins->operands[1].func ? ins->operands[1].func->name : "?"),
                   ptx_mod_text(ins->types[0]));
      return;
    }
    for (uint32_t k = 0; k < ins->noperands && k < 2; k++) {
      if (ins->operands[k].kind == PTX_OPND_VEC) {
        check_mov_parts(v, &ins->operands[k], ins->types[0]);
        /* the packed side is one value of the instruction type */
        if (ins->noperands == 2 && ins->operands[1 - k].kind != PTX_OPND_VEC)
          check_type(v, &ins->operands[1 - k], ins->types[0], false);
        return;
      }
    }
    break;
  default: break;
  }
  for (uint32_t k = 0; k < ins->noperands && roles[k]; k++)
    check_type(v, &ins->operands[k], role_type(ins, roles[k]), relaxed);
}

/* ld/st/ldu: the data operand of a .vN access is a vector of N. */
static void check_vector_operand(Verifier *v, const PtxInstr *ins) {
  unsigned k;
  if (ins->op == PTX_OP_LD || ins->op == PTX_OP_LDU)
    k = 0;
  else if (ins->op == PTX_OP_ST)
    k = 1;
  else
    return;
  if (k >= ins->noperands) return;
  const PtxOperand *o = &ins->operands[k];
  unsigned vec = ptx_instr_vec(ins);
  if (o->kind == PTX_OPND_VEC) {
    if (vec <= 1)
      verify_error(v, o->loc, "vector operand needs a .v2, .v4 or .v8 suffix on '%s'",
                   ptx_opcode_name(ins->op));
    else if (o->list.count != vec)
      verify_error(v, o->loc, "vector operand has %u elements, .v%u wants %u", o->list.count, vec,
                   vec);
    /* ptxas lets the element types differ ({%r1, %f1}) but not their widths ("Incompatible
     * elements of vector expression"), and a predicate never mixes with values */
    const PtxReg *first = NULL;
    unsigned tbits = ins->ntypes ? ptx_type_bits(ins->types[0]) : 0;
    for (uint32_t i = 0; i < o->list.count; i++) {
      const PtxOperand *e = &o->list.elems[i];
      if (e->kind != PTX_OPND_REG || !e->reg || (e->reg->vec && e->component < 0)) continue;
      unsigned bits = e->reg->type == PTX_MOD_PRED ? 1 : ptx_type_bits(e->reg->type);
      if (bits > 1 && bits < tbits) continue; /* too narrow: check_types says so */
      if (!first) {
        first = e->reg;
      } else if (bits != (first->type == PTX_MOD_PRED ? 1 : ptx_type_bits(first->type))) {
        verify_error(v, e->loc, "vector elements differ in width: '%s' is %s, '%s' is %s",
                     first->name, ptx_mod_text(first->type), e->reg->name,
                     ptx_mod_text(e->reg->type));
        break;
      }
    }
  } else if (vec > 1 && o->kind == PTX_OPND_REG && o->reg && o->reg->vec != vec) {
    verify_error(v, o->loc, ".v%u wants a vector operand {...} of %u registers", vec, vec);
  }
}

/* ---- Immediate operands with a fixed range ---- */

static void check_immediates(Verifier *v, const PtxInstr *ins) {
  if ((ins->op == PTX_OP_TEX || ins->op == PTX_OP_TLD4 || ins->op == PTX_OP_SULD) &&
      ins->noperands > 0) {
    /* the results land in registers */
    const PtxOperand *d = &ins->operands[0];
    if (d->kind == PTX_OPND_PAIR && d->list.count) d = &d->list.elems[0];
    for (uint32_t i = 0; d->kind == PTX_OPND_VEC && i < d->list.count; i++) {
      const PtxOperand *e = &d->list.elems[i];
      if (e->kind != PTX_OPND_REG && e->kind != PTX_OPND_SINK)
        verify_error(v, e->loc, "destination must be a register, not %s", kind_words(e->kind));
    }
  }
  if (ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER) {
    /* bar.red.popc writes a .u32 count, bar.red.and/.or a predicate */
    if (ptx_instr_has_mod(ins, PTX_MOD_RED) && ins->noperands && ins->ntypes)
      check_type(v, &ins->operands[0], ins->types[0], false);
    for (uint32_t k = 0; k < ins->noperands; k++) {
      const PtxOperand *o = &ins->operands[k];
      if (o->kind == PTX_OPND_IMM_F32 || o->kind == PTX_OPND_IMM_F64)
        verify_error(v, o->loc, "barrier numbers and thread counts are integers");
    }
    /* bar{.cta}.sync/.arrive a{, b}; bar.red.op d, a{, b}, {!}c. 16 barriers per CTA; a
     * thread count is a multiple of the warp size (PTX ISA 9.7.13.1). */
    bool red = ptx_instr_has_mod(ins, PTX_MOD_RED);
    uint32_t a = red ? 1 : 0;
    uint32_t b = (red ? ins->noperands == 4 : ins->noperands == 2) ? a + 1 : UINT32_MAX;
    if (a < ins->noperands && ins->operands[a].kind == PTX_OPND_IMM_INT &&
        ins->operands[a].imm.u > 15)
      verify_error(v, ins->operands[a].loc,
                   "barrier %lld is out of range: a CTA has barriers "
                   "0 to 15",
                   (long long)ins->operands[a].imm.i);
    if (b < ins->noperands && ins->operands[b].kind == PTX_OPND_IMM_INT &&
        ins->operands[b].imm.u % 32 != 0) /* ptxas takes 0 */
      verify_error(v, ins->operands[b].loc,
                   "thread count %lld is not a multiple of the warp size (32)",
                   (long long)ins->operands[b].imm.i);
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
    /* surface coordinates are .s32 (ptxas rejects a 64-bit register among them) */
    if (ins->op != PTX_OP_SULD && ins->op != PTX_OP_SUST && ins->op != PTX_OP_SURED) continue;
    uint32_t n = c->kind == PTX_OPND_VEC ? c->list.count : 1;
    for (uint32_t i = 0; i < n; i++) {
      const PtxOperand *e = c->kind == PTX_OPND_VEC ? &c->list.elems[i] : c;
      if (e->kind == PTX_OPND_REG && e->reg && !(e->reg->vec && e->component >= 0) &&
          ptx_type_bits(e->reg->type) == 64) {
        char buf[64];
        verify_error(v, e->loc, "surface coordinate '%s' is %s; coordinates are 32-bit",
                     verify_operand_text(v, e, buf, sizeof buf), ptx_mod_text(e->reg->type));
      }
    }
  }
}

/* mma.sync fragments are vectors of 32-bit registers (packed halves, f32, s32), except the
 * .f64 shape's (ptxas rejects a 64-bit register in an f16/bf16/tf32/int fragment). */
static void check_mma_fragments(Verifier *v, const PtxInstr *ins) {
  if (ins->op != PTX_OP_MMA) return;
  for (uint32_t i = 0; i < ins->ntypes; i++)
    if (ins->types[i] == PTX_MOD_F64) return;
  for (uint32_t k = 0; k < ins->noperands; k++) {
    const PtxOperand *o = &ins->operands[k];
    if (o->kind != PTX_OPND_VEC) continue;
    for (uint32_t i = 0; i < o->list.count; i++) {
      const PtxOperand *e = &o->list.elems[i];
      if (e->kind == PTX_OPND_REG && e->reg && !e->reg->vec && ptx_type_bits(e->reg->type) == 64)
        verify_error(v, e->loc, "'%s' is %s; mma fragments of these types hold 32-bit registers",
                     e->reg->name, ptx_mod_text(e->reg->type));
    }
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
      verify_error(v, o->loc,
                   "special register %s can only be read by mov or cvt into an "
                   "integer, not by %s",
                   verify_operand_text(v, o, buf, sizeof buf),
                   verify_instr_name(ins, name, sizeof name));
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
                   verify_operand_text(v, o, buf, sizeof buf),
                   have == 1    ? "a predicate"
                   : have == 64 ? "64 bits"
                                : "32 bits",
                   verify_instr_name(ins, name, sizeof name));
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
    verify_error(v, target->loc,
                 "indirect call through '%s' needs a .callprototype label or a "
                 "list of targets",
                 target->reg ? target->reg->name : "?");
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
    verify_error(v, rets->loc, "call to '%s' expects %u return value%s; '%s' returns %u", f->name,
                 rets->list.count, rets->list.count == 1 ? "" : "s", f->name, f->nrets);
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
  verify_requirements(v, ins);
  verify_modifiers(v, ins, info);
  bool kinds_ok;
  if (!check_shape(v, ins, info, &kinds_ok)) return;
  verify_memory(v, ins);
  check_sregs(v, ins);
  check_tex_coords(v, ins);
  check_mma_fragments(v, ins);
  if (ins->op == PTX_OP_CALL) check_call(v, ins);
  if (!kinds_ok) return;
  check_vector_operand(v, ins);
  check_immediates(v, ins);
  check_types(v, ins);
}
