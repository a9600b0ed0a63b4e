/* codegen's public entry points: module set-up (storage for .global/.const variables, the
 * "is everything implemented" check), per-(kernel, blockDim) compilation with a cache, and
 * the compile pipeline itself: CFG, emit LLVM IR, optimise, JIT. */
#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "cg_internal.h"

/* ---- Opcode dispatch: emitters are found by opcode name once. ---- */

extern const CgOpEntry cg_ops_tex[]; /* emit_tex.c: tex, tld4, txq, suld, sust */
extern const CgOpEntry cg_ops_video[]; /* emit_video.c: bmsk, szext, dp4a, dp2a, SIMD video, tanh */
extern const CgOpEntry cg_ops_wmma[];  /* emit_wmma.c: wmma.load, wmma.store, wmma.mma, mma, ldmatrix */
extern const CgOpEntry cg_ops_mbar[];  /* emit_mbar.c: mbarrier.*, cp.async.mbarrier.arrive */
static CgEmitFn op_emitters[PTX_OP_COUNT];
static pthread_once_t op_once = PTHREAD_ONCE_INIT;

static void op_table_init(void) {
  const CgOpEntry *tables[] = {cg_ops_arith, cg_ops_conv, cg_ops_mem, cg_ops_ctrl, cg_ops_atomic, cg_ops_warp,
                               cg_ops_tex, cg_ops_video, cg_ops_wmma, cg_ops_mbar};
  for (unsigned op = 0; op < PTX_OP_COUNT; op++) {
    const char *name = ptx_opcode_name((PtxOpcode)op);
    for (size_t t = 0; t < ARRAY_LEN(tables); t++)
      for (const CgOpEntry *e = tables[t]; e->name; e++)
        if (!strcmp(e->name, name)) op_emitters[op] = e->emit;
  }
}

CgEmitFn cg_op_emitter(PtxOpcode op) {
  pthread_once(&op_once, op_table_init);
  return (unsigned)op < PTX_OP_COUNT ? op_emitters[op] : NULL;
}

bool cg_op_is_warp_level(const PtxInstr *ins) {
  const char *n = ptx_opcode_name(ins->op);
  return !strcmp(n, "shfl") || !strcmp(n, "vote") || !strcmp(n, "match") || !strcmp(n, "redux") ||
         !strcmp(n, "activemask") || !strcmp(n, "bar.warp.sync") || !strcmp(n, "elect") ||
         !strncmp(n, "wmma.", 5) || !strcmp(n, "mma") || !strcmp(n, "ldmatrix"); /* fragments span the warp */
}

/* ---- Module variables. ---- */

uint64_t cg_func_handle(CgModule *m, const PtxFunc *f) {
  for (uint32_t i = 0; i < m->ptx->nfuncs; i++)
    if (m->ptx->funcs[i] == f) return (uint64_t)(uintptr_t)&m->func_handles[i];
  return 0;
}

CgGlobal *cg_global_find(CgModule *m, const PtxVar *var) {
  return map_find(&m->globals_by_var, (const char *)&var, sizeof var);
}

static bool init_write(CgModule *m, const PtxVar *var, const PtxInit *in, uint8_t *dst, uint8_t *end,
                       unsigned elem_size, DiagSink *d, uint8_t **next) {
  switch (in->kind) {
  case PTX_INIT_LIST:
    for (uint32_t i = 0; i < in->count; i++)
      if (!init_write(m, var, &in->elems[i], dst, end, elem_size, d, &dst)) return false;
    *next = dst;
    return true;
  case PTX_INIT_INT:
  case PTX_INIT_FLOAT:
  case PTX_INIT_SYM:
  case PTX_INIT_GENERIC:
  case PTX_INIT_MASK: {
    uint64_t v = in->u;
    if (in->kind == PTX_INIT_FLOAT && elem_size == 4 && ptx_type_bits(var->type) == 32) {
      /* Stored as f32 bits already when the variable is .f32. */
    }
    if (in->kind != PTX_INIT_INT && in->kind != PTX_INIT_FLOAT) {
      uint64_t addr = 0;
      CgGlobal *g = !in->sym_is_func && in->sym.var ? cg_global_find(m, in->sym.var) : NULL;
      if (in->sym_is_func) {
        addr = in->sym.func ? cg_func_handle(m, in->sym.func) : 0;
        if (!addr) {
          diag_report(d, DIAG_ERROR, in->loc, "unknown function in the initialiser of %s", var->name);
          return false;
        }
        addr += (uint64_t)in->offset;
      } else if (!g) {
        diag_report(d, DIAG_UNSUPPORTED, in->loc, "address of %s in the initialiser of %s",
                    in->sym.var ? in->sym.var->name : "?", var->name);
        return false;
      }
      if (g) addr = (uint64_t)(uintptr_t)g->storage + (uint64_t)in->offset;
      v = addr;
      if (in->kind == PTX_INIT_MASK) v = (addr >> (8 * in->mask_byte)) & 0xff;
    }
    if (dst + elem_size > end) {
      diag_report(d, DIAG_ERROR, in->loc, "initialiser of %s is larger than the variable", var->name);
      return false;
    }
    memcpy(dst, &v, elem_size); /* little-endian host */
    *next = dst + elem_size;
    return true;
  }
  }
  return false;
}

static bool module_vars(CgModule *m, DiagSink *d) {
  const PtxModule *p = m->ptx;
  VEC(const PtxVar *) vars = {0};
  for (uint32_t i = 0; i < p->nglobals; i++) vec_push(&vars, p->globals[i]);
  for (uint32_t f = 0; f < p->nfuncs; f++)
    for (uint32_t i = 0; i < p->funcs[f]->nlocals; i++) vec_push(&vars, p->funcs[f]->locals[i]);
  for (size_t i = 0; i < vars.len; i++) {
    const PtxVar *v = vars.data[i];
    if (v->space != PTX_SPACE_GLOBAL && v->space != PTX_SPACE_CONST) continue;
    if (v->opaque) continue;
    size_t size = ptx_var_size(v);
    uint32_t align = ptx_var_align(v);
    if (align < 16) align = 16;
    CgGlobal *g = ARENA_NEW(&m->arena, CgGlobal);
    g->var = v;
    g->size = size;
    g->index = m->nglobals++;
    /* Unsized externs still get an address; their size is what the PTX declared. */
    g->storage = aligned_alloc(align, ALIGN_UP(size ? size : 1, align));
    memset(g->storage, 0, ALIGN_UP(size ? size : 1, align));
    map_put(&m->globals_by_var, (const char *)&v, sizeof v, g);
    /* By name for cg_global_address: module scope wins over a function's own .global. */
    if (!v->owner || !map_find_str(&m->globals, v->name)) map_put_str(&m->globals, v->name, g);
    vec_push(&m->global_list, g);
  }
  bool ok = true;
  for (size_t i = 0; i < vars.len && ok; i++) {
    const PtxVar *v = vars.data[i];
    if (!v->init || (v->space != PTX_SPACE_GLOBAL && v->space != PTX_SPACE_CONST)) continue;
    CgGlobal *g = cg_global_find(m, v);
    if (!g) continue;
    unsigned es = ptx_type_bits(v->type) / 8;
    if (!es) es = 1;
    uint8_t *next;
    ok = init_write(m, v, v->init, g->storage, (uint8_t *)g->storage + g->size, es, d, &next);
  }
  vec_free(&vars);
  return ok;
}

/* ---- The disk cache (PTXVM_CACHE_DIR): objects whose module addresses are symbols,
 * defined per CgModule in its own JITDylib. ---- */

static void module_dylib(CgModule *m) {
  cg_jit_lock();
  m->jd = cg_jit_dylib_create();
  uint32_t n = m->nglobals + m->ptx->nfuncs;
  char **names = xcalloc(n + 1, sizeof *names);
  uint64_t *addrs = xcalloc(n + 1, sizeof *addrs);
  uint32_t k = 0;
  for (size_t i = 0; i < m->global_list.len; i++) {
    CgGlobal *g = m->global_list.data[i];
    names[k] = xmalloc(32);
    snprintf(names[k], 32, "ptxvm.gv.%u", g->index);
    addrs[k++] = (uint64_t)(uintptr_t)g->storage;
  }
  for (uint32_t i = 0; i < m->ptx->nfuncs; i++) {
    names[k] = xmalloc(32);
    snprintf(names[k], 32, "ptxvm.fh.%u", i);
    addrs[k++] = (uint64_t)(uintptr_t)&m->func_handles[i];
  }
  if (!cg_jit_dylib_define(m->jd, (const char *const *)names, addrs, k)) m->jd = NULL;
  cg_jit_unlock();
  for (uint32_t i = 0; i < k; i++) free(names[i]);
  free(names);
  free(addrs);
  if (!m->jd) log_warn("codegen: disk cache disabled for this module");
}

/* Cache key: the module's PTX text, the kernel, G, blockDim, the host CPU and LLVM and
 * ptxvm versions. */
static uint64_t cache_key(CgModule *m, const PtxFunc *f, KDim3 block, unsigned G) {
  unsigned maj = 0, min = 0, pat = 0;
  LLVMGetVersion(&maj, &min, &pat);
  StrBuf sb = {0};
  strbuf_printf(&sb, "ptxvm-cache-1|%s|%u.%u.%u|%s|%s|%s|%u|%u,%u,%u|", PTXVM_VERSION, maj, min, pat,
                cg_jit_cpu(), cg_jit_features(), f->name, G, block.x, block.y, block.z);
  uint64_t h = hash_bytes(sb.data, sb.len);
  uint64_t t = hash_bytes(m->ptx->src, m->ptx->src_len);
  strbuf_free(&sb);
  return h ^ (t * 0x9e3779b97f4a7c15ull) ^ (t >> 29);
}

static char *cache_path(CgModule *m, uint64_t key) {
  size_t n = strlen(m->cache_dir) + 40;
  char *p = xmalloc(n);
  snprintf(p, n, "%s/ptxvm-%016llx.o", m->cache_dir, (unsigned long long)key);
  return p;
}

static void cache_store(CgModule *m, const char *path, const void *data, size_t len) {
  mkdir(m->cache_dir, 0755); /* may exist already */
  size_t n = strlen(path) + 32;
  char *tmp = xmalloc(n);
  snprintf(tmp, n, "%s.%d.tmp", path, (int)getpid());
  FILE *fp = fopen(tmp, "wb");
  bool ok = fp && fwrite(data, 1, len, fp) == len;
  if (fp && fclose(fp) != 0) ok = false;
  /* rename is atomic: concurrent processes see a whole object or none. */
  if (ok && rename(tmp, path) == 0)
    LOG(LOG_CACHE, "codegen: cached %s (%zu bytes)", path, len);
  else {
    log_warn("codegen: cannot write cache file %s: %s", path, strerror(errno));
    remove(tmp);
  }
  free(tmp);
}

/* ---- Kernels. ---- */

typedef struct CgKernelEntry {
  const PtxFunc *func;
  KDim3 block;
  KKernel kernel;
  /* A kernel that uses an unsupported instruction fails for every blockDim: remembered
   * (with its first diagnostic, replayed) so each launch does not rebuild it. */
  bool unsupported;
  SrcLoc loc;
  char *message;
} CgKernelEntry;

static unsigned env_group_size(void) {
  const char *e = getenv("PTXVM_GROUP");
  if (!e || !*e) return 32;
  unsigned g = (unsigned)atoi(e);
  if (g == 1 || g == 8 || g == 16 || g == 32) return g;
  log_warn("PTXVM_GROUP=%s is not 1, 8, 16 or 32; using 32", e);
  return 32;
}

CgModule *cg_module_create(const PtxModule *ptx, const CgOptions *opts, DiagSink *diags) {
  const char *err = NULL;
  if (!cg_jit_init(&err)) {
    diag_report(diags, DIAG_ERROR, (SrcLoc){0}, "LLVM JIT: %s", err);
    return NULL;
  }
  CgModule *m = xcalloc(1, sizeof *m);
  m->ptx = ptx;
  arena_init(&m->arena);
  map_init(&m->globals, &m->arena);
  map_init(&m->globals_by_var, &m->arena);
  pthread_mutex_init(&m->lock, NULL);
  m->group_size = opts && opts->group_size ? opts->group_size : env_group_size();
  if (m->group_size != 1 && m->group_size != 8 && m->group_size != 16 && m->group_size != 32)
    m->group_size = 32;
  const char *cd = opts && opts->cache_dir ? opts->cache_dir : getenv("PTXVM_CACHE_DIR");
  m->cache_dir = cd && *cd ? xstrdup(cd) : NULL;
  m->func_handles = ARENA_ARRAY(&m->arena, uint64_t, ptx->nfuncs + 1);
  for (uint32_t i = 0; i < ptx->nfuncs; i++) m->func_handles[i] = i;
  if (!module_vars(m, diags)) {
    cg_module_destroy(m);
    return NULL;
  }
  if (m->cache_dir) module_dylib(m);
  /* Kernels are checked and compiled one by one at cg_kernel_get: a kernel that uses an
   * instruction ptxvm lacks (directly or through a .func it calls) fails there, with the
   * unsupported diagnostic naming the instruction and its line, while the module loads and
   * its other kernels run, as on a GPU where programs carry variants they never launch. */
  return m;
}

void cg_module_destroy(CgModule *m) {
  if (!m) return;
  for (size_t i = 0; i < m->global_list.len; i++) free(m->global_list.data[i]->storage);
  vec_free(&m->global_list);
  for (size_t i = 0; i < m->kernels.len; i++) {
    free(m->kernels.data[i]->message);
    free(m->kernels.data[i]);
  }
  vec_free(&m->kernels);
  map_fini(&m->globals);
  map_fini(&m->globals_by_var);
  arena_fini(&m->arena);
  pthread_mutex_destroy(&m->lock);
  free(m->cache_dir);
  free(m);
  /* Compiled code stays in the process-wide JIT: LLJIT frees it only with the JIT. */
}

void *cg_global_address(CgModule *m, const char *name, size_t *size) {
  CgGlobal *g = map_find_str(&m->globals, name);
  if (!g) return NULL;
  if (size) *size = g->size;
  return g->storage;
}

/* ---- The compile pipeline. ---- */

typedef VEC(const PtxVar *) VarVec;
typedef VEC(const PtxFunc *) FuncVec;

static void collect_vars(const PtxOperand *o, Map *seen, Arena *a, VarVec *out) {
  (void)a;
  if (!o) return;
  switch (o->kind) {
  case PTX_OPND_VAR:
    if (!map_find(seen, (const char *)&o->var, sizeof o->var)) {
      map_put(seen, (const char *)&o->var, sizeof o->var, (void *)1);
      vec_push(out, o->var);
    }
    break;
  case PTX_OPND_ADDR: collect_vars(o->addr.base, seen, a, out); break;
  case PTX_OPND_VEC:
  case PTX_OPND_LIST:
    for (uint32_t i = 0; i < o->list.count; i++) collect_vars(&o->list.elems[i], seen, a, out);
    break;
  default: break;
  }
}

static _Thread_local const PtxModule *g_module_for_reach;

/* Functions reachable from `f` by calls, f first (g_module_for_reach set by the caller). */
static void reachable_funcs(const PtxFunc *f, Map *seen, FuncVec *out) {
  if (map_find(seen, (const char *)&f, sizeof f)) return;
  map_put(seen, (const char *)&f, sizeof f, (void *)1);
  vec_push(out, f);
  for (uint32_t s = 0; s < f->nbody; s++) {
    if (f->body[s].kind != PTX_STMT_INSTR) continue;
    const PtxInstr *ins = f->body[s].instr;
    bool indirect = !strcmp(ptx_opcode_name(ins->op), "call");
    for (uint32_t i = 0; i < ins->noperands; i++) {
      if (ins->operands[i].kind == PTX_OPND_FUNC) indirect = false;
      if (ins->operands[i].kind == PTX_OPND_FUNC && ins->operands[i].func->body)
        reachable_funcs(ins->operands[i].func, seen, out);
    }
    /* An indirect call may reach any function whose address exists. */
    if (indirect)
      for (uint32_t k = 0; k < g_module_for_reach->nfuncs; k++)
        if (g_module_for_reach->funcs[k]->body && !g_module_for_reach->funcs[k]->is_entry)
          reachable_funcs(g_module_for_reach->funcs[k], seen, out);
  }
}

/* Static shared layout of one kernel: the .shared variables it and its callees name;
 * unsized extern ones (dynamic shared memory) all start after the static ones. */
static uint32_t shared_layout(CgContext *cg, const PtxFunc *kernel, bool *uses_warp) {
  Map seen_f, seen_v;
  map_init(&seen_f, NULL);
  map_init(&seen_v, NULL);
  FuncVec funcs = {0};
  VarVec vars = {0};
  g_module_for_reach = cg->ptx;
  reachable_funcs(kernel, &seen_f, &funcs);
  *uses_warp = false;
  for (size_t k = 0; k < funcs.len; k++) {
    const PtxFunc *f = funcs.data[k];
    for (uint32_t s = 0; s < f->nbody; s++) {
      if (f->body[s].kind != PTX_STMT_INSTR) continue;
      const PtxInstr *ins = f->body[s].instr;
      if (cg_op_is_warp_level(ins)) *uses_warp = true;
      for (uint32_t i = 0; i < ins->noperands; i++) collect_vars(&ins->operands[i], &seen_v, NULL, &vars);
    }
    for (uint32_t i = 0; i < f->nlocals; i++) {
      const PtxVar *v = f->locals[i];
      if (v->space == PTX_SPACE_SHARED && !map_find(&seen_v, (const char *)&v, sizeof v)) {
        map_put(&seen_v, (const char *)&v, sizeof v, (void *)1);
        vec_push(&vars, v);
      }
    }
  }
  uint64_t off = 0;
  for (size_t i = 0; i < vars.len; i++) {
    const PtxVar *v = vars.data[i];
    if (v->space != PTX_SPACE_SHARED && v->space != PTX_SPACE_SHARED_CLUSTER) continue;
    uint64_t size = ptx_var_size(v);
    if (!size) continue;
    uint32_t al = ptx_var_align(v);
    if (!al) al = 4;
    off = ALIGN_UP(off, al);
    map_put(&cg->shared_offsets, (const char *)&v, sizeof v, (void *)(uintptr_t)(off + 1));
    off += size;
  }
  uint64_t dyn = ALIGN_UP(off, 16);
  for (size_t i = 0; i < vars.len; i++) {
    const PtxVar *v = vars.data[i];
    if ((v->space == PTX_SPACE_SHARED || v->space == PTX_SPACE_SHARED_CLUSTER) && !ptx_var_size(v))
      map_put(&cg->shared_offsets, (const char *)&v, sizeof v, (void *)(uintptr_t)(dyn + 1));
  }
  vec_free(&funcs);
  vec_free(&vars);
  map_fini(&seen_f);
  map_fini(&seen_v);
  return (uint32_t)dyn;
}

void cg_context_init(CgContext *cg, LLVMContextRef ctx, LLVMModuleRef mod) {
  cg->ctx = ctx;
  cg->mod = mod;
  cg->b = LLVMCreateBuilderInContext(ctx);
  cg->t_void = LLVMVoidTypeInContext(ctx);
  cg->t_i1 = LLVMInt1TypeInContext(ctx);
  cg->t_i8 = LLVMInt8TypeInContext(ctx);
  cg->t_i16 = LLVMInt16TypeInContext(ctx);
  cg->t_i32 = LLVMInt32TypeInContext(ctx);
  cg->t_i64 = LLVMInt64TypeInContext(ctx);
  cg->t_f16 = LLVMHalfTypeInContext(ctx);
  cg->t_f32 = LLVMFloatTypeInContext(ctx);
  cg->t_f64 = LLVMDoubleTypeInContext(ctx);
  cg->t_ptr = LLVMPointerTypeInContext(ctx, 0);
  cg->v_i1 = LLVMVectorType(cg->t_i1, cg->G);
  cg->v_i32 = LLVMVectorType(cg->t_i32, cg->G);
  cg->v_i64 = LLVMVectorType(cg->t_i64, cg->G);
  LLVMValueRef lanes[32];
  for (unsigned i = 0; i < cg->G; i++) lanes[i] = LLVMConstInt(cg->t_i32, i, false);
  cg->lane = LLVMConstVector(lanes, cg->G);
}

/* A kernel without barriers runs its groups one after another, each to completion, so one
 * call can run them all: the group function becomes "<symbol>.group", inlined into a loop
 * over group_index from the group exec passes to the CTA's last one, and exec sees from
 * group_index, left at the last group run, that the call covered them (kernel_abi.h).
 * One call per CTA instead of one per group, and LLVM hoists what every group computes
 * alike (parameter loads, splats, the lane vector) out of the loop. A trapping group
 * returns at once, group_index naming it. */
static void cg_wrap_group_loop(CgContext *cg, const char *symbol) {
  uint32_t groups = (cg->nthreads + cg->G - 1) / cg->G;
  LLVMValueRef inner = LLVMGetNamedFunction(cg->mod, symbol);
  if (groups < 2 || !inner) return;
  char name[256];
  snprintf(name, sizeof name, "%s.group", symbol);
  LLVMSetValueName2(inner, name, strlen(name));
  LLVMSetLinkage(inner, LLVMInternalLinkage);
  unsigned always = LLVMGetEnumAttributeKindForName("alwaysinline", strlen("alwaysinline"));
  LLVMAddAttributeAtIndex(inner, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(cg->ctx, always, 0));
  LLVMTypeRef pt = cg->t_ptr;
  LLVMTypeRef ft = LLVMFunctionType(cg->t_i32, &pt, 1, false);
  LLVMValueRef fn = LLVMAddFunction(cg->mod, symbol, ft);
  LLVMValueRef ctx = LLVMGetParam(fn, 0);
  LLVMBuilderRef b = cg->b;
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(cg->ctx, fn, "entry"),
                    loop = LLVMAppendBasicBlockInContext(cg->ctx, fn, "group"),
                    next = LLVMAppendBasicBlockInContext(cg->ctx, fn, "next"),
                    done = LLVMAppendBasicBlockInContext(cg->ctx, fn, "done"),
                    stop = LLVMAppendBasicBlockInContext(cg->ctx, fn, "stop");
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef off = cg_i64(cg, offsetof(KGroupCtx, group_index));
  LLVMValueRef gp = LLVMBuildGEP2(b, cg->t_i8, ctx, &off, 1, "group_index");
  LLVMValueRef g0 = LLVMBuildLoad2(b, cg->t_i32, gp, "");
  LLVMBuildBr(b, loop);
  LLVMPositionBuilderAtEnd(b, loop);
  LLVMValueRef g = LLVMBuildPhi(b, cg->t_i32, "g");
  LLVMBuildStore(b, g, gp);
  LLVMValueRef st = LLVMBuildCall2(b, ft, inner, &ctx, 1, "status");
  LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntNE, st, cg_i32(cg, KGROUP_DONE), ""), stop, next);
  LLVMPositionBuilderAtEnd(b, next);
  LLVMValueRef g1 = LLVMBuildAdd(b, g, cg_i32(cg, 1), "");
  LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, g1, cg_i32(cg, groups), ""), loop, done);
  LLVMValueRef iv[2] = {g0, g1};
  LLVMBasicBlockRef ib[2] = {entry, next};
  LLVMAddIncoming(g, iv, ib, 2);
  LLVMPositionBuilderAtEnd(b, done);
  LLVMBuildRet(b, cg_i32(cg, KGROUP_DONE));
  LLVMPositionBuilderAtEnd(b, stop);
  LLVMBuildRet(b, st);
}

/* Emits the group function of `f` for `block` into a fresh module. On success the caller
 * owns (ctx, mod) — through cg_jit_add_module or cg_jit_context_discard. */
static bool cg_emit_kernel(CgModule *m, const PtxFunc *f, KDim3 block, unsigned G, DiagSink *d,
                           const char *symbol, LLVMContextRef *ctx_out, LLVMModuleRef *mod_out,
                           KKernel *kk) {
  LLVMContextRef ctx = cg_jit_context_create();
  LLVMModuleRef mod = LLVMModuleCreateWithNameInContext(symbol, ctx);
  cg_jit_configure_module(mod);
  CgContext cg = {0};
  cg.G = G;
  cg.block = block;
  cg.nthreads = block.x * block.y * block.z;
  cg.ptx = m->ptx;
  cg.cgm = m;
  cg.diags = d;
  cg.symbolic = m->jd != NULL;
  cg_context_init(&cg, ctx, mod);
  cg.funcs = xcalloc(m->ptx->nfuncs + 1, sizeof *cg.funcs);
  map_init(&cg.shared_offsets, NULL);
  bool warp;
  cg.static_shared = shared_layout(&cg, f, &warp);
  bool ok = cg_build_kernel(&cg, f, symbol);
  if (ok && !cg.has_barriers) cg_wrap_group_loop(&cg, symbol);
  if (ok) {
    extern uint32_t cg_kernel_local_size(CgContext *, const PtxFunc *);
    kk->local_size = cg_kernel_local_size(&cg, f);
    kk->static_shared = cg.static_shared;
    kk->has_barriers = cg.has_barriers;
    kk->group_size = G;
    kk->block = block;
    uint32_t offs[512];
    kk->param_size = f->nparams <= ARRAY_LEN(offs) ? ptx_func_param_layout(f, offs) : 0;
  }
  map_fini(&cg.shared_offsets);
  for (uint32_t i = 0; i < m->ptx->nfuncs; i++)
    if (cg.funcs[i]) cg_func_release(cg.funcs[i]);
  free(cg.funcs);
  LLVMDisposeBuilder(cg.b);
  *ctx_out = ctx;
  *mod_out = mod;
  return ok && !cg.failed;
}

static unsigned kernel_group_size(CgModule *m, const PtxFunc *f) {
  Map seen;
  map_init(&seen, NULL);
  FuncVec funcs = {0};
  g_module_for_reach = m->ptx;
  reachable_funcs(f, &seen, &funcs);
  bool warp = false;
  for (size_t k = 0; k < funcs.len && !warp; k++)
    for (uint32_t s = 0; s < funcs.data[k]->nbody && !warp; s++)
      if (funcs.data[k]->body[s].kind == PTX_STMT_INSTR && cg_op_is_warp_level(funcs.data[k]->body[s].instr))
        warp = true;
  vec_free(&funcs);
  map_fini(&seen);
  /* Warp-level instructions see a warp of 32 only when the group is one (DESIGN.md). */
  return warp ? 32 : m->group_size;
}

bool cg_compile_check(CgModule *m, const PtxFunc *f, KDim3 block, DiagSink *d);
bool cg_compile_check(CgModule *m, const PtxFunc *f, KDim3 block, DiagSink *d) {
  cg_jit_lock();
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  KKernel kk = {0};
  bool ok = cg_emit_kernel(m, f, block, kernel_group_size(m, f), d, "check", &ctx, &mod, &kk);
  LLVMDisposeModule(mod);
  cg_jit_context_discard(ctx);
  cg_jit_unlock();
  return ok;
}

/* The disk-cache path (JIT lock held): load the object if the cache has it, else
 * optimise, emit, store and load. The IR was built either way: it gave the kernel's
 * metadata (local/shared sizes, barriers), and is discarded on a hit. */
static bool kernel_from_cache(CgModule *m, const PtxFunc *f, KDim3 block, unsigned G, LLVMContextRef ctx,
                              LLVMModuleRef mod, const char *symbol, KKernel *kk, char **err) {
  char *path = cache_path(m, cache_key(m, f, block, G));
  size_t len = 0;
  char *data = file_read_all(path, &len);
  LLVMMemoryBufferRef buf = NULL;
  if (data && len) {
    LOG(LOG_CACHE, "codegen: %s from cache %s", f->name, path);
    LLVMDisposeModule(mod);
    cg_jit_context_discard(ctx);
    buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, len, path);
  } else {
    if (!cg_jit_optimize(ctx, mod, f->name, err)) {
      free(data);
      free(path);
      return false;
    }
    bool ok = cg_jit_emit_object(mod, &buf, err);
    LLVMDisposeModule(mod);
    cg_jit_context_discard(ctx);
    if (!ok) {
      free(data);
      free(path);
      return false;
    }
    cache_store(m, path, LLVMGetBufferStart(buf), LLVMGetBufferSize(buf));
  }
  free(data);
  free(path);
  if (!cg_jit_add_object(m->jd, buf, err)) return false;
  kk->run = (KGroupFn)cg_jit_lookup_in(m->jd, symbol, err);
  return kk->run != NULL;
}

const KKernel *cg_kernel_get(CgModule *m, const char *name, KDim3 block, DiagSink *diags) {
  const PtxFunc *f = ptx_module_find_func(m->ptx, name);
  if (!f || !f->is_entry || f->is_declaration) {
    diag_report(diags, DIAG_ERROR, (SrcLoc){0}, "no kernel (.entry) named '%s' in the module", name);
    return NULL;
  }
  if (!block.x || !block.y || !block.z) {
    diag_report(diags, DIAG_ERROR, (SrcLoc){0}, "block dimensions of %s must be non-zero", name);
    return NULL;
  }
  pthread_mutex_lock(&m->lock);
  for (size_t i = 0; i < m->kernels.len; i++) {
    CgKernelEntry *e = m->kernels.data[i];
    if (e->func == f && e->unsupported) {
      pthread_mutex_unlock(&m->lock);
      diag_report(diags, DIAG_UNSUPPORTED, e->loc, "%s", e->message);
      return NULL;
    }
    if (e->func == f && e->block.x == block.x && e->block.y == block.y && e->block.z == block.z) {
      pthread_mutex_unlock(&m->lock);
      return &e->kernel;
    }
  }
  CgKernelEntry *e = xcalloc(1, sizeof *e);
  e->func = f;
  e->block = block;
  e->kernel.name = f->name;
  unsigned G = kernel_group_size(m, f);
  cg_jit_lock();
  char symbol[256];
  if (m->jd) /* stable across runs: the cached object defines it. Template names run to
                thousands of characters and share long prefixes: a hash keeps them apart. */
    snprintf(symbol, sizeof symbol, "ptxvm.kernel.%.160s.%016llx.%u.%u.%u.g%u", f->name,
             (unsigned long long)hash_bytes(f->name, strlen(f->name)), block.x, block.y, block.z, G);
  else
    snprintf(symbol, sizeof symbol, "ptxvm.k%lu.%.200s", cg_jit_unique(), f->name);
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  size_t ndiags = diags->diags.len;
  bool ok = cg_emit_kernel(m, f, block, G, diags, symbol, &ctx, &mod, &e->kernel);
  char *err = NULL;
  for (size_t i = ndiags; !ok && i < diags->diags.len; i++)
    if (diags->diags.data[i].severity == DIAG_UNSUPPORTED) {
      e->unsupported = true;
      e->loc = diags->diags.data[i].loc;
      e->message = xstrdup(diags->diags.data[i].message);
      break;
    }
  if (!ok) {
    LLVMDisposeModule(mod);
    cg_jit_context_discard(ctx);
  } else if (m->jd) {
    ok = kernel_from_cache(m, f, block, G, ctx, mod, symbol, &e->kernel, &err);
  } else {
    ok = cg_jit_add_module(ctx, mod, f->name, &err);
    if (ok) e->kernel.run = (KGroupFn)cg_jit_lookup(symbol, &err);
    ok = ok && e->kernel.run;
  }
  cg_jit_unlock();
  if (!ok) {
    if (err) diag_report(diags, DIAG_ERROR, f->loc, "compiling kernel %s: %s", f->name, err);
    free(err);
    if (e->unsupported)
      vec_push(&m->kernels, e);
    else
      free(e);
    pthread_mutex_unlock(&m->lock);
    return NULL;
  }
  LOG(LOG_IR, "codegen: compiled %s for block (%u,%u,%u), G=%u%s", f->name, block.x, block.y,
      block.z, G, e->kernel.has_barriers ? ", with barriers" : "");
  vec_push(&m->kernels, e);
  pthread_mutex_unlock(&m->lock);
  return &e->kernel;
}
