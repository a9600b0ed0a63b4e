/* Texture and surface instructions (PTX ISA 9.7.10 tex/tld4/txq, 9.7.11 suld/sust) on
 * bindless texture and surface objects: the group's handles, coordinates and (sust)
 * values go to stack buffers, one call to exec's k_rt_tex (kernel_abi.h) serves the
 * active lanes, and the results come back as vectors. Texture references (.texref
 * module variables) are reported as unsupported. */
#include "cg_internal.h"
#include "kernel_abi.h"

extern const CgOpEntry cg_ops_tex[];

typedef struct TexBufs {
  LLVMValueRef handles, coords, out; /* allocas: [G x i64], [4G x i32], [4G x i32] */
} TexBufs;

static LLVMValueRef tex_alloca(CgContext *cg, LLVMTypeRef t, const char *name) {
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(cg->b);
  LLVMPositionBuilder(cg->b, cg->fn->entry_bb, LLVMGetFirstInstruction(cg->fn->entry_bb));
  LLVMValueRef p = LLVMBuildAlloca(cg->b, t, name);
  LLVMSetAlignment(p, 16);
  LLVMPositionBuilderAtEnd(cg->b, cur);
  return p;
}

static TexBufs tex_bufs(CgContext *cg) {
  TexBufs b;
  b.handles = tex_alloca(cg, LLVMArrayType(cg->t_i64, cg->G), "tex.handles");
  b.coords = tex_alloca(cg, LLVMArrayType(cg->t_i32, 4 * cg->G), "tex.coords");
  b.out = tex_alloca(cg, LLVMArrayType(cg->t_i32, 4 * cg->G), "tex.out");
  return b;
}

static LLVMValueRef tex_row(CgContext *cg, LLVMValueRef base, unsigned k) {
  LLVMValueRef idx = cg_i64(cg, (uint64_t)k * cg->G);
  return LLVMBuildGEP2(cg->b, cg->t_i32, base, &idx, 1, "");
}

static void tex_store_row(CgContext *cg, LLVMValueRef base, unsigned k, LLVMValueRef v) {
  LLVMValueRef st = LLVMBuildStore(cg->b, LLVMBuildBitCast(cg->b, v, cg->v_i32, ""), tex_row(cg, base, k));
  LLVMSetAlignment(st, 4);
}

static LLVMValueRef tex_load_row(CgContext *cg, LLVMValueRef base, unsigned k) {
  LLVMValueRef v = LLVMBuildLoad2(cg->b, cg->v_i32, tex_row(cg, base, k), "");
  LLVMSetAlignment(v, 4);
  return v;
}

/* The handle operand: a .u64 register (or immediate) holding a texture/surface object. */
static bool tex_handle(CgContext *cg, const PtxInstr *ins, const PtxOperand *h, TexBufs *b) {
  if (h->kind == PTX_OPND_VAR)
    return cg_unsupported(cg, ins, "texture/surface reference %s (only bindless texture and surface objects are)",
                          h->var->name);
  if (h->kind != PTX_OPND_REG && h->kind != PTX_OPND_IMM_INT)
    return cg_unsupported(cg, ins, "texture handle operand kind %d", (int)h->kind);
  LLVMValueRef v = cg_read(cg, h, cg_type_of(".u64"));
  LLVMValueRef st = LLVMBuildStore(cg->b, v, b->handles);
  LLVMSetAlignment(st, 8);
  return true;
}

/* Stores up to 4 coordinate elements; element 0 of an array geometry is the layer
 * (.u32), the others are read as `ctype`. */
static bool tex_coords(CgContext *cg, const PtxInstr *ins, const PtxOperand *c, PtxType ctype, bool layered,
                       TexBufs *b) {
  unsigned n = c->kind == PTX_OPND_VEC ? c->list.count : 1;
  if (n > 4) return cg_unsupported(cg, ins, "%u texture coordinates", n);
  for (unsigned k = 0; k < n; k++) {
    const PtxOperand *e = c->kind == PTX_OPND_VEC ? &c->list.elems[k] : c;
    LLVMValueRef v;
    if (e->kind == PTX_OPND_SINK)
      v = cg_zero(cg, cg->v_i32);
    else
      v = cg_read(cg, e, layered && k == 0 ? cg_type_of(".u32") : ctype);
    tex_store_row(cg, b->coords, k, v);
  }
  return true;
}

static LLVMValueRef tex_call(CgContext *cg, uint32_t op, TexBufs *b) {
  LLVMTypeRef pt[6] = {cg->t_i32, cg->t_i32, cg->t_i32, cg->t_ptr, cg->t_ptr, cg->t_ptr};
  LLVMValueRef av[6] = {cg_i32(cg, op), cg_i32(cg, cg->G), cg_mask_bits(cg, cg->emask), b->handles, b->coords,
                        b->out};
  return cg_call_extern(cg, "k_rt_tex", cg->t_i32, pt, 6, av);
}

/* k_rt_tex writes only the active lanes; a register the analysis calls uniform is
 * written without blending and read from any lane, so it gets the value everywhere. */
static LLVMValueRef tex_fill_uniform(CgContext *cg, const PtxOperand *e, LLVMValueRef v) {
  if (e->kind == PTX_OPND_REG && cg->G > 1 && cg_reg_uniform(cg, e->reg)) v = cg_splat(cg, cg_first_lane(cg, v));
  return v;
}

/* Writes the destination vector (or scalar) from out rows; a PAIR's predicate says the
 * texel was resident, which it always is. */
static void tex_write_dest(CgContext *cg, const PtxOperand *d, PtxType t, TexBufs *b) {
  if (d->kind == PTX_OPND_PAIR) {
    cg_write(cg, &d->list.elems[1], cg_const_int(cg, cg->t_i1, 1), cg_type_of(".pred"));
    d = &d->list.elems[0];
  }
  unsigned n = d->kind == PTX_OPND_VEC ? d->list.count : 1;
  for (unsigned k = 0; k < n && k < 4; k++) {
    const PtxOperand *e = d->kind == PTX_OPND_VEC ? &d->list.elems[k] : d;
    if (e->kind == PTX_OPND_SINK) continue;
    LLVMValueRef v = tex_fill_uniform(cg, e, tex_load_row(cg, b->out, k));
    if (cg_type_is(t, ".f32")) v = LLVMBuildBitCast(cg->b, v, cg_vtype(cg, t), "");
    cg_write(cg, e, v, t);
  }
}

static int tex_geometry(const PtxInstr *ins) {
  static const char *names[] = {".1d", ".2d", ".3d", ".a1d", ".a2d", ".cube", ".acube"};
  for (int g = 0; g < (int)ARRAY_LEN(names); g++)
    if (cg_has_mod(ins, names[g])) return g;
  return -1;
}

static bool tex_geometry_ok(CgContext *cg, const PtxInstr *ins, int *geom) {
  *geom = tex_geometry(ins);
  if (*geom < 0) {
    const char *s = cg_mod_text_of(ins, PTX_MODCAT_SHAPE);
    return cg_unsupported(cg, ins, "texture geometry %s", s ? s : "(none)");
  }
  return true;
}

/* The destination type's code for KTEX_OP_DST_SHIFT. */
static bool tex_dst_code(CgContext *cg, const PtxInstr *ins, PtxType t, uint32_t *code) {
  if (cg_type_is(t, ".f32"))
    *code = 0;
  else if (cg_type_is(t, ".s32"))
    *code = 1;
  else if (cg_type_is(t, ".u32"))
    *code = 2;
  else
    return cg_unsupported(cg, ins, "texture result type %s", t ? ptx_mod_text(t) : "(none)");
  return true;
}

/* tex.geom.v4.dtype.ctype d, [t, {c}] (optionally .level/.grad, whose level-of-detail
 * operands are ignored: ptxvm textures have one mip level). */
static bool emit_tex(CgContext *cg, const PtxInstr *ins) {
  PtxType dt = cg_itype(ins, 0), ct = cg_itype(ins, 1);
  int geom;
  uint32_t dcode = 0;
  if (!tex_geometry_ok(cg, ins, &geom) || !tex_dst_code(cg, ins, dt, &dcode)) return false;
  if (!cg_type_is(ct, ".f32") && !cg_type_is(ct, ".s32"))
    return cg_unsupported(cg, ins, "texture coordinate type %s", ct ? ptx_mod_text(ct) : "(none)");
  bool lod = cg_has_mod(ins, ".level") || cg_has_mod(ins, ".grad");
  if (ins->noperands < 2 || ins->operands[1].kind != PTX_OPND_TEX)
    return cg_error(cg, ins->loc, "tex needs a destination and [texture, {coordinates}]");
  if (ins->noperands > 2 && !lod)
    return cg_unsupported(cg, ins, "tex with offset or depth-compare operands");
  const PtxOperand *src = &ins->operands[1];
  if (src->list.count == 3)
    return cg_unsupported(cg, ins, "tex with a separate sampler (independent mode)");
  if (src->list.count != 2) return cg_error(cg, ins->loc, "tex wants [texture, {coordinates}]");
  TexBufs b = tex_bufs(cg);
  bool layered = geom == KTEX_GEOM_A1D || geom == KTEX_GEOM_A2D || geom == KTEX_GEOM_ACUBE;
  if (!tex_handle(cg, ins, &src->list.elems[0], &b) || !tex_coords(cg, ins, &src->list.elems[1], ct, layered, &b))
    return false;
  uint32_t op = (uint32_t)geom | (cg_type_is(ct, ".s32") ? KTEX_OP_INT_COORDS : 0) | dcode << KTEX_OP_DST_SHIFT |
                KTEX_KIND_TEX << KTEX_OP_KIND_SHIFT;
  tex_call(cg, op, &b);
  tex_write_dest(cg, &ins->operands[0], dt, &b);
  return true;
}

/* tld4.comp.2d.v4.dtype.f32 d, [t, {x, y}]: the bilinear footprint's four texels. */
static bool emit_tld4(CgContext *cg, const PtxInstr *ins) {
  PtxType dt = cg_itype(ins, 0), ct = cg_itype(ins, 1);
  int geom;
  uint32_t dcode = 0, comp;
  if (!tex_geometry_ok(cg, ins, &geom) || !tex_dst_code(cg, ins, dt, &dcode)) return false;
  if (geom != KTEX_GEOM_2D) return cg_unsupported(cg, ins, "tld4 other than .2d");
  if (!cg_type_is(ct, ".f32")) return cg_unsupported(cg, ins, "tld4 with non-.f32 coordinates");
  if (cg_has_mod(ins, ".r")) comp = 0;
  else if (cg_has_mod(ins, ".g")) comp = 1;
  else if (cg_has_mod(ins, ".b")) comp = 2;
  else if (cg_has_mod(ins, ".a")) comp = 3;
  else return cg_error(cg, ins->loc, "tld4 needs .r, .g, .b or .a");
  if (ins->noperands != 2 || ins->operands[1].kind != PTX_OPND_TEX || ins->operands[1].list.count != 2)
    return cg_unsupported(cg, ins, "tld4 form (only tld4.comp.2d d, [t, {x, y}])");
  TexBufs b = tex_bufs(cg);
  const PtxOperand *src = &ins->operands[1];
  if (!tex_handle(cg, ins, &src->list.elems[0], &b) || !tex_coords(cg, ins, &src->list.elems[1], ct, false, &b))
    return false;
  tex_call(cg, (uint32_t)geom | dcode << KTEX_OP_DST_SHIFT | KTEX_KIND_TLD4 << KTEX_OP_KIND_SHIFT |
                   comp << KTEX_OP_ARG_SHIFT, &b);
  tex_write_dest(cg, &ins->operands[0], dt, &b);
  return true;
}

/* txq.query.b32 d, [t] and suq.query.b32 d, [s] (the queries they share). */
static bool emit_txq(CgContext *cg, const PtxInstr *ins) {
  static const char *queries[] = {".width", ".height", ".depth", ".channel_data_type", ".channel_order",
                                  ".normalized_coords", ".array_size", ".num_mipmap_levels", ".num_samples",
                                  ".filter_mode", ".addr_mode_0", ".addr_mode_1", ".addr_mode_2"};
  int q = -1;
  for (int i = 0; i < (int)ARRAY_LEN(queries); i++)
    if (cg_has_mod(ins, queries[i])) q = i;
  if (q < 0) return cg_unsupported(cg, ins, "%s query", ptx_opcode_name(ins->op));
  /* [t] parses as a one-element texture operand or as an address without offset. */
  const PtxOperand *a = ins->noperands == 2 ? &ins->operands[1] : NULL, *h = NULL;
  if (a && a->kind == PTX_OPND_TEX && a->list.count == 1) h = &a->list.elems[0];
  if (a && a->kind == PTX_OPND_ADDR && a->addr.base && a->addr.offset == 0) h = a->addr.base;
  if (!h) return cg_unsupported(cg, ins, "%s form (only %s.query.b32 d, [t])", ptx_opcode_name(ins->op),
                                ptx_opcode_name(ins->op));
  TexBufs b = tex_bufs(cg);
  if (!tex_handle(cg, ins, h, &b)) return false;
  tex_call(cg, KTEX_KIND_TXQ << KTEX_OP_KIND_SHIFT | (uint32_t)q << KTEX_OP_ARG_SHIFT, &b);
  cg_write(cg, &ins->operands[0], tex_fill_uniform(cg, &ins->operands[0], tex_load_row(cg, b.out, 0)),
           cg_type_of(".b32"));
  return true;
}

/* suld.b.geom{.vec}.btype.mode d, [s, {x, ...}] and sust.b.geom{.vec}.btype.mode
 * [s, {x, ...}], v: x in bytes; .trap (the default) faults out of range, .clamp uses
 * the nearest element, .zero reads zeros and drops writes. */
static bool emit_surface(CgContext *cg, const PtxInstr *ins, bool store) {
  const char *name = store ? "sust" : "suld";
  if (cg_has_mod(ins, ".p")) return cg_unsupported(cg, ins, "%s.p (formatted surface access)", name);
  int geom;
  if (!tex_geometry_ok(cg, ins, &geom)) return false;
  if (geom > KTEX_GEOM_A2D) return cg_unsupported(cg, ins, "%s on a cube map", name);
  PtxType t = cg_itype(ins, 0);
  unsigned bits = t ? ptx_type_bits(t) : 0, elog;
  switch (bits) {
  case 8: elog = 0; break;
  case 16: elog = 1; break;
  case 32: elog = 2; break;
  case 64: elog = 3; break;
  default: return cg_unsupported(cg, ins, "%s of %u-bit elements", name, bits);
  }
  unsigned vec = ptx_instr_vec(ins), vlog = vec == 4 ? 2 : vec == 2 ? 1 : 0;
  if (bits == 64 && vec > 2) return cg_unsupported(cg, ins, "%s.v4.b64", name);
  uint32_t mode = cg_has_mod(ins, ".clamp") ? KTEX_SURF_CLAMP : cg_has_mod(ins, ".zero") ? KTEX_SURF_ZERO : KTEX_SURF_TRAP;
  unsigned ai = store ? 0 : 1;
  if (ins->noperands != 2 || ins->operands[ai].kind != PTX_OPND_TEX || ins->operands[ai].list.count != 2)
    return cg_error(cg, ins->loc, "%s wants [surface, {coordinates}]", name);
  const PtxOperand *a = &ins->operands[ai], *v = &ins->operands[1 - ai];
  TexBufs b = tex_bufs(cg);
  bool layered = geom == KTEX_GEOM_A1D || geom == KTEX_GEOM_A2D;
  if (!tex_handle(cg, ins, &a->list.elems[0], &b) ||
      !tex_coords(cg, ins, &a->list.elems[1], cg_type_of(".s32"), layered, &b))
    return false;
  PtxType wt = bits == 64   ? cg_type_of(".b64")
               : bits == 32 ? cg_type_of(".b32")
               : bits == 16 ? cg_type_of(".b16")
                            : cg_type_of(".b8");
  LLVMTypeRef v_i64 = cg_vec_type(cg, cg->t_i64);
  if (store) {
    unsigned n = v->kind == PTX_OPND_VEC ? v->list.count : 1;
    for (unsigned k = 0; k < n && k < 4; k++) {
      const PtxOperand *e = v->kind == PTX_OPND_VEC ? &v->list.elems[k] : v;
      LLVMValueRef x = cg_read(cg, e, wt);
      if (bits == 64) { /* low word in row 2k, high in 2k+1 */
        tex_store_row(cg, b.out, 2 * k, LLVMBuildTrunc(cg->b, x, cg->v_i32, ""));
        LLVMValueRef hi = LLVMBuildLShr(cg->b, x, cg_const_int(cg, cg->t_i64, 32), "");
        tex_store_row(cg, b.out, 2 * k + 1, LLVMBuildTrunc(cg->b, hi, cg->v_i32, ""));
        continue;
      }
      if (bits < 32) x = LLVMBuildZExt(cg->b, x, cg->v_i32, "");
      tex_store_row(cg, b.out, k, x);
    }
  }
  uint32_t op = (uint32_t)geom | (store ? KTEX_KIND_SUST : KTEX_KIND_SULD) << KTEX_OP_KIND_SHIFT |
                mode << KTEX_OP_ARG_SHIFT | elog << KTEX_OP_SURF_ELEM_SHIFT | vlog << KTEX_OP_SURF_VEC_SHIFT;
  LLVMValueRef trap = tex_call(cg, op, &b);
  if (!store) {
    unsigned n = v->kind == PTX_OPND_VEC ? v->list.count : 1;
    for (unsigned k = 0; k < n && k < 4; k++) {
      const PtxOperand *e = v->kind == PTX_OPND_VEC ? &v->list.elems[k] : v;
      if (e->kind == PTX_OPND_SINK) continue;
      LLVMValueRef x;
      if (bits == 64) {
        LLVMValueRef lo = LLVMBuildZExt(cg->b, tex_load_row(cg, b.out, 2 * k), v_i64, "");
        LLVMValueRef hi = LLVMBuildZExt(cg->b, tex_load_row(cg, b.out, 2 * k + 1), v_i64, "");
        x = LLVMBuildOr(cg->b, lo, LLVMBuildShl(cg->b, hi, cg_const_int(cg, cg->t_i64, 32), ""), "");
      } else {
        x = tex_load_row(cg, b.out, k);
        if (bits < 32) x = LLVMBuildTrunc(cg->b, x, cg_vtype(cg, wt), "");
      }
      cg_write(cg, e, tex_fill_uniform(cg, e, x), wt);
    }
  }
  if (mode == KTEX_SURF_TRAP) {
    /* k_rt_tex returned 1 + the first out-of-range lane, or 0: trap for that lane only. */
    LLVMValueRef lane = cg_splat(cg, LLVMBuildSub(cg->b, trap, cg_i32(cg, 1), ""));
    LLVMValueRef hit = LLVMBuildICmp(cg->b, LLVMIntEQ, cg->lane, lane, "");
    LLVMValueRef saved = cg->emask;
    cg->emask = LLVMBuildAnd(cg->b, saved, hit, "");
    cg_emit_trap(cg, ins, KTRAP_ILLEGAL_ADDRESS, NULL);
    cg->emask = saved;
  }
  return true;
}

static bool emit_suld(CgContext *cg, const PtxInstr *ins) { return emit_surface(cg, ins, false); }
static bool emit_sust(CgContext *cg, const PtxInstr *ins) { return emit_surface(cg, ins, true); }

const CgOpEntry cg_ops_tex[] = {
    {"tex", emit_tex},   {"tld4", emit_tld4}, {"txq", emit_txq},
    {"suld", emit_suld}, {"sust", emit_sust}, {"suq", emit_txq}, {NULL, NULL},
};
