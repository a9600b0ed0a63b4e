/* driver: modules and functions. An image (fatbinary wrapper or container, host ELF with
 * .nv_fatbin, or PTX text) gives its PTX through the fatbin layer; the PTX is parsed,
 * verified and handed to the code generator. Diagnostics go to the log, and the error
 * code says whose fault it was: CUDA_ERROR_INVALID_PTX / _INVALID_IMAGE (the input's),
 * CUDA_ERROR_NO_BINARY_FOR_GPU (no PTX in it), CUDA_ERROR_NOT_SUPPORTED (ptxvm's gap). */
#include <errno.h> /* program_invocation_short_name */
#include <time.h>

#include "driver_internal.h"

#ifdef PTXVM_HAVE_FATBIN
#include "fatbin.h"
#endif
#ifdef PTXVM_HAVE_PTX
#include "ptx.h"
#endif
#ifdef PTXVM_HAVE_CODEGEN
#include "codegen.h"
#endif

bool drv_module_valid(CUmodule mod) {
  return mod && mod->magic == DRV_MAGIC_MOD && drv_ctx_valid(mod->ctx);
}

bool drv_func_valid(CUfunction f) {
  return f && f->magic == DRV_MAGIC_FUNC && drv_module_valid(f->mod);
}

/* While cuModuleLoadDataEx runs: where the diagnostics are collected for the JIT log
 * buffers the caller passed. */
static __thread StrBuf *jit_log;

/* Prints rendered diagnostics (they carry their own severity) as log lines do. */
void drv_print_diags(const DiagSink *d) {
  StrBuf sb = {0};
  for (size_t i = 0; i < d->diags.len; i++) {
    sb.len = 0;
    diag_render(&d->diags.data[i], &sb);
    if (!sb.data) continue;
    bool nl = sb.len && sb.data[sb.len - 1] == '\n';
    fprintf(stderr, "ptxvm: %s%s", sb.data, nl ? "" : "\n");
    if (jit_log) {
      strbuf_puts(jit_log, sb.data);
      if (!nl) strbuf_puts(jit_log, "\n");
    }
  }
  strbuf_free(&sb);
}

/* Prints every diagnostic and classifies them: unsupported-only means ptxvm's gap. */
__attribute__((unused)) static CUresult report_diags(const DiagSink *d, CUresult error_code) {
  bool unsupported = false, error = false;
  for (size_t i = 0; i < d->diags.len; i++) {
    if (d->diags.data[i].severity == DIAG_UNSUPPORTED) unsupported = true;
    if (d->diags.data[i].severity == DIAG_ERROR) error = true;
  }
  drv_print_diags(d);
  if (unsupported && !error) return CUDA_ERROR_NOT_SUPPORTED;
  return error_code;
}

void drv_module_destroy(CUmodule mod) {
  if (!mod || mod->magic != DRV_MAGIC_MOD) return;
  for (size_t i = 0; i < mod->globals.len; i++) drv_alloc_unregister(mod->globals.data[i]);
  vec_free(&mod->globals);
  for (size_t i = 0; i < mod->funcs.cap; i++) {
    struct CUfunc_st *f = mod->funcs.slots ? mod->funcs.slots[i].value : NULL;
    if (!f) continue;
    free(f->param_offsets);
    free(f->param_sizes);
    f->param_offsets = f->param_sizes = NULL;
    f->magic = DRV_MAGIC_DEAD; /* the struct stays so stale handles are detected */
    drv_keep_dead(f);
  }
  map_fini(&mod->funcs);
#ifdef PTXVM_HAVE_CODEGEN
  if (mod->cg) cg_module_destroy(mod->cg);
#endif
#ifdef PTXVM_HAVE_PTX
  if (mod->ptx) ptx_module_destroy(mod->ptx);
#endif
  mod->cg = NULL;
  mod->ptx = NULL;
  free(mod->name);
  mod->name = NULL;
  mod->magic = DRV_MAGIC_DEAD;
}

#ifdef PTXVM_HAVE_PTX
/* Parses, verifies and prepares PTX text for execution into `mod`. */
static CUresult module_from_ptx(struct CUmod_st *mod, const char *text, size_t len) {
  DiagSink d;
  diag_init(&d, mod->name, text, len);
  d.max_errors = 20;
  PtxModule *ptx = ptx_module_parse(text, len, mod->name, &d);
  if (!ptx) {
    CUresult r = report_diags(&d, CUDA_ERROR_INVALID_PTX);
    diag_fini(&d);
    return r;
  }
  if (!ptx_module_verify(ptx, &d)) {
    CUresult r = report_diags(&d, CUDA_ERROR_INVALID_PTX);
    diag_fini(&d);
    ptx_module_destroy(ptx);
    return r;
  }
  mod->ptx = ptx;
  /* PTX from before ISA 2.3 has no .address_size and, from a 32-bit compile (the ptxjit
   * sample's 2011 PTX), keeps pointers in .u32 registers and parameters. */
  if ((ptx->has_address_size && ptx->address_size == 32) ||
      (!ptx->has_address_size && (ptx->version_major < 2 || (ptx->version_major == 2 && ptx->version_minor < 3))))
    drv_want_low_addresses();
#ifdef PTXVM_HAVE_CODEGEN
  CgOptions opts = {0};
  mod->cg = cg_module_create(ptx, &opts, &d);
  if (!mod->cg) {
    CUresult r = report_diags(&d, CUDA_ERROR_INVALID_PTX);
    diag_fini(&d);
    return r;
  }
  /* Module variables are device memory: record them so copies and pointer queries on
   * the addresses cuModuleGetGlobal returns pass the device-pointer checks. */
  for (uint32_t i = 0; i < ptx->nglobals; i++) {
    PtxVar *v = ptx->globals[i];
    if (v->space != PTX_SPACE_GLOBAL && v->space != PTX_SPACE_CONST) continue;
    size_t size = 0;
    void *addr = cg_global_address(mod->cg, v->name, &size);
    if (!addr || drv_alloc_lookup((uintptr_t)addr, 1, NULL)) continue;
    drv_alloc_register(addr, size, DRV_MEM_GLOBAL, mod->ctx, 0);
    vec_push(&mod->globals, addr);
  }
#else
  LOG(LOG_API, "module %s parsed; this build has no code generator to run it", mod->name);
#endif
  report_diags(&d, CUDA_SUCCESS); /* warnings */
  diag_fini(&d);
  return CUDA_SUCCESS;
}
#endif

/* Loads `image` (len 0: bounded by its own headers) into the current context. */
static CUresult module_load(CUmodule *out, const void *image, size_t len, const char *name) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!out || !image) return CUDA_ERROR_INVALID_VALUE;
#if !defined(PTXVM_HAVE_FATBIN) || !defined(PTXVM_HAVE_PTX)
  (void)len;
  (void)name;
  log_error("cannot load module: this ptxvm build has no %s",
#ifndef PTXVM_HAVE_FATBIN
            "fatbinary reader"
#else
            "PTX parser"
#endif
  );
  return CUDA_ERROR_NOT_SUPPORTED;
#else
  struct CUmod_st *mod = xcalloc(1, sizeof *mod);
  mod->magic = DRV_MAGIC_MOD;
  mod->ctx = ctx;
  mod->name = xstrdup(name);
  map_init(&mod->funcs, NULL);

  FatbinImage img = {0};
  DiagSink d;
  /* A fatbinary handed over in memory (by the runtime, usually) is the program's. */
  uint32_t magic = 0;
  const uint8_t *bytes = image;
  for (int i = 0; i < 4 && bytes[i]; i++) magic |= (uint32_t)bytes[i] << (8 * i); /* no byte past a NUL */
  if (!len && (magic == FATBIN_WRAPPER_MAGIC || magic == FATBIN_CONTAINER_MAGIC))
    name = program_invocation_short_name;
  diag_init(&d, name, NULL, 0);
  char *text = NULL;
  size_t text_len = 0;
  if (!fatbin_parse_memory(image, len, &img, &d)) {
    r = report_diags(&d, CUDA_ERROR_INVALID_IMAGE);
    goto fail;
  }
  unsigned cc = (unsigned)(drv.cc_major * 10 + drv.cc_minor);
  const FatbinEntry *e = fatbin_choose_ptx(&img, cc, &d);
  if (!e && img.form == FATBIN_FORM_WRAPPER) {
    /* Relocatable device code: the registered image is the device-linked SASS; the PTX
     * of each translation unit is in the program's relfatbin sections (rdc.c). */
    DiagSink ld;
    diag_init(&ld, name, NULL, 0);
    if (drv_rdc_link(image, cc, &text, &text_len, &ld)) {
      free(mod->name);
      size_t n = strlen(program_invocation_short_name) + 16;
      mod->name = xmalloc(n);
      snprintf(mod->name, n, "%s:rdc.ptx", program_invocation_short_name);
    }
    diag_fini(&ld);
  }
  if (!e && !text) {
    r = report_diags(&d, CUDA_ERROR_NO_BINARY_FOR_GPU);
    goto fail;
  }
  if (e) {
    if (!fatbin_entry_ptx_text(e, &text, &text_len, &d)) {
      r = report_diags(&d, CUDA_ERROR_INVALID_IMAGE);
      goto fail;
    }
    report_diags(&d, CUDA_SUCCESS); /* warnings, e.g. PTX for a newer target */
  }
  if (e && img.form != FATBIN_FORM_PTX_TEXT) {
    char target[32];
    fatbin_entry_target(e, target, sizeof target);
    free(mod->name);
    /* Name it after the source nvcc recorded, else after the program (a fatbinary
     * registered by the runtime comes without a name). */
    mod->name = xstrdup(e->identifier ? e->identifier : program_invocation_short_name);
    char *full = NULL;
    size_t n = strlen(mod->name) + strlen(target) + 16;
    full = xmalloc(n);
    snprintf(full, n, "%s:%s.ptx", mod->name, target);
    free(mod->name);
    mod->name = full;
  }
  r = module_from_ptx(mod, text, text_len);
  if (r != CUDA_SUCCESS) goto fail;
  free(text);
  diag_fini(&d);
  fatbin_image_fini(&img);

  pthread_mutex_lock(&ctx->lock);
  vec_push(&ctx->modules, mod);
  pthread_mutex_unlock(&ctx->lock);
  LOG(LOG_API, "loaded module %s", mod->name);
  *out = mod;
  return CUDA_SUCCESS;

fail:
  free(text);
  diag_fini(&d);
  fatbin_image_fini(&img);
  drv_module_destroy(mod);
  free(mod);
  return r;
#endif
}

CU_API CUresult CUDAAPI cuModuleLoadData(CUmodule *module, const void *image) {
  return module_load(module, image, 0, "module");
}

/* Copies `text` into a JIT log buffer option pair (buffer, size in / bytes used out). */
static void fill_log(unsigned n, CUjit_option *options, void **values, CUjit_option buf_opt,
                     CUjit_option size_opt, const StrBuf *text) {
  char *buf = NULL;
  int size_at = -1;
  for (unsigned i = 0; i < n; i++) {
    if (options[i] == buf_opt) buf = values[i];
    if (options[i] == size_opt) size_at = (int)i;
  }
  if (!buf || size_at < 0) return;
  size_t cap = (size_t)(uintptr_t)values[size_at];
  if (cap == 0) return;
  size_t len = text && text->data ? MIN(text->len, cap - 1) : 0;
  if (len) memcpy(buf, text->data, len);
  buf[len] = 0;
  values[size_at] = (void *)(uintptr_t)(len ? len + 1 : 0);
}

/* JIT options tune NVIDIA's compiler (registers, optimisation level, targets); ours has
 * no use for them, but an option CUDA does not know is refused as NVIDIA's driver does.
 * The log buffers are honoured: the error log gets the diagnostics of a failed load, the
 * info log those (warnings) of a successful one; CU_JIT_WALL_TIME gets the milliseconds
 * the load took (a float written over the option's value, as cuda.h specifies). */
CU_API CUresult CUDAAPI cuModuleLoadDataEx(CUmodule *module, const void *image, unsigned int numOptions,
                                          CUjit_option *options, void **optionValues) {
  if (numOptions && (!options || !optionValues)) return CUDA_ERROR_INVALID_VALUE;
  for (unsigned i = 0; i < numOptions; i++)
    if ((unsigned)options[i] >= (unsigned)CU_JIT_NUM_OPTIONS) {
      log_error("cuModuleLoadDataEx: unknown JIT option %u", (unsigned)options[i]);
      return CUDA_ERROR_INVALID_VALUE;
    }
  StrBuf log = {0};
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  jit_log = &log;
  CUresult r = module_load(module, image, 0, "module");
  jit_log = NULL;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  for (unsigned i = 0; i < numOptions; i++)
    if (options[i] == CU_JIT_WALL_TIME) {
      float ms = (float)((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
      void *slot = NULL;
      memcpy(&slot, &ms, sizeof ms); /* the float sits in the value slot's first bytes */
      optionValues[i] = slot;
    }
  StrBuf none = {0};
  fill_log(numOptions, options, optionValues, CU_JIT_ERROR_LOG_BUFFER,
           CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, r != CUDA_SUCCESS ? &log : &none);
  fill_log(numOptions, options, optionValues, CU_JIT_INFO_LOG_BUFFER,
           CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, r == CUDA_SUCCESS ? &log : &none);
  strbuf_free(&log);
  return r;
}

CU_API CUresult CUDAAPI cuModuleLoadFatBinary(CUmodule *module, const void *fatCubin) {
  return module_load(module, fatCubin, 0, "fatbinary");
}

CU_API CUresult CUDAAPI cuModuleLoad(CUmodule *module, const char *fname) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!module || !fname) return CUDA_ERROR_INVALID_VALUE;
  size_t len;
  char *data = file_read_all(fname, &len);
  if (!data) {
    log_error("cuModuleLoad: cannot read '%s'", fname);
    return CUDA_ERROR_FILE_NOT_FOUND;
  }
  r = module_load(module, data, len + 1 /* with the NUL file_read_all adds */, fname);
  free(data);
  return r;
}

CU_API CUresult CUDAAPI cuModuleUnload(CUmodule hmod) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!drv_module_valid(hmod)) return CUDA_ERROR_INVALID_HANDLE;
  CUcontext ctx = hmod->ctx;
  pthread_mutex_lock(&ctx->lock);
  for (size_t i = 0; i < ctx->modules.len; i++) {
    if (ctx->modules.data[i] != hmod) continue;
    ctx->modules.data[i] = ctx->modules.data[--ctx->modules.len];
    break;
  }
  pthread_mutex_unlock(&ctx->lock);
  drv_module_destroy(hmod);
  drv_keep_dead(hmod);
  return drv_ctx_sticky(ctx);
}

#ifdef PTXVM_HAVE_PTX
static uint32_t sum_space(PtxVar *const *vars, uint32_t n, PtxSpace space) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; i++) {
    const PtxVar *v = vars[i];
    if (v->space != space || v->linkage == PTX_LINK_EXTERN) continue;
    uint32_t align = ptx_var_align(v);
    if (align) total = ALIGN_UP(total, align);
    total += ptx_var_size(v);
  }
  return total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
}
#endif

CU_API CUresult CUDAAPI cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!hfunc || !name) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_module_valid(hmod)) return CUDA_ERROR_INVALID_HANDLE;
#ifndef PTXVM_HAVE_PTX
  return CUDA_ERROR_NOT_FOUND;
#else
  pthread_mutex_lock(&hmod->ctx->lock);
  struct CUfunc_st *f = map_find_str(&hmod->funcs, name);
  if (!f) {
    PtxFunc *pf = ptx_module_find_func(hmod->ptx, name);
    if (!pf || !pf->is_entry || pf->is_declaration) {
      pthread_mutex_unlock(&hmod->ctx->lock);
      LOG(LOG_API, "cuModuleGetFunction: no kernel '%s' in %s", name, hmod->name);
      return CUDA_ERROR_NOT_FOUND;
    }
    f = xcalloc(1, sizeof *f);
    f->magic = DRV_MAGIC_FUNC;
    f->mod = hmod;
    f->name = pf->name;
    f->func = pf;
    f->nparams = pf->nparams;
    f->param_offsets = xcalloc(pf->nparams + 1, sizeof(uint32_t));
    f->param_sizes = xcalloc(pf->nparams + 1, sizeof(uint32_t));
    f->param_size = ptx_func_param_layout(pf, f->param_offsets);
    for (uint32_t i = 0; i < pf->nparams; i++) f->param_sizes[i] = (uint32_t)ptx_var_size(pf->params[i]);
    f->static_shared = sum_space(hmod->ptx->globals, hmod->ptx->nglobals, PTX_SPACE_SHARED) +
                       sum_space(pf->locals, pf->nlocals, PTX_SPACE_SHARED);
    f->const_size = sum_space(hmod->ptx->globals, hmod->ptx->nglobals, PTX_SPACE_CONST);
    f->local_size = sum_space(pf->locals, pf->nlocals, PTX_SPACE_LOCAL);
    f->num_regs = MIN(pf->nregs, 255u);
    uint32_t max_threads = EXEC_MAX_THREADS_PER_BLOCK_DRV;
    const uint32_t *lim = pf->reqntid[0] ? pf->reqntid : pf->maxntid[0] ? pf->maxntid : NULL;
    if (lim) {
      uint64_t prod = (uint64_t)lim[0] * (lim[1] ? lim[1] : 1) * (lim[2] ? lim[2] : 1);
      if (prod < max_threads) max_threads = (uint32_t)prod;
    }
    f->max_threads = max_threads;
    f->max_dynamic_shared = (int)(DRV_SHARED_DEFAULT > f->static_shared
                                      ? DRV_SHARED_DEFAULT - f->static_shared
                                      : 0);
    f->carveout = -1;
    map_put_str(&hmod->funcs, name, f);
  }
  pthread_mutex_unlock(&hmod->ctx->lock);
  *hfunc = f;
  return CUDA_SUCCESS;
#endif
}

CU_API CUresult CUDAAPI cuModuleGetGlobal_v2(CUdeviceptr *dptr, size_t *bytes, CUmodule hmod,
                                            const char *name) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!name) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_module_valid(hmod)) return CUDA_ERROR_INVALID_HANDLE;
#ifdef PTXVM_HAVE_CODEGEN
  size_t size = 0;
  void *addr = hmod->cg ? cg_global_address(hmod->cg, name, &size) : NULL;
  if (!addr) return CUDA_ERROR_NOT_FOUND;
  if (dptr) *dptr = (CUdeviceptr)(uintptr_t)addr;
  if (bytes) *bytes = size;
  return CUDA_SUCCESS;
#else
  (void)dptr;
  (void)bytes;
  return drv_unsupported("cuModuleGetGlobal (this ptxvm build has no code generator)");
#endif
}

CU_API CUresult CUDAAPI cuModuleGetLoadingMode(CUmoduleLoadingMode *mode) {
  if (!mode) return CUDA_ERROR_INVALID_VALUE;
  *mode = CU_MODULE_LAZY_LOADING;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuFuncGetAttribute(int *pi, CUfunction_attribute attrib, CUfunction hfunc) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!pi) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_func_valid(hfunc)) return CUDA_ERROR_INVALID_HANDLE;
  const struct CUfunc_st *f = hfunc;
  switch (attrib) {
  case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *pi = (int)f->max_threads; break;
  case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: *pi = (int)f->static_shared; break;
  case CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES: *pi = (int)f->const_size; break;
  case CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES: *pi = (int)f->local_size; break;
  case CU_FUNC_ATTRIBUTE_NUM_REGS: *pi = (int)f->num_regs; break;
  case CU_FUNC_ATTRIBUTE_PTX_VERSION:
#ifdef PTXVM_HAVE_PTX
    *pi = (int)(f->mod->ptx->sm ? f->mod->ptx->sm : (unsigned)(drv.cc_major * 10 + drv.cc_minor));
#else
    *pi = 0;
#endif
    break;
  case CU_FUNC_ATTRIBUTE_BINARY_VERSION: *pi = drv.cc_major * 10 + drv.cc_minor; break;
  case CU_FUNC_ATTRIBUTE_CACHE_MODE_CA: *pi = 0; break;
  case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES: *pi = f->max_dynamic_shared; break;
  case CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT: *pi = f->carveout; break;
  case CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET:
  case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH:
  case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT:
  case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH:
  case CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED:
  case CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE: *pi = 0; break;
  default: return CUDA_ERROR_INVALID_VALUE;
  }
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuFuncSetAttribute(CUfunction hfunc, CUfunction_attribute attrib, int value) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!drv_func_valid(hfunc)) return CUDA_ERROR_INVALID_HANDLE;
  switch (attrib) {
  case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
    if (value < 0 || (uint64_t)value + hfunc->static_shared > DRV_SHARED_OPTIN)
      return CUDA_ERROR_INVALID_VALUE;
    hfunc->max_dynamic_shared = value;
    return CUDA_SUCCESS;
  case CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT:
    if (value < -1 || value > 100) return CUDA_ERROR_INVALID_VALUE;
    hfunc->carveout = value;
    return CUDA_SUCCESS;
  case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH:
  case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT:
  case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH:
  case CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED:
  case CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE:
    return CUDA_SUCCESS; /* no clusters: nothing to schedule differently */
  default: return CUDA_ERROR_INVALID_VALUE;
  }
}

CU_API CUresult CUDAAPI cuFuncSetCacheConfig(CUfunction hfunc, CUfunc_cache config) {
  return drv_func_valid(hfunc) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE;
}

CU_API CUresult CUDAAPI cuFuncSetSharedMemConfig(CUfunction hfunc, CUsharedconfig config) {
  return drv_func_valid(hfunc) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE;
}

CU_API CUresult CUDAAPI cuFuncGetName(const char **name, CUfunction hfunc) {
  if (!name) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_func_valid(hfunc)) return CUDA_ERROR_INVALID_HANDLE;
  *name = hfunc->name;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuFuncGetModule(CUmodule *hmod, CUfunction hfunc) {
  if (!hmod) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_func_valid(hfunc)) return CUDA_ERROR_INVALID_HANDLE;
  *hmod = hfunc->mod;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuFuncGetParamInfo(CUfunction func, size_t paramIndex, size_t *paramOffset,
                                          size_t *paramSize) {
  if (!drv_func_valid(func)) return CUDA_ERROR_INVALID_HANDLE;
  if (paramIndex >= func->nparams) return CUDA_ERROR_INVALID_VALUE;
  if (paramOffset) *paramOffset = func->param_offsets[paramIndex];
  if (paramSize) *paramSize = func->param_sizes[paramIndex];
  return CUDA_SUCCESS;
}
