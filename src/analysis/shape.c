/* analysis: the shape of every register — uniform across the group, affine in the lane
 * index (base + lane*stride), or varying — with known alignment and constants, and the
 * divergence it implies ("sync dependence", after Karrenberg & Hack's whole-function
 * vectorisation and LLVM's DivergenceAnalysis), on PTX's non-SSA registers. */
#include "analysis_internal.h"

/* Internal bottom of the lattice: no definition seen yet (optimistic start, so loops can
 * keep an induction variable affine). Mapped to UNIFORM once the fixed point is reached:
 * a register nothing defines holds garbage that is as good uniform as anything. */
#define SHAPE_BOTTOM 3

static Shape s_bottom(void) { return (Shape){.kind = SHAPE_BOTTOM}; }
static Shape s_varying(void) { return (Shape){.kind = SHAPE_VARYING}; }
static Shape s_uniform(unsigned align) { return (Shape){.kind = SHAPE_UNIFORM, .align_log2 = (uint8_t)MIN(align, 63)}; }

static unsigned ctz64(uint64_t v) { return v ? (unsigned)__builtin_ctzll(v) : 63; }
static uint64_t width_mask(unsigned w) { return w >= 64 || w == 0 ? ~0ull : (1ull << w) - 1; }
static int64_t sext(uint64_t v, unsigned w) {
  if (w >= 64 || w == 0) return (int64_t)v;
  return (int64_t)(v << (64 - w)) >> (64 - w);
}

/* A constant of type t: kept masked to its width, sign-extended for .s types. */
static Shape s_const(uint64_t v, PtxType t) {
  unsigned w = ptx_type_bits(t);
  v &= width_mask(w);
  if (ptx_type_is_signed(t)) v = (uint64_t)sext(v, w);
  Shape s = {.kind = SHAPE_UNIFORM, .is_const = true, .value = v};
  s.align_log2 = (uint8_t)ctz64(v & width_mask(w));
  return s;
}

/* base + lane*stride in w bits: stride wraps with the width; 0 is uniform. */
static Shape s_affine(int64_t stride, unsigned align, unsigned w) {
  stride = sext((uint64_t)stride, w);
  if (stride == 0) return s_uniform(align);
  return (Shape){.kind = SHAPE_AFFINE, .stride = stride, .align_log2 = (uint8_t)MIN(align, 63)};
}

static int64_t stride_of(Shape s) { return s.kind == SHAPE_AFFINE ? s.stride : 0; }
static bool is_lin(Shape s) { return s.kind == SHAPE_UNIFORM || s.kind == SHAPE_AFFINE; }

static Shape join(Shape a, Shape b) {
  if (a.kind == SHAPE_BOTTOM) return b;
  if (b.kind == SHAPE_BOTTOM) return a;
  if (a.kind == SHAPE_VARYING || b.kind == SHAPE_VARYING) return s_varying();
  if (stride_of(a) != stride_of(b)) return s_varying();
  Shape r = a;
  r.align_log2 = MIN(a.align_log2, b.align_log2);
  r.is_const = a.is_const && b.is_const && a.value == b.value;
  if (!r.is_const) r.value = 0;
  return r;
}

static bool same(Shape a, Shape b) {
  return a.kind == b.kind && a.align_log2 == b.align_log2 && a.is_const == b.is_const &&
         a.stride == b.stride && a.value == b.value;
}

/* ---- Context ---- */
typedef struct ShapeCtx {
  const Cfg *cfg;
  const PtxFunc *f;
  unsigned G;
  KDim3 block;
  Shape *regs;
  bool *forced; /* sync-dependent or otherwise forced VARYING */
} ShapeCtx;

/* ---- Special registers (PTX ISA ch. 10), for lanes group_index*G + i of the CTA. ---- */
static unsigned log2u(unsigned v) { return v ? (unsigned)__builtin_ctz(v) : 0; }

static Shape sreg_shape(const ShapeCtx *c, PtxSreg sreg, int component) {
  const unsigned G = c->G;
  const uint32_t bx = c->block.x, by = c->block.y, bz = c->block.z;
  const bool known = bx && by && bz;
  switch (sreg) {
  case PTX_SREG_TID: {
    if (!known || component < 0 || component > 2) return s_varying();
    /* Linear tid L = gi*G + i; tid.x = L % bx, tid.y = L / bx % by, tid.z = L / (bx*by). */
    uint32_t dim = component == 0 ? bx : component == 1 ? by : bz;
    uint32_t below = component == 0 ? 1 : component == 1 ? bx : bx * by; /* product of lower dims */
    uint32_t above = component == 0 ? by * bz : component == 1 ? bz : 1;
    if (dim == 1) return s_const(0, PTX_MOD_U32);
    if (below % G == 0) return s_uniform(0); /* a group lies inside one step of this dim */
    if (below == 1 && (dim % G == 0 || above == 1)) {
      /* Consecutive lanes step this dimension by one and never wrap inside a group (or
       * wrap only past the end of the CTA, where lanes are inactive). */
      return s_affine(1, log2u(G), 32);
    }
    return s_varying();
  }
  case PTX_SREG_NTID:
    if (!known || component < 0 || component > 2) return s_uniform(0);
    return s_const(component == 0 ? bx : component == 1 ? by : bz, PTX_MOD_U32);
  case PTX_SREG_LANEID:
    return 32 % G == 0 ? s_affine(1, log2u(G), 32) : s_varying();
  case PTX_SREG_WARPID:
    return 32 % G == 0 ? s_uniform(0) : s_varying();
  case PTX_SREG_LANEMASK_EQ:
  case PTX_SREG_LANEMASK_LE:
  case PTX_SREG_LANEMASK_LT:
  case PTX_SREG_LANEMASK_GE:
  case PTX_SREG_LANEMASK_GT:
    return s_varying();
  default:
    /* %ctaid %nctaid %nwarpid %smid %gridid, clusters, clocks and timers (read once per
     * group), %envreg, shared-memory sizes: the same for the whole group. */
    return s_uniform(0);
  }
}

static unsigned var_align_log2(const PtxVar *v) {
  uint32_t a = ptx_var_align(v);
  return a ? log2u(a) : 0;
}

static Shape add_shapes(Shape a, Shape b, PtxType t, int sign);

/* Shape of a source operand under the current register shapes. */
static Shape operand_shape(const ShapeCtx *c, const PtxOperand *op) {
  switch (op->kind) {
  case PTX_OPND_REG:
    return c->regs[op->reg->id];
  case PTX_OPND_SREG:
    return sreg_shape(c, op->sreg, op->component);
  case PTX_OPND_IMM_INT:
    return s_const(op->imm.u, PTX_MOD_B64);
  case PTX_OPND_IMM_F32:
    return (Shape){.kind = SHAPE_UNIFORM, .is_const = true, .value = op->imm.f32_bits};
  case PTX_OPND_IMM_F64:
    return (Shape){.kind = SHAPE_UNIFORM, .is_const = true, .value = op->imm.f64_bits};
  case PTX_OPND_VAR:
    return s_uniform(var_align_log2(op->var));
  case PTX_OPND_FUNC:
  case PTX_OPND_LABEL:
  case PTX_OPND_SINK:
    return s_uniform(0);
  case PTX_OPND_ADDR: {
    Shape base = !op->addr.base ? s_const(0, PTX_MOD_B64) : operand_shape(c, op->addr.base);
    if (op->addr.base && op->addr.base->kind == PTX_OPND_VAR) base.is_const = false;
    return add_shapes(base, s_const((uint64_t)op->addr.offset, PTX_MOD_B64), PTX_MOD_B64, 1);
  }
  case PTX_OPND_VEC:
  case PTX_OPND_LIST:
  case PTX_OPND_PAIR:
  case PTX_OPND_TEX: {
    Shape r = s_uniform(0);
    for (uint32_t i = 0; i < op->list.count; i++) {
      Shape e = operand_shape(c, &op->list.elems[i]);
      if (e.kind == SHAPE_BOTTOM) return e;
      if (e.kind != SHAPE_UNIFORM) return s_varying();
    }
    return r;
  }
  }
  return s_varying();
}

/* ---- Integer arithmetic on shapes (values modulo 2^w). ---- */
static unsigned type_width(PtxType t) {
  unsigned w = ptx_type_bits(t);
  return w ? w : 64;
}

static Shape add_shapes(Shape a, Shape b, PtxType t, int sign) {
  if (a.kind == SHAPE_BOTTOM || b.kind == SHAPE_BOTTOM) return s_bottom();
  if (!is_lin(a) || !is_lin(b)) return s_varying();
  unsigned w = type_width(t);
  if (a.is_const && b.is_const) return s_const(sign > 0 ? a.value + b.value : a.value - b.value, t);
  int64_t st = sign > 0 ? stride_of(a) + stride_of(b) : stride_of(a) - stride_of(b);
  return s_affine(st, MIN(a.align_log2, b.align_log2), w);
}

/* a * b in w bits; `wide`: the product has twice the width (mul.wide), strides taken as
 * the narrow values' differences (no wrap inside a group). */
static Shape mul_shapes(Shape a, Shape b, PtxType t, bool wide) {
  if (a.kind == SHAPE_BOTTOM || b.kind == SHAPE_BOTTOM) return s_bottom();
  if (!is_lin(a) || !is_lin(b)) return s_varying();
  unsigned w = type_width(t);
  unsigned rw = wide ? MIN(2 * w, 64) : w;
  if (a.is_const && b.is_const) {
    uint64_t x = a.value, y = b.value;
    if (wide && !ptx_type_is_signed(t)) {
      x &= width_mask(w);
      y &= width_mask(w);
    }
    return s_const(x * y, wide ? (ptx_type_is_signed(t) ? PTX_MOD_S64 : PTX_MOD_U64) : t);
  }
  if (a.is_const) {
    Shape tmp = a;
    a = b;
    b = tmp;
  }
  unsigned align = MIN(a.align_log2 + b.align_log2, 63);
  if (a.kind == SHAPE_UNIFORM && b.kind == SHAPE_UNIFORM) return s_uniform(align);
  if (!b.is_const) return s_varying(); /* affine times an unknown uniform */
  int64_t c = ptx_type_is_signed(t) || !wide ? sext(b.value, w) : (int64_t)(b.value & width_mask(w));
  return s_affine(sext((uint64_t)stride_of(a), w) * c, align, rw);
}

static Shape shl_shapes(Shape a, Shape k, PtxType t) {
  if (a.kind == SHAPE_BOTTOM || k.kind == SHAPE_BOTTOM) return s_bottom();
  unsigned w = type_width(t);
  if (k.kind != SHAPE_UNIFORM || !is_lin(a)) return s_varying();
  if (!k.is_const) return a.kind == SHAPE_UNIFORM ? s_uniform(a.align_log2) : s_varying();
  uint64_t n = k.value & 0xffffffffu;
  if (n >= w) return s_const(0, t);
  if (a.is_const) return s_const(a.value << n, t);
  return s_affine((int64_t)((uint64_t)stride_of(a) << n), a.align_log2 + (unsigned)n, w);
}

/* Whether the lanes of an affine value all fall in one aligned block of 2^k values: the
 * base is a multiple of 2^e (e = min(its alignment, k)), so it sits at most 2^k - 2^e
 * into its block, and the group's span (G-1)*stride stays below 2^e. */
static bool lanes_share_block(const ShapeCtx *c, Shape a, unsigned k) {
  if (a.kind != SHAPE_AFFINE || a.stride <= 0 || k >= 62) return false;
  unsigned e = MIN(a.align_log2, k);
  return (uint64_t)(c->G - 1) * (uint64_t)a.stride < (1ull << e);
}

/* The generic rule: uniform when every source is, else varying. */
static Shape all_sources(const ShapeCtx *c, const PtxInstr *ins, uint32_t first_src) {
  Shape r = s_uniform(0);
  for (uint32_t i = first_src; i < ins->noperands; i++) {
    Shape s = operand_shape(c, &ins->operands[i]);
    if (s.kind == SHAPE_BOTTOM) return s;
    if (s.kind != SHAPE_UNIFORM) r = s_varying();
  }
  return r;
}

static bool is_kernel_param(const PtxFunc *f, const PtxVar *v) {
  if (!f->is_entry || !v || v->space != PTX_SPACE_PARAM) return false;
  for (uint32_t i = 0; i < f->nparams; i++)
    if (f->params[i] == v) return true;
  return false;
}

static const PtxOperand *addr_operand(const PtxInstr *ins) {
  for (uint32_t i = 0; i < ins->noperands; i++)
    if (ins->operands[i].kind == PTX_OPND_ADDR) return &ins->operands[i];
  return NULL;
}

/* Does operand 0 name what the instruction writes? From ops.def's shape letters. */
static bool writes_operand0(const PtxInstr *ins) {
  if (ins->noperands == 0) return false;
  if (ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER)
    return ptx_instr_has_mod(ins, PTX_MOD_RED); /* bar.red.popc.u32 d, a, p */
  if (ins->op == PTX_OP_CALL) return false;     /* results come back through .param */
  const char *shape = ptx_op_info(ins->op)->shape;
  if (shape[0] == 'd' || shape[0] == 'q') return true;
  /* Free-form rows ('*') that write their first operand: tex, tld4, createpolicy,
   * tcgen05.ld, wgmma.mma_async (its accumulator). */
  if (shape[0] == '*') {
    const PtxOperand *o = &ins->operands[0];
    return o->kind == PTX_OPND_REG || o->kind == PTX_OPND_VEC || o->kind == PTX_OPND_PAIR;
  }
  return false;
}

/* shfl.idx reading one fixed lane for the whole warp (PTX ISA 9.7.9.6: with segment mask
 * c[12:8] = 0 the source lane is b[4:0], taken when b[4:0] <= c[4:0]): every lane gets the
 * same value, and the group must be the warp for that lane to be in it. */
static bool shfl_broadcasts(const ShapeCtx *c, const PtxInstr *ins) {
  if (c->G != 32 || !ptx_instr_has_mod(ins, PTX_MOD_IDX) || ins->noperands < 4) return false;
  Shape b = operand_shape(c, &ins->operands[2]), cc = operand_shape(c, &ins->operands[3]);
  if (b.kind != SHAPE_UNIFORM || !cc.is_const || cc.kind != SHAPE_UNIFORM) return false;
  if ((cc.value >> 8) & 31) return false;
  unsigned clamp = cc.value & 31;
  return clamp == 31 || (b.is_const && (b.value & 31) <= clamp);
}

/* The shape of what `ins` writes (one shape for all its destinations, except the PAIR of
 * setp-like instructions, where both get it). */
static Shape instr_result(const ShapeCtx *c, const PtxInstr *ins) {
  const PtxFunc *f = c->f;
  PtxType t = ins->types[0];
  bool is_int = ptx_type_is_int(t) && t != PTX_MOD_PRED;
  const PtxOperand *o = ins->operands;
  uint32_t n = ins->noperands;
#define SRC(i) ((i) < n ? operand_shape(c, &o[i]) : s_varying())
  switch (ins->op) {
  case PTX_OP_MOV:
    if (o[0].kind == PTX_OPND_VEC) { /* unpacking: the pieces of an affine value are not affine */
      Shape a = SRC(1);
      return a.kind == SHAPE_BOTTOM ? a : a.kind == SHAPE_UNIFORM ? s_uniform(0) : s_varying();
    }
    if (is_int && n >= 2 && SRC(1).is_const) return s_const(SRC(1).value, t); /* at its width */
    return SRC(1);
  case PTX_OP_ADD:
  case PTX_OP_SUB:
    if (!is_int || ptx_instr_has_mod(ins, PTX_MOD_SAT) || ptx_instr_has_mod(ins, PTX_MOD_CC))
      break;
    return add_shapes(SRC(1), SRC(2), t, ins->op == PTX_OP_ADD ? 1 : -1);
  case PTX_OP_MUL:
  case PTX_OP_MAD: {
    if (!is_int || ptx_instr_has_mod(ins, PTX_MOD_HI) || ptx_instr_has_mod(ins, PTX_MOD_CC) ||
        ptx_instr_has_mod(ins, PTX_MOD_SAT))
      break;
    bool wide = ptx_instr_has_mod(ins, PTX_MOD_WIDE);
    Shape m = mul_shapes(SRC(1), SRC(2), t, wide);
    if (ins->op == PTX_OP_MUL) return m;
    PtxType rt = wide ? (ptx_type_is_signed(t) ? PTX_MOD_S64 : PTX_MOD_U64) : t;
    if (wide && type_width(t) == 16) rt = ptx_type_is_signed(t) ? PTX_MOD_S32 : PTX_MOD_U32;
    return add_shapes(m, SRC(3), rt, 1);
  }
  case PTX_OP_SHL:
    if (!is_int) break;
    return shl_shapes(SRC(1), SRC(2), t);
  case PTX_OP_SHR: {
    if (!is_int) break;
    Shape a = SRC(1), k = SRC(2);
    if (a.kind == SHAPE_BOTTOM || k.kind == SHAPE_BOTTOM) return s_bottom();
    if (k.kind != SHAPE_UNIFORM || !is_lin(a)) return s_varying();
    if (!k.is_const) return a.kind == SHAPE_UNIFORM ? s_uniform(0) : s_varying();
    unsigned w = type_width(t), sh = (unsigned)MIN(k.value & 0xffffffffu, 64);
    if (a.is_const) {
      uint64_t v = a.value & width_mask(w);
      if (ptx_type_is_signed(t)) v = sh >= w ? (uint64_t)(sext(v, w) < 0 ? -1 : 0) : (uint64_t)(sext(v, w) >> sh);
      else v = sh >= w ? 0 : v >> sh;
      return s_const(v, t);
    }
    unsigned al = a.align_log2 > sh ? a.align_log2 - sh : 0;
    if (a.kind == SHAPE_UNIFORM || lanes_share_block(c, a, sh)) return s_uniform(al); /* tid >> 5 */
    return s_varying();
  }
  case PTX_OP_NEG:
  case PTX_OP_NOT: {
    if (!is_int) break;
    Shape a = SRC(1);
    if (a.kind == SHAPE_BOTTOM || !is_lin(a)) return a.kind == SHAPE_BOTTOM ? a : s_varying();
    if (a.is_const) return s_const(ins->op == PTX_OP_NEG ? (uint64_t)0 - a.value : ~a.value, t);
    return s_affine(-stride_of(a), ins->op == PTX_OP_NEG ? a.align_log2 : 0, type_width(t));
  }
  case PTX_OP_AND:
  case PTX_OP_OR:
  case PTX_OP_XOR: {
    if (!is_int) break;
    Shape a = SRC(1), b = SRC(2);
    if (a.kind == SHAPE_BOTTOM || b.kind == SHAPE_BOTTOM) return s_bottom();
    if (ins->op == PTX_OP_AND && a.is_const) {
      Shape tmp = a;
      a = b;
      b = tmp;
    }
    if (ins->op == PTX_OP_AND && a.kind == SHAPE_AFFINE && b.is_const) {
      /* Masks of an affine value whose lanes stay inside one aligned block of 2^k:
       * x & (2^k-1) = i*stride (tid & 31), x & ~(2^k-1) = the block's base. */
      unsigned w = type_width(t);
      uint64_t m = b.value & width_mask(w);
      unsigned k = ctz64(~m);
      if (k < w && m == (1ull << k) - 1 && lanes_share_block(c, a, k))
        return (Shape){.kind = SHAPE_AFFINE, .stride = a.stride,
                       .align_log2 = a.align_log2 >= k ? 63 : a.align_log2};
      k = ctz64(m);
      if (k < w && (m | ((1ull << k) - 1)) == width_mask(w) && lanes_share_block(c, a, k))
        return s_uniform(MAX(a.align_log2, k));
      return s_varying();
    }
    if (a.kind != SHAPE_UNIFORM || b.kind != SHAPE_UNIFORM) return s_varying();
    if (a.is_const && b.is_const) {
      uint64_t v = ins->op == PTX_OP_AND ? a.value & b.value
                   : ins->op == PTX_OP_OR ? a.value | b.value : a.value ^ b.value;
      return s_const(v, t);
    }
    unsigned al = ins->op == PTX_OP_AND ? MAX(a.align_log2, b.align_log2) : MIN(a.align_log2, b.align_log2);
    return s_uniform(al);
  }
  case PTX_OP_CVT: {
    if (ins->ntypes < 2) break;
    PtxType dt = ins->types[0], st = ins->types[1];
    Shape a = SRC(1);
    if (a.kind == SHAPE_BOTTOM) return a;
    bool ints = ptx_type_is_int(dt) && ptx_type_is_int(st);
    if (!ints || ptx_instr_has_mod(ins, PTX_MOD_SAT))
      return a.kind == SHAPE_UNIFORM ? s_uniform(0) : s_varying();
    unsigned dw = type_width(dt), sw = type_width(st);
    unsigned align = MIN(a.align_log2, dw);
    if (a.kind == SHAPE_VARYING) return a;
    if (a.is_const) {
      uint64_t v = a.value & width_mask(sw);
      if (ptx_type_is_signed(st)) v = (uint64_t)sext(v, sw);
      return s_const(v, dt);
    }
    if (a.kind == SHAPE_UNIFORM) return s_uniform(align);
    return s_affine(sext((uint64_t)a.stride, sw), align, dw);
  }
  case PTX_OP_CVTA: {
    Shape a = SRC(1);
    if (a.kind == SHAPE_BOTTOM) return a;
    PtxSpace sp = ptx_instr_space(ins);
    bool to = ptx_instr_has_mod(ins, PTX_MOD_TO);
    /* Each lane has its own frame, and a .func its own parameters per lane: the generic
     * address of either differs per lane. */
    if (!to && (sp == PTX_SPACE_LOCAL || (sp == PTX_SPACE_PARAM && !f->is_entry))) return s_varying();
    if (sp != PTX_SPACE_GLOBAL && sp != PTX_SPACE_GENERIC) {
      if (a.kind != SHAPE_VARYING) a.align_log2 = MIN(a.align_log2, 4);
      a.is_const = false;
      a.value = 0;
    }
    return a;
  }
  case PTX_OP_SELP: {
    Shape a = SRC(1), b = SRC(2), p = SRC(3);
    if (a.kind == SHAPE_BOTTOM || b.kind == SHAPE_BOTTOM || p.kind == SHAPE_BOTTOM) return s_bottom();
    if (p.kind == SHAPE_UNIFORM) return join(a, b);
    if (n >= 3 && o[1].kind == PTX_OPND_REG && o[2].kind == PTX_OPND_REG && o[1].reg == o[2].reg)
      return a;
    if (a.is_const && b.is_const && a.value == b.value) return a;
    return s_varying();
  }
  case PTX_OP_LD:
  case PTX_OP_LDU: {
    const PtxOperand *ad = addr_operand(ins);
    if (!ad) break;
    Shape a = operand_shape(c, ad);
    if (a.kind == SHAPE_BOTTOM) return a;
    if (a.kind != SHAPE_UNIFORM) return s_varying();
    const PtxVar *var = ad->addr.base && ad->addr.base->kind == PTX_OPND_VAR ? ad->addr.base->var : NULL;
    switch (ptx_instr_space(ins)) {
    case PTX_SPACE_PARAM:
      if (!is_kernel_param(f, var)) return s_varying();
      if (var->is_param_ptr && var->ptr_align && ad->addr.offset == 0) return s_uniform(log2u(var->ptr_align));
      return s_uniform(0);
    case PTX_SPACE_LOCAL:
      return s_varying();
    default:
      return s_uniform(0);
    }
  }
  case PTX_OP_SHFL:
    if (shfl_broadcasts(c, ins)) return s_uniform(0);
    return s_varying();
  case PTX_OP_ATOM:
  case PTX_OP_ELECT:
  case PTX_OP_ADDC:
  case PTX_OP_SUBC:
  case PTX_OP_MADC:
  case PTX_OP_TEX:
  case PTX_OP_TLD4:
  case PTX_OP_SULD:
  case PTX_OP_MBARRIER_ARRIVE:
  case PTX_OP_MBARRIER_ARRIVE_DROP:
  case PTX_OP_MBARRIER_TEST_WAIT:
  case PTX_OP_MBARRIER_TRY_WAIT:
  case PTX_OP_ALLOCA:
  case PTX_OP_STACKSAVE:
  case PTX_OP_WMMA_LOAD:
  case PTX_OP_WMMA_MMA:
  case PTX_OP_MMA:
  case PTX_OP_LDMATRIX:
  case PTX_OP_MOVMATRIX:
  case PTX_OP_TCGEN05_LD:
  case PTX_OP_WGMMA_MMA_ASYNC:
    /* Per-lane results: atom's old values, shuffles, carries from an earlier .cc (whose
     * flag we do not track), texture fetches, stack pointers of per-lane stacks, matrix
     * fragments (each lane holds different elements even of a uniform address). */
    return s_varying();
  case PTX_OP_VOTE:
    if (32 % c->G != 0) return s_varying();
    if (ptx_instr_has_mod(ins, PTX_MOD_ALL) || ptx_instr_has_mod(ins, PTX_MOD_ANY) ||
        ptx_instr_has_mod(ins, PTX_MOD_UNI) || ptx_instr_has_mod(ins, PTX_MOD_BALLOT))
      return s_uniform(0);
    return s_varying();
  case PTX_OP_ACTIVEMASK:
  case PTX_OP_REDUX:
    return 32 % c->G == 0 ? s_uniform(0) : s_varying();
  case PTX_OP_MATCH:
    return 32 % c->G == 0 && ptx_instr_has_mod(ins, PTX_MOD_ALL) ? s_uniform(0) : s_varying();
  case PTX_OP_BAR:
  case PTX_OP_BARRIER:
    return s_uniform(0); /* bar.red: one result for the whole CTA */
  default:
    break;
  }
#undef SRC
  return all_sources(c, ins, writes_operand0(ins) ? 1 : 0);
}

/* Calls fn(reg, partial) for each register `ins` writes; partial = a component or a
 * guarded write, which keeps the rest of the old value. */
typedef void (*DefFn)(void *ctx, const PtxReg *reg, bool partial);
static void for_each_def(const PtxInstr *ins, DefFn fn, void *ctx) {
  if (!writes_operand0(ins)) return;
  const PtxOperand *d = &ins->operands[0];
  bool guarded = ins->guard != NULL;
  if (d->kind == PTX_OPND_REG) {
    fn(ctx, d->reg, guarded || d->component >= 0);
  } else if (d->kind == PTX_OPND_VEC || d->kind == PTX_OPND_PAIR) {
    for (uint32_t i = 0; i < d->list.count; i++)
      if (d->list.elems[i].kind == PTX_OPND_REG)
        fn(ctx, d->list.elems[i].reg, guarded || d->list.elems[i].component >= 0);
  }
}

/* Calls fn(reg) for each register `ins` reads. */
typedef void (*UseFn)(void *ctx, const PtxReg *reg);
static void uses_of_operand(const PtxOperand *op, UseFn fn, void *ctx) {
  switch (op->kind) {
  case PTX_OPND_REG: fn(ctx, op->reg); break;
  case PTX_OPND_ADDR:
    if (op->addr.base) uses_of_operand(op->addr.base, fn, ctx);
    break;
  case PTX_OPND_VEC:
  case PTX_OPND_LIST:
  case PTX_OPND_PAIR:
  case PTX_OPND_TEX:
    for (uint32_t i = 0; i < op->list.count; i++) uses_of_operand(&op->list.elems[i], fn, ctx);
    break;
  default: break;
  }
}
static void for_each_use(const PtxInstr *ins, UseFn fn, void *ctx) {
  if (ins->guard) uses_of_operand(ins->guard, fn, ctx);
  bool w0 = writes_operand0(ins);
  for (uint32_t i = 0; i < ins->noperands; i++) {
    const PtxOperand *op = &ins->operands[i];
    /* A destination is read only where it is written partially (a component) — and
     * free-form rows may read it too: count those as reads, which is conservative. */
    if (i == 0 && w0 && op->kind == PTX_OPND_REG && op->component < 0 &&
        ptx_op_info(ins->op)->shape[0] != '*')
      continue;
    if (i == 0 && w0 && (op->kind == PTX_OPND_VEC || op->kind == PTX_OPND_PAIR) &&
        ptx_op_info(ins->op)->shape[0] != '*')
      continue;
    uses_of_operand(op, fn, ctx);
  }
}

/* ---- The register fixed point ---- */
typedef struct JoinCtx {
  ShapeCtx *c;
  Shape value;
  bool changed;
} JoinCtx;

static void join_def(void *p, const PtxReg *reg, bool partial) {
  JoinCtx *j = p;
  (void)partial;
  Shape *cur = &j->c->regs[reg->id];
  Shape nv = j->c->forced[reg->id] ? s_varying() : join(*cur, j->value);
  if (!same(nv, *cur)) {
    *cur = nv;
    j->changed = true;
  }
}

static bool guard_varying(const ShapeCtx *c, const PtxInstr *ins) {
  if (!ins->guard) return false;
  Shape g = operand_shape(c, ins->guard);
  return g.kind != SHAPE_UNIFORM && g.kind != SHAPE_BOTTOM;
}

static uint32_t regs_fixed_point(ShapeCtx *c) {
  const PtxFunc *f = c->f;
  uint32_t rounds = 0;
  for (;;) {
    JoinCtx j = {c, s_bottom(), false};
    rounds++;
    for (uint32_t i = 0; i < f->nbody; i++) {
      const PtxInstr *ins = an_stmt_instr(f, i);
      if (!ins || !writes_operand0(ins)) continue;
      j.value = guard_varying(c, ins) ? s_varying() : instr_result(c, ins);
      if (j.value.kind == SHAPE_BOTTOM) continue;
      for_each_def(ins, join_def, &j);
    }
    if (!j.changed || rounds > 300) break;
    if (rounds > 200) {
      /* The lattice is finite, so this is a safety net: what still moves becomes VARYING. */
      for (uint32_t r = 0; r < f->nregs; r++)
        if (c->regs[r].kind == SHAPE_AFFINE || (c->regs[r].kind == SHAPE_UNIFORM && c->regs[r].is_const))
          c->regs[r] = s_varying();
    }
  }
  return rounds;
}

/* ---- Liveness and per-block definitions, as register bitsets ----
 * Only registers that are not VARYING after the first fixed point ("candidates") get a bit:
 * forcing a VARYING register changes nothing, and shapes only grow. */
typedef struct Bits {
  uint32_t *cand;  /* per register id: its bit, or UINT32_MAX */
  uint32_t words;  /* per block */
  uint64_t *defs, *live_in; /* per block: words each; NULL when too large (see below) */
} Bits;

typedef struct BlockScan {
  const uint32_t *cand;
  uint64_t *use, *kill, *defs;
} BlockScan;

static void scan_use(void *p, const PtxReg *reg) {
  BlockScan *s = p;
  uint32_t i = s->cand[reg->id];
  if (i != UINT32_MAX && !bits_get(s->kill, i)) bits_set(s->use, i);
}
static void scan_def(void *p, const PtxReg *reg, bool partial) {
  BlockScan *s = p;
  uint32_t i = s->cand[reg->id];
  if (i == UINT32_MAX) return;
  bits_set(s->defs, i);
  if (!partial) bits_set(s->kill, i);
}

/* Above this many words per bitset array (32 MiB), divergence falls back to forcing
 * every candidate written inside a divergent region, without liveness. */
#ifndef BITS_MAX_WORDS
#define BITS_MAX_WORDS (4u << 20)
#endif

static bool liveness(const Cfg *cfg, Bits *b, uint32_t ncand) {
  const PtxFunc *f = cfg->func;
  uint32_t nb = cfg->nblocks;
  uint32_t W = b->words = bits_words(ncand);
  if ((uint64_t)nb * W > BITS_MAX_WORDS) return false;
  size_t sz = (size_t)nb * W + 1;
  uint64_t *use = xcalloc(sz, sizeof(uint64_t)), *kill = xcalloc(sz, sizeof(uint64_t));
  b->defs = xcalloc(sz, sizeof(uint64_t));
  b->live_in = xcalloc(sz, sizeof(uint64_t));
  for (uint32_t k = 0; k < nb; k++) {
    const CfgBlock *blk = &cfg->blocks[k];
    BlockScan s = {b->cand, use + (size_t)k * W, kill + (size_t)k * W, b->defs + (size_t)k * W};
    for (uint32_t i = blk->first; i < blk->end; i++) {
      const PtxInstr *ins = an_stmt_instr(f, i);
      if (!ins) continue;
      for_each_use(ins, scan_use, &s);
      for_each_def(ins, scan_def, &s);
    }
  }
  uint64_t *tmp = xmalloc(W * sizeof(uint64_t) + 8);
  bool changed = true;
  while (changed) {
    changed = false;
    for (uint32_t p = nb; p-- > 0;) {
      uint32_t k = cfg->order[p];
      const CfgBlock *blk = &cfg->blocks[k];
      memset(tmp, 0, W * sizeof(uint64_t));
      for (uint32_t s = 0; s < blk->nsuccs; s++) {
        const uint64_t *li = b->live_in + (size_t)blk->succs[s] * W;
        for (uint32_t w = 0; w < W; w++) tmp[w] |= li[w];
      }
      uint64_t *li = b->live_in + (size_t)k * W;
      const uint64_t *bu = use + (size_t)k * W, *bk = kill + (size_t)k * W;
      for (uint32_t w = 0; w < W; w++) {
        uint64_t v = bu[w] | (tmp[w] & ~bk[w]);
        if (v != li[w]) {
          li[w] = v;
          changed = true;
        }
      }
    }
  }
  free(tmp);
  free(use);
  free(kill);
  return true;
}

typedef struct ForceCtx {
  const uint32_t *cand;
  bool *forced;
  bool changed;
} ForceCtx;
static void force_def(void *p, const PtxReg *reg, bool partial) {
  ForceCtx *fc = p;
  (void)partial;
  if (fc->cand[reg->id] != UINT32_MAX && !fc->forced[reg->id]) {
    fc->forced[reg->id] = true;
    fc->changed = true;
  }
}

/* ---- Divergence: what a varying branch at block `bb` forces to VARYING ----
 * The branch splits the active lanes into groups, one per distinct successor S_i. Until
 * they meet again at a block P, thread frontiers interleave the groups block by block in
 * priority order, so while one group runs, the others wait at blocks of their own regions
 * R_k (reachable from S_k without passing P) or at P. A register that group i writes
 * somewhere in R_i while another group k still reads it in R_k or at P (it is live-in
 * there) cannot be one scalar for the whole group: it is VARYING. This covers the values
 * that meet at a join (live-in at the join, written on one path) and those that lanes
 * which left a loop early read after it, while a loop counter that no lane reads after
 * leaving stays uniform. P is the nearest post-dominator that comes after every block of
 * every R_k in priority order, so all groups have arrived before P runs. */

/* reach[i]: the blocks reachable from successor i without passing P (P included when
 * reached). Returns the largest priority position among them, P excluded. */
static uint32_t region_reach(const Cfg *cfg, const CfgBlock *blk, uint32_t P, uint64_t *reach,
                             uint32_t BW, uint32_t *stack) {
  uint32_t maxpos = 0;
  memset(reach, 0, (size_t)blk->nsuccs * BW * sizeof(uint64_t));
  for (uint32_t i = 0; i < blk->nsuccs; i++) {
    uint64_t *r = reach + (size_t)i * BW;
    uint32_t sp = 0, s0 = blk->succs[i];
    bits_set(r, s0);
    stack[sp++] = s0;
    while (sp) {
      uint32_t v = stack[--sp];
      if (v == P) continue;
      maxpos = MAX(maxpos, cfg->blocks[v].pos);
      const CfgBlock *vb = &cfg->blocks[v];
      for (uint32_t k = 0; k < vb->nsuccs; k++) {
        uint32_t w = vb->succs[k];
        if (!bits_get(r, w)) {
          bits_set(r, w);
          stack[sp++] = w;
        }
      }
    }
  }
  return maxpos;
}

static bool divergence_of_branch(const Cfg *cfg, const DomInfo *dom, const Bits *b, uint32_t bb,
                                 bool *forced, uint32_t nregs, bool *block_divergent) {
  const CfgBlock *blk = &cfg->blocks[bb];
  uint32_t nb = cfg->nblocks, W = b->words, BW = bits_words(nb);
  uint32_t ns = blk->nsuccs;
  uint64_t *reach = xcalloc((size_t)ns * BW + 1, sizeof(uint64_t));
  uint32_t *stack = xmalloc((nb + 1) * sizeof(uint32_t));
  uint32_t P = dom->ipdom[bb];
  while (P != CFG_NONE && region_reach(cfg, blk, P, reach, BW, stack) >= cfg->blocks[P].pos)
    P = dom->ipdom[P];
  if (P == CFG_NONE) region_reach(cfg, blk, P, reach, BW, stack);
  free(stack);
  for (uint32_t v = 0; v < nb; v++)
    for (uint32_t i = 0; i < ns && v != P && !block_divergent[v]; i++)
      block_divergent[v] = bits_get(reach + (size_t)i * BW, v);

  if (!b->defs) {
    /* Too large for liveness: everything the regions write. */
    ForceCtx fc = {b->cand, forced, false};
    for (uint32_t v = 0; v < nb; v++) {
      bool in = false;
      for (uint32_t i = 0; i < ns; i++) in |= v != P && bits_get(reach + (size_t)i * BW, v);
      for (uint32_t i = in ? cfg->blocks[v].first : 0; in && i < cfg->blocks[v].end; i++)
        if (an_stmt_instr(cfg->func, i)) for_each_def(an_stmt_instr(cfg->func, i), force_def, &fc);
    }
    free(reach);
    return fc.changed;
  }

  /* Per group: what it writes (defs) and what it reads on entry to its blocks (live). */
  uint64_t *defs = xcalloc((size_t)ns * W + 1, sizeof(uint64_t));
  uint64_t *live = xcalloc((size_t)ns * W + 1, sizeof(uint64_t));
  for (uint32_t i = 0; i < ns; i++) {
    const uint64_t *r = reach + (size_t)i * BW;
    uint64_t *d = defs + (size_t)i * W, *l = live + (size_t)i * W;
    for (uint32_t v = 0; v < nb; v++) {
      if (!bits_get(r, v) && v != P) continue;
      const uint64_t *li = b->live_in + (size_t)v * W;
      for (uint32_t w = 0; w < W; w++) l[w] |= li[w];
      if (v == P) continue;
      const uint64_t *bd = b->defs + (size_t)v * W;
      for (uint32_t w = 0; w < W; w++) d[w] |= bd[w];
    }
  }
  uint64_t *mark = xcalloc((size_t)W + 1, sizeof(uint64_t));
  for (uint32_t i = 0; i < ns; i++)
    for (uint32_t k = 0; k < ns; k++) {
      if (blk->succs[i] == blk->succs[k]) continue; /* one group */
      const uint64_t *d = defs + (size_t)i * W, *l = live + (size_t)k * W;
      for (uint32_t w = 0; w < W; w++) mark[w] |= d[w] & l[w];
    }
  bool changed = false;
  for (uint32_t r = 0; r < nregs; r++) {
    uint32_t i = b->cand[r];
    if (i != UINT32_MAX && bits_get(mark, i) && !forced[r]) {
      forced[r] = true;
      changed = true;
    }
  }
  free(reach);
  free(defs);
  free(live);
  free(mark);
  return changed;
}

static bool block_branch_uniform(const ShapeCtx *c, const CfgBlock *blk) {
  if (blk->term == CFG_NONE) return true;
  const PtxInstr *ins = an_stmt_instr(c->f, blk->term);
  if (guard_varying(c, ins)) return false;
  if (blk->term_kind == CFG_TERM_BRX && ins->noperands > 0) {
    Shape s = operand_shape(c, &ins->operands[0]);
    if (s.kind != SHAPE_UNIFORM && s.kind != SHAPE_BOTTOM) return false;
  }
  return true;
}

ShapeInfo *shape_compute(const Cfg *cfg, const DomInfo *dom, KDim3 block, unsigned G,
                         Arena *arena, DiagSink *d) {
  const PtxFunc *f = cfg->func;
  if (G == 0 || G > 64 || (G & (G - 1))) {
    diag_report(d, DIAG_ERROR, f->loc, "internal: group size %u is not a power of two up to 64", G);
    return NULL;
  }
  ShapeInfo *info = ARENA_NEW(arena, ShapeInfo);
  info->group_size = G;
  info->block = block;
  info->nregs = f->nregs;
  info->regs = ARENA_ARRAY(arena, Shape, f->nregs ? f->nregs : 1);
  info->sync_varying = ARENA_ARRAY(arena, bool, f->nregs ? f->nregs : 1);
  info->addr = ARENA_ARRAY(arena, Shape, f->nbody ? f->nbody : 1);
  info->branch_uniform = ARENA_ARRAY(arena, bool, cfg->nblocks ? cfg->nblocks : 1);
  info->block_divergent = ARENA_ARRAY(arena, bool, cfg->nblocks ? cfg->nblocks : 1);

  ShapeCtx c = {cfg, f, G, block, info->regs, info->sync_varying};
  for (uint32_t r = 0; r < f->nregs; r++) c.regs[r] = s_bottom();
  /* .reg parameters of a .func arrive from the caller, one value per lane. */
  for (uint32_t i = 0; i < f->nparams; i++)
    if (f->params[i]->reg && f->params[i]->reg->id < f->nregs) c.regs[f->params[i]->reg->id] = s_varying();

  Bits bits = {0};
  bool *done = xcalloc(cfg->nblocks + 1, sizeof(bool));
  bool first = true;
  for (;;) {
    info->iterations += regs_fixed_point(&c);
    if (G == 1) break;
    if (first) {
      first = false;
      uint32_t ncand = 0;
      bits.cand = xmalloc((f->nregs + 1) * sizeof(uint32_t));
      for (uint32_t r = 0; r < f->nregs; r++)
        bits.cand[r] = c.regs[r].kind == SHAPE_VARYING ? UINT32_MAX : ncand++;
      if (!liveness(cfg, &bits, ncand))
        LOG(LOG_IR, "%s: %u blocks x %u registers: divergence without liveness",
            f->name ? f->name : "?", cfg->nblocks, ncand);
    }
    bool changed = false;
    for (uint32_t k = 0; k < cfg->nreachable; k++) {
      uint32_t bb = cfg->order[k];
      const CfgBlock *blk = &cfg->blocks[bb];
      if (done[bb] || blk->nsuccs < 2 || block_branch_uniform(&c, blk)) continue;
      done[bb] = true;
      changed |= divergence_of_branch(cfg, dom, &bits, bb, c.forced, f->nregs, info->block_divergent);
    }
    if (!changed) break;
    /* Forced registers become VARYING; everything computed from them follows in the next
     * round of the fixed point. */
    for (uint32_t r = 0; r < f->nregs; r++)
      if (c.forced[r] && c.regs[r].kind != SHAPE_BOTTOM) c.regs[r] = s_varying();
  }
  free(done);
  free(bits.cand);
  free(bits.defs);
  free(bits.live_in);

  for (uint32_t r = 0; r < f->nregs; r++) {
    Shape *s = &c.regs[r];
    if (s->kind == SHAPE_BOTTOM) *s = s_uniform(0);
    if (G == 1 && s->kind != SHAPE_UNIFORM) *s = s_uniform(s->kind == SHAPE_AFFINE ? s->align_log2 : 0);
  }
  for (uint32_t k = 0; k < cfg->nblocks; k++)
    info->branch_uniform[k] = G == 1 || block_branch_uniform(&c, &cfg->blocks[k]);
  for (uint32_t i = 0; i < f->nbody; i++) {
    const PtxInstr *ins = an_stmt_instr(f, i);
    const PtxOperand *ad = ins ? addr_operand(ins) : NULL;
    info->addr[i] = ad ? operand_shape(&c, ad) : s_varying();
    if (info->addr[i].kind == SHAPE_BOTTOM) info->addr[i] = s_uniform(0);
    if (G == 1 && info->addr[i].kind != SHAPE_UNIFORM) info->addr[i] = s_uniform(0);
  }
  return info;
}

Shape shape_of_operand(const ShapeInfo *info, const PtxFunc *f, const PtxOperand *op) {
  ShapeCtx c = {NULL, f, info->group_size, info->block, info->regs, info->sync_varying};
  Shape s = operand_shape(&c, op);
  if (s.kind == SHAPE_BOTTOM) s = s_uniform(0);
  if (info->group_size == 1 && s.kind != SHAPE_UNIFORM) s = s_uniform(0);
  return s;
}

const char *shape_kind_name(ShapeKind kind) {
  switch (kind) {
  case SHAPE_UNIFORM: return "uniform";
  case SHAPE_AFFINE: return "affine";
  case SHAPE_VARYING: return "varying";
  }
  return "?";
}

void shape_print(Shape s, StrBuf *out) {
  if (s.kind == SHAPE_VARYING) {
    strbuf_puts(out, "varying");
  } else if (s.kind == SHAPE_AFFINE) {
    strbuf_printf(out, "affine(%lld, align %u)", (long long)s.stride,
                  s.align_log2 >= 63 ? 0 : 1u << MIN(s.align_log2, 31));
  } else if (s.is_const) {
    strbuf_printf(out, "uniform(=%llu)", (unsigned long long)s.value);
  } else {
    strbuf_printf(out, "uniform(align %u)", 1u << MIN(s.align_log2, 31));
  }
}
