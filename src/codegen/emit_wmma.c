/* Warp-level matrix instructions wmma.load / wmma.store / wmma.mma (PTX ISA 9.7.14.4).
 * A fragment's element <-> matrix mapping is implementation-defined, and programs only
 * combine load, mma, store and element-wise arithmetic on fragments of one kind, so ptxvm
 * picks the mapping that makes mma cheap: element e of the matrix (row-major over its
 * logical rows x cols) lives in register e / (32*epr), lane (e / epr) % 32, sub-element
 * e % epr (epr = elements per 32-bit register). Storing a fragment's registers one after
 * another (<32 x i32> each) then lays the matrix out row-major, and mma runs a plain
 * scalar loop over those copies (one helper function per shape and types). The warp is
 * one group (G = 32, cg_op_is_warp_level). Registers beyond what the matrix needs (f16 A/B
 * fragments hold every element twice on a GPU) stay zero. */
#include "cg_internal.h"

#define B (cg->b)

typedef struct WmmaShape {
  unsigned m, n, k;
} WmmaShape;

static bool wmma_shape(const PtxInstr *ins, WmmaShape *s) {
  static const struct {
    const char *text;
    WmmaShape s;
  } shapes[] = {{".m16n16k16", {16, 16, 16}}, {".m32n8k16", {32, 8, 16}}, {".m8n32k16", {8, 32, 16}},
                {".m16n16k8", {16, 16, 8}}};
  for (size_t i = 0; i < ARRAY_LEN(shapes); i++)
    if (cg_has_mod(ins, shapes[i].text)) {
      *s = shapes[i].s;
      return true;
    }
  return false;
}

/* Element bits of a fragment type, 0 when ptxvm does not take it. */
static unsigned elem_bits(PtxType t) {
  if (cg_type_is(t, ".f16") || cg_type_is(t, ".bf16")) return 16;
  if (cg_type_is(t, ".u8") || cg_type_is(t, ".s8")) return 8;
  if (cg_type_is(t, ".f32") || cg_type_is(t, ".s32") || cg_type_is(t, ".tf32")) return 32;
  return 0;
}

/* Rows and columns of fragment `which` ('a' M x K, 'b' K x N, 'c'/'d' M x N). */
static void frag_dims(WmmaShape s, char which, unsigned *rows, unsigned *cols) {
  if (which == 'a') *rows = s.m, *cols = s.k;
  else if (which == 'b') *rows = s.k, *cols = s.n;
  else *rows = s.m, *cols = s.n;
}

static char frag_kind(const PtxInstr *ins) {
  return cg_has_mod(ins, ".a") ? 'a' : cg_has_mod(ins, ".b") ? 'b' : cg_has_mod(ins, ".c") ? 'c' : 'd';
}

/* Per-lane element addresses for sub-element q of register i: base + (r*stride + c)*size
 * (row-major memory) or (c*stride + r)*size (column-major). */
static LLVMValueRef elem_ptrs(CgContext *cg, LLVMValueRef base, LLVMValueRef stride, unsigned i, unsigned q,
                              unsigned epr, unsigned cols, unsigned bits, bool col_major) {
  LLVMValueRef lane = LLVMBuildZExt(B, cg->lane, cg->v_i64, "");
  LLVMValueRef e = LLVMBuildAdd(B, LLVMBuildMul(B, lane, cg_const_int(cg, cg->t_i64, epr), ""),
                                cg_const_int(cg, cg->t_i64, (uint64_t)i * 32 * epr + q), "");
  LLVMValueRef r = LLVMBuildUDiv(B, e, cg_const_int(cg, cg->t_i64, cols), "");
  LLVMValueRef c = LLVMBuildURem(B, e, cg_const_int(cg, cg->t_i64, cols), "");
  LLVMValueRef off = col_major ? LLVMBuildAdd(B, LLVMBuildMul(B, c, stride, ""), r, "")
                               : LLVMBuildAdd(B, LLVMBuildMul(B, r, stride, ""), c, "");
  off = LLVMBuildMul(B, off, cg_const_int(cg, cg->t_i64, bits / 8), "");
  return cg_to_ptr_vec(cg, LLVMBuildAdd(B, base, off, ""));
}

static bool wmma_ldst(CgContext *cg, const PtxInstr *ins, bool store) {
  WmmaShape s;
  if (!wmma_shape(ins, &s)) return cg_unsupported(cg, ins, "this wmma shape");
  char which = frag_kind(ins);
  unsigned bits = elem_bits(cg_itype(ins, 0));
  if (!bits) return cg_unsupported(cg, ins, "wmma fragments of this type");
  const PtxOperand *frag = &ins->operands[store ? 1 : 0], *mem = &ins->operands[store ? 0 : 1];
  if (frag->kind != PTX_OPND_VEC) return cg_unsupported(cg, ins, "this wmma operand form");
  unsigned rows, cols, epr = 32 / bits;
  frag_dims(s, which, &rows, &cols);
  unsigned total = rows * cols, nregs = frag->list.count;
  if ((uint64_t)nregs * 32 * epr < total) return cg_unsupported(cg, ins, "a wmma fragment of %u registers", nregs);
  bool col_major = cg_has_mod(ins, ".col");
  LLVMValueRef stride = ins->noperands > 2
                            ? LLVMBuildZExt(B, cg_read(cg, &ins->operands[2], cg_type_of(".u32")), cg->v_i64, "")
                            : cg_const_int(cg, cg->t_i64, col_major ? rows : cols);
  PtxSpace space = ptx_instr_space(ins);
  LLVMValueRef base = LLVMBuildPtrToInt(B, cg_address(cg, mem, space, cg_type_of(".u64")), cg->v_i64, "");
  LLVMTypeRef et = LLVMIntTypeInContext(cg->ctx, bits);
  PtxType b32 = cg_type_of(".b32");
  for (unsigned i = 0; i < nregs; i++) {
    const PtxOperand *reg = &frag->list.elems[i];
    bool used = (uint64_t)i * 32 * epr < total;
    if (store) {
      if (!used) continue;
      LLVMValueRef v = cg_read(cg, reg, b32);
      for (unsigned q = 0; q < epr; q++) {
        LLVMValueRef part = LLVMBuildLShr(B, v, cg_const_int(cg, cg->t_i32, q * bits), "");
        part = bits < 32 ? LLVMBuildTrunc(B, part, cg_vec_type(cg, et), "") : part;
        cg_store_vec(cg, elem_ptrs(cg, base, stride, i, q, epr, cols, bits, col_major), part, cg->emask, false);
      }
      continue;
    }
    LLVMValueRef v = cg_zero(cg, cg->v_i32);
    for (unsigned q = 0; used && q < epr; q++) {
      LLVMValueRef x = cg_load_vec(cg, elem_ptrs(cg, base, stride, i, q, epr, cols, bits, col_major), et, cg->emask, false);
      if (bits < 32) x = LLVMBuildZExt(B, x, cg->v_i32, "");
      v = LLVMBuildOr(B, v, LLVMBuildShl(B, x, cg_const_int(cg, cg->t_i32, q * bits), ""), "");
    }
    cg_write(cg, reg, v, b32);
  }
  return true;
}

static bool emit_wmma_load(CgContext *cg, const PtxInstr *ins) { return wmma_ldst(cg, ins, false); }
static bool emit_wmma_store(CgContext *cg, const PtxInstr *ins) { return wmma_ldst(cg, ins, true); }

/* Element kinds of the mma helper. */
enum { E_F16, E_BF16, E_TF32, E_F32, E_U8, E_S8, E_S32, E_F64 };

static int elem_kind(PtxType t) {
  if (cg_type_is(t, ".f16")) return E_F16;
  if (cg_type_is(t, ".bf16")) return E_BF16;
  if (cg_type_is(t, ".tf32")) return E_TF32;
  if (cg_type_is(t, ".f32")) return E_F32;
  if (cg_type_is(t, ".u8")) return E_U8;
  if (cg_type_is(t, ".s8")) return E_S8;
  if (cg_type_is(t, ".s32")) return E_S32;
  if (cg_type_is(t, ".f64")) return E_F64;
  return -1;
}

static const unsigned kind_bits[] = {16, 16, 32, 32, 8, 8, 32, 64};

/* Loads element `idx` of a row-major matrix of kind k from p as the accumulator type. */
static LLVMValueRef helper_load(CgContext *cg, LLVMBuilderRef b, LLVMValueRef p, LLVMValueRef idx, int k) {
  LLVMTypeRef it = LLVMIntTypeInContext(cg->ctx, kind_bits[k]);
  LLVMValueRef ptr = LLVMBuildGEP2(b, it, p, &idx, 1, "");
  LLVMValueRef v = LLVMBuildLoad2(b, it, ptr, "");
  switch (k) {
  case E_F16: return LLVMBuildFPExt(b, LLVMBuildBitCast(b, v, cg->t_f16, ""), cg->t_f32, "");
  case E_BF16:
    return LLVMBuildBitCast(b, LLVMBuildShl(b, LLVMBuildZExt(b, v, cg->t_i32, ""), LLVMConstInt(cg->t_i32, 16, false), ""),
                            cg->t_f32, "");
  case E_TF32: /* tf32 keeps 10 mantissa bits */
    return LLVMBuildBitCast(b, LLVMBuildAnd(b, v, LLVMConstInt(cg->t_i32, 0xffffe000u, false), ""), cg->t_f32, "");
  case E_F32: return LLVMBuildBitCast(b, v, cg->t_f32, "");
  case E_U8: return LLVMBuildZExt(b, v, cg->t_i32, "");
  case E_S8: return LLVMBuildSExt(b, v, cg->t_i32, "");
  case E_F64: return LLVMBuildBitCast(b, v, cg->t_f64, "");
  default: return v;
  }
}

/* void helper(ptr A, ptr B, ptr C, ptr D): D = A*B + C over row-major copies, accumulating
 * in f32 (floating types, with fma) or i32 (8-bit integers, wrapping as .satfinite is not
 * asked). */
static LLVMValueRef mma_helper(CgContext *cg, WmmaShape s, int ka, int kb, int kc, int kd) {
  char name[96];
  snprintf(name, sizeof name, "ptxvm.wmma.m%un%uk%u.%d.%d.%d.%d", s.m, s.n, s.k, ka, kb, kc, kd);
  LLVMValueRef fn = LLVMGetNamedFunction(cg->mod, name);
  if (fn) return fn;
  LLVMTypeRef pt[4] = {cg->t_ptr, cg->t_ptr, cg->t_ptr, cg->t_ptr};
  fn = LLVMAddFunction(cg->mod, name, LLVMFunctionType(cg->t_void, pt, 4, false));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  bool fp = ka != E_U8 && ka != E_S8;
  LLVMTypeRef acc_t = ka == E_F64 ? cg->t_f64 : fp ? cg->t_f32 : cg->t_i32;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(cg->ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(cg->ctx, fn, "entry"),
                    outer = LLVMAppendBasicBlockInContext(cg->ctx, fn, "outer"),
                    inner = LLVMAppendBasicBlockInContext(cg->ctx, fn, "inner"),
                    oend = LLVMAppendBasicBlockInContext(cg->ctx, fn, "outer.end"),
                    done = LLVMAppendBasicBlockInContext(cg->ctx, fn, "done");
  LLVMValueRef A = LLVMGetParam(fn, 0), Bm = LLVMGetParam(fn, 1), C = LLVMGetParam(fn, 2), D = LLVMGetParam(fn, 3);
  LLVMTypeRef i32 = cg->t_i32;
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMBuildBr(b, outer);
  LLVMPositionBuilderAtEnd(b, outer);
  LLVMValueRef idx = LLVMBuildPhi(b, i32, "idx");
  LLVMValueRef m = LLVMBuildUDiv(b, idx, LLVMConstInt(i32, s.n, false), "");
  LLVMValueRef n = LLVMBuildURem(b, idx, LLVMConstInt(i32, s.n, false), "");
  LLVMValueRef acc0 = helper_load(cg, b, C, idx, kc);
  if (kc == E_F16) acc0 = LLVMBuildBitCast(b, acc0, acc_t, ""); /* already f32 */
  LLVMBuildBr(b, inner);
  LLVMPositionBuilderAtEnd(b, inner);
  LLVMValueRef k = LLVMBuildPhi(b, i32, "k"), acc = LLVMBuildPhi(b, acc_t, "acc");
  LLVMValueRef ia = LLVMBuildAdd(b, LLVMBuildMul(b, m, LLVMConstInt(i32, s.k, false), ""), k, "");
  LLVMValueRef ib = LLVMBuildAdd(b, LLVMBuildMul(b, k, LLVMConstInt(i32, s.n, false), ""), n, "");
  LLVMValueRef x = helper_load(cg, b, A, ia, ka), y = helper_load(cg, b, Bm, ib, kb), acc1;
  if (fp) {
    LLVMTypeRef ft = acc_t;
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(cg->mod, LLVMLookupIntrinsicID("llvm.fma", 8), &ft, 1);
    LLVMValueRef args[3] = {x, y, acc};
    acc1 = LLVMBuildCall2(b, LLVMIntrinsicGetType(cg->ctx, LLVMLookupIntrinsicID("llvm.fma", 8), &ft, 1), f, args, 3, "");
  } else {
    acc1 = LLVMBuildAdd(b, acc, LLVMBuildMul(b, x, y, ""), "");
  }
  LLVMValueRef k1 = LLVMBuildAdd(b, k, LLVMConstInt(i32, 1, false), "");
  LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, k1, LLVMConstInt(i32, s.k, false), ""), inner, oend);
  LLVMValueRef kv[2] = {LLVMConstInt(i32, 0, false), k1}, av[2] = {acc0, acc1};
  LLVMBasicBlockRef kb2[2] = {outer, inner};
  LLVMAddIncoming(k, kv, kb2, 2);
  LLVMAddIncoming(acc, av, kb2, 2);
  LLVMPositionBuilderAtEnd(b, oend);
  LLVMValueRef out = acc1;
  LLVMTypeRef dt = LLVMIntTypeInContext(cg->ctx, kind_bits[kd]);
  if (kd == E_F16) out = LLVMBuildBitCast(b, LLVMBuildFPTrunc(b, acc1, cg->t_f16, ""), dt, "");
  else if (fp) out = LLVMBuildBitCast(b, acc1, dt, "");
  LLVMBuildStore(b, out, LLVMBuildGEP2(b, dt, D, &idx, 1, ""));
  LLVMValueRef idx1 = LLVMBuildAdd(b, idx, LLVMConstInt(i32, 1, false), "");
  LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, idx1, LLVMConstInt(i32, s.m * s.n, false), ""), outer, done);
  LLVMValueRef iv[2] = {LLVMConstInt(i32, 0, false), idx1};
  LLVMBasicBlockRef ibb[2] = {entry, oend};
  LLVMAddIncoming(idx, iv, ibb, 2);
  LLVMPositionBuilderAtEnd(b, done);
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  return fn;
}

/* A fragment's registers copied one after another into an entry-block scratch buffer. */
static LLVMValueRef frag_spill(CgContext *cg, const PtxOperand *frag, bool load) {
  unsigned nregs = frag->list.count;
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(B);
  LLVMPositionBuilder(B, cg->fn->entry_bb, LLVMGetFirstInstruction(cg->fn->entry_bb));
  LLVMValueRef buf = LLVMBuildAlloca(B, LLVMArrayType(cg->v_i32, nregs), "wmma.frag");
  LLVMSetAlignment(buf, 64);
  LLVMPositionBuilderAtEnd(B, cur);
  for (unsigned i = 0; load && i < nregs; i++) {
    LLVMValueRef idx = cg_i64(cg, (uint64_t)i * 32 * 4);
    LLVMBuildStore(B, cg_read(cg, &frag->list.elems[i], cg_type_of(".b32")), LLVMBuildGEP2(B, cg->t_i8, buf, &idx, 1, ""));
  }
  return buf;
}

static bool emit_wmma_mma(CgContext *cg, const PtxInstr *ins) {
  WmmaShape s;
  if (!wmma_shape(ins, &s)) return cg_unsupported(cg, ins, "this wmma shape");
  if (cg->G != 32) return cg_unsupported(cg, ins, "wmma.mma outside a 32-lane group");
  int kd, ka, kb, kc;
  if (ins->ntypes == 2) { /* .dtype.ctype with f16 inputs */
    kd = elem_kind(cg_itype(ins, 0)), kc = elem_kind(cg_itype(ins, 1)), ka = kb = E_F16;
  } else {
    kd = elem_kind(cg_itype(ins, 0)), ka = elem_kind(cg_itype(ins, 1)), kb = elem_kind(cg_itype(ins, 2)),
    kc = elem_kind(cg_itype(ins, 3));
  }
  if (kd < 0 || ka < 0 || kb < 0 || kc < 0 || cg_has_mod(ins, ".satfinite"))
    return cg_unsupported(cg, ins, "wmma.mma of these types");
  const PtxOperand *d = &ins->operands[0], *a = &ins->operands[1], *b = &ins->operands[2], *c = &ins->operands[3];
  if (d->kind != PTX_OPND_VEC || a->kind != PTX_OPND_VEC || b->kind != PTX_OPND_VEC || c->kind != PTX_OPND_VEC)
    return cg_unsupported(cg, ins, "this wmma operand form");
  unsigned need[4] = {s.m * s.n * kind_bits[kd], s.m * s.k * kind_bits[ka], s.k * s.n * kind_bits[kb],
                      s.m * s.n * kind_bits[kc]};
  const PtxOperand *ops[4] = {d, a, b, c};
  for (unsigned i = 0; i < 4; i++)
    if ((uint64_t)ops[i]->list.count * 32 * 32 < need[i])
      return cg_unsupported(cg, ins, "a wmma fragment of %u registers", ops[i]->list.count);
  LLVMValueRef pa = frag_spill(cg, a, true), pb = frag_spill(cg, b, true), pc = frag_spill(cg, c, true),
               pd = frag_spill(cg, d, false);
  LLVMValueRef fn = mma_helper(cg, s, ka, kb, kc, kd);
  LLVMValueRef args[4] = {pa, pb, pc, pd};
  LLVMTypeRef pt[4] = {cg->t_ptr, cg->t_ptr, cg->t_ptr, cg->t_ptr};
  LLVMBuildCall2(B, LLVMFunctionType(cg->t_void, pt, 4, false), fn, args, 4, "");
  for (unsigned i = 0; i < d->list.count; i++) {
    LLVMValueRef idx = cg_i64(cg, (uint64_t)i * 32 * 4);
    LLVMValueRef v = (uint64_t)i * 32 * 32 < need[0]
                         ? LLVMBuildLoad2(B, cg->v_i32, LLVMBuildGEP2(B, cg->t_i8, pd, &idx, 1, ""), "")
                         : cg_zero(cg, cg->v_i32);
    cg_write(cg, &d->list.elems[i], v, cg_type_of(".b32"));
  }
  return true;
}

/* ---- mma.sync.aligned (PTX ISA 9.7.14.5): here programs index fragments directly, so
 * each element sits exactly where the ISA's "Matrix fragments for mma.mXnYkZ" figures put
 * it. The fragments are scattered into row-major copies (constant per-lane positions),
 * multiplied by the wmma helper, and D is gathered back. ---- */

typedef struct MmaForm {
  const char *shape;
  WmmaShape s;
  int ka; /* input kind */
} MmaForm;

/* (row, col) of element i of a lane's fragment `which` ('a', 'b', 'c') for lane l, with
 * g = l / 4 (groupID) and t = l % 4 (threadID_in_group). */
static void mma_pos(const MmaForm *f, char which, unsigned l, unsigned i, unsigned *row, unsigned *col) {
  unsigned g = l >> 2, t = l & 3;
  if (f->ka == E_F64) { /* m8n8k4 */
    if (which == 'a') *row = g, *col = t;
    else if (which == 'b') *row = t, *col = g;
    else *row = g, *col = t * 2 + i;
    return;
  }
  if (which == 'c') { /* every m16n8 shape: c0,c1 row g, c2,c3 row g+8 */
    *row = g + (i >= 2 ? 8 : 0), *col = t * 2 + (i & 1);
    return;
  }
  if (f->ka == E_TF32) { /* m16n8k4, m16n8k8 */
    if (which == 'a') *row = g + (i & 1 ? 8 : 0), *col = t + (i >= 2 ? 4 : 0);
    else *row = t + (i ? 4 : 0), *col = g;
    return;
  }
  if (f->ka == E_S8 || f->ka == E_U8) { /* m16n8k32 */
    if (which == 'a') *row = g + ((i >> 2) & 1 ? 8 : 0), *col = t * 4 + (i & 3) + (i >= 8 ? 16 : 0);
    else *row = t * 4 + (i & 3) + (i >= 4 ? 16 : 0), *col = g;
    return;
  }
  /* f16/bf16 m16n8k8 and m16n8k16 */
  if (which == 'a') *row = g + ((i >> 1) & 1 ? 8 : 0), *col = t * 2 + (i & 1) + (i >= 4 ? 8 : 0);
  else *row = t * 2 + (i & 1) + (i >= 2 ? 8 : 0), *col = g;
}

/* Constant <32 x ptr> into a row-major scratch matrix for element i of every lane. */
static LLVMValueRef mma_ptrs(CgContext *cg, const MmaForm *f, char which, unsigned i, LLVMValueRef base,
                             unsigned cols, unsigned bytes) {
  LLVMValueRef off[32];
  for (unsigned l = 0; l < 32; l++) {
    unsigned r, c;
    mma_pos(f, which, l, i, &r, &c);
    off[l] = LLVMConstInt(cg->t_i64, (uint64_t)(r * cols + c) * bytes, false);
  }
  LLVMValueRef b = cg_splat(cg, LLVMBuildPtrToInt(B, base, cg->t_i64, ""));
  return cg_to_ptr_vec(cg, LLVMBuildAdd(B, b, LLVMConstVector(off, 32), ""));
}

static LLVMValueRef scratch(CgContext *cg, unsigned bytes) {
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(B);
  LLVMPositionBuilder(B, cg->fn->entry_bb, LLVMGetFirstInstruction(cg->fn->entry_bb));
  LLVMValueRef buf = LLVMBuildAlloca(B, LLVMArrayType(cg->t_i8, bytes), "mma.tile");
  LLVMSetAlignment(buf, 64);
  LLVMPositionBuilderAtEnd(B, cur);
  return buf;
}

/* Fragment operand -> scratch matrix (store) or scratch matrix -> fragment (load). */
static bool mma_frag(CgContext *cg, const MmaForm *f, char which, const PtxOperand *o, int kind, LLVMValueRef buf,
                     unsigned cols, unsigned nelems, bool to_regs) {
  unsigned bits = kind_bits[kind], rbits = bits == 64 ? 64 : 32, epr = rbits / bits;
  unsigned nregs = o->kind == PTX_OPND_VEC ? o->list.count : 1;
  if (nregs * epr != nelems) return cg_unsupported(cg, cg->ins, "an mma fragment of %u registers", nregs);
  LLVMValueRef all = LLVMConstAllOnes(cg->v_i1);
  LLVMTypeRef et = LLVMIntTypeInContext(cg->ctx, bits), rvt = cg_vec_type(cg, LLVMIntTypeInContext(cg->ctx, rbits));
  PtxType rt = cg_type_of(rbits == 64 ? ".b64" : ".b32");
  for (unsigned r = 0; r < nregs; r++) {
    const PtxOperand *reg = o->kind == PTX_OPND_VEC ? &o->list.elems[r] : o;
    LLVMValueRef v = to_regs ? cg_zero(cg, rvt) : cg_read(cg, reg, rt);
    for (unsigned q = 0; q < epr; q++) {
      LLVMValueRef ptrs = mma_ptrs(cg, f, which, r * epr + q, buf, cols, bits / 8);
      if (to_regs) {
        LLVMValueRef x = cg_load_vec(cg, ptrs, et, all, false);
        if (bits < rbits) x = LLVMBuildZExt(B, x, rvt, "");
        v = LLVMBuildOr(B, v, LLVMBuildShl(B, x, cg_const_int(cg, LLVMGetElementType(rvt), q * bits), ""), "");
      } else {
        LLVMValueRef x = LLVMBuildLShr(B, v, cg_const_int(cg, LLVMGetElementType(rvt), q * bits), "");
        if (bits < rbits) x = LLVMBuildTrunc(B, x, cg_vec_type(cg, et), "");
        cg_store_vec(cg, ptrs, x, all, false);
      }
    }
    if (to_regs) cg_write(cg, reg, v, rt);
  }
  return true;
}

static bool emit_mma(CgContext *cg, const PtxInstr *ins) {
  static const MmaForm forms[] = {
      {".m16n8k8", {16, 8, 8}, E_F16},   {".m16n8k16", {16, 8, 16}, E_F16}, {".m16n8k8", {16, 8, 8}, E_BF16},
      {".m16n8k16", {16, 8, 16}, E_BF16}, {".m16n8k4", {16, 8, 4}, E_TF32},  {".m16n8k8", {16, 8, 8}, E_TF32},
      {".m8n8k4", {8, 8, 4}, E_F64},     {".m16n8k32", {16, 8, 32}, E_S8},  {".m16n8k32", {16, 8, 32}, E_U8},
  };
  if (cg->G != 32) return cg_unsupported(cg, ins, "mma outside a 32-lane group");
  if (ins->ntypes != 4 || cg_has_mod(ins, ".satfinite")) return cg_unsupported(cg, ins, "this mma form");
  int kd = elem_kind(cg_itype(ins, 0)), ka = elem_kind(cg_itype(ins, 1)), kb = elem_kind(cg_itype(ins, 2)),
      kc = elem_kind(cg_itype(ins, 3));
  const MmaForm *f = NULL;
  for (size_t i = 0; i < ARRAY_LEN(forms); i++)
    if (cg_has_mod(ins, forms[i].shape) && forms[i].ka == ka)
      f = &forms[i];
  if (!f || kd < 0 || kb < 0 || kc < 0 || (ka == E_F64) != (kb == E_F64) || ((ka == E_S8 || ka == E_U8) != (kb == E_S8 || kb == E_U8)))
    return cg_unsupported(cg, ins, "this mma shape and types");
  if (ins->noperands != 4) return cg_unsupported(cg, ins, "this mma operand form");
  WmmaShape s = f->s;
  unsigned nA = s.m * s.k / 32, nB = s.k * s.n / 32, nC = s.m * s.n / 32;
  LLVMValueRef ba = scratch(cg, s.m * s.k * kind_bits[ka] / 8), bb = scratch(cg, s.k * s.n * kind_bits[kb] / 8),
               bc = scratch(cg, s.m * s.n * kind_bits[kc] / 8), bd = scratch(cg, s.m * s.n * kind_bits[kd] / 8);
  if (!mma_frag(cg, f, 'a', &ins->operands[1], ka, ba, s.k, nA, false) ||
      !mma_frag(cg, f, 'b', &ins->operands[2], kb, bb, s.n, nB, false) ||
      !mma_frag(cg, f, 'c', &ins->operands[3], kc, bc, s.n, nC, false))
    return false;
  LLVMValueRef fn = mma_helper(cg, s, ka, kb, kc, kd);
  LLVMValueRef args[4] = {ba, bb, bc, bd};
  LLVMTypeRef pt[4] = {cg->t_ptr, cg->t_ptr, cg->t_ptr, cg->t_ptr};
  LLVMBuildCall2(B, LLVMFunctionType(cg->t_void, pt, 4, false), fn, args, 4, "");
  return mma_frag(cg, f, 'c', &ins->operands[0], kd, bd, s.n, nC, true);
}

/* ldmatrix.sync.aligned.m8n8.{x1,x2,x4}{.trans}.shared.b16 d, [p]: lanes 8j..8j+7 give the
 * row addresses of matrix j; lane l receives, in register j, row l/4, columns 2(l%4) and
 * 2(l%4)+1 of it (.trans: column l/4, rows 2(l%4) and 2(l%4)+1). */
static bool emit_ldmatrix(CgContext *cg, const PtxInstr *ins) {
  if (cg->G != 32) return cg_unsupported(cg, ins, "ldmatrix outside a 32-lane group");
  unsigned nm = cg_has_mod(ins, ".x4") ? 4 : cg_has_mod(ins, ".x2") ? 2 : 1;
  if (!cg_has_mod(ins, ".m8n8") || !cg_type_is(cg_itype(ins, 0), ".b16"))
    return cg_unsupported(cg, ins, "this ldmatrix shape or type");
  bool trans = cg_has_mod(ins, ".trans");
  const PtxOperand *d = &ins->operands[0];
  unsigned nregs = d->kind == PTX_OPND_VEC ? d->list.count : 1;
  if (nregs != nm) return cg_unsupported(cg, ins, "ldmatrix with %u destination registers", nregs);
  LLVMValueRef addr = LLVMBuildPtrToInt(B, cg_address(cg, &ins->operands[1], ptx_instr_space(ins), cg_type_of(".u64")),
                                        cg->v_i64, "");
  LLVMValueRef all = LLVMConstAllOnes(cg->v_i1);
  for (unsigned j = 0; j < nm; j++) {
    LLVMValueRef v = cg_zero(cg, cg->v_i32);
    for (unsigned h = 0; h < 2; h++) {
      LLVMValueRef sel[32], off[32];
      for (unsigned l = 0; l < 32; l++) {
        unsigned g = l >> 2, t = l & 3, r = trans ? t * 2 + h : g, c = trans ? g : t * 2 + h;
        sel[l] = LLVMConstInt(cg->t_i32, j * 8 + r, false);
        off[l] = LLVMConstInt(cg->t_i64, c * 2, false);
      }
      LLVMValueRef rows = LLVMBuildShuffleVector(B, addr, LLVMGetUndef(cg->v_i64), LLVMConstVector(sel, 32), "");
      LLVMValueRef p = cg_to_ptr_vec(cg, LLVMBuildAdd(B, rows, LLVMConstVector(off, 32), ""));
      LLVMValueRef x = LLVMBuildZExt(B, cg_load_vec(cg, p, cg->t_i16, all, false), cg->v_i32, "");
      v = LLVMBuildOr(B, v, LLVMBuildShl(B, x, cg_const_int(cg, cg->t_i32, 16 * h), ""), "");
    }
    cg_write(cg, d->kind == PTX_OPND_VEC ? &d->list.elems[j] : d, v, cg_type_of(".b32"));
  }
  return true;
}

const CgOpEntry cg_ops_wmma[] = {
    {"wmma.load", emit_wmma_load},
    {"wmma.store", emit_wmma_store},
    {"wmma.mma", emit_wmma_mma},
    {"mma", emit_mma},
    {"ldmatrix", emit_ldmatrix},
    {NULL, NULL},
};
