/* driver: contexts. Each thread has a stack of current contexts; each device has a
 * primary context (the one the runtime uses), retained and released by count. A kernel
 * fault makes its context's error sticky, as on a GPU: every later call in that context
 * returns it until the context is destroyed or reset. */
#include "driver_internal.h"

static __thread CUcontext ctx_stack[DRV_CTX_STACK_MAX];
static __thread int ctx_depth;
static atomic_uint next_ctx_id = 1;

CUcontext drv_ctx_current(void) { return ctx_depth ? ctx_stack[ctx_depth - 1] : NULL; }

bool drv_ctx_valid(CUcontext ctx) {
  return ctx && ctx->magic == DRV_MAGIC_CTX && (!ctx->is_primary || ctx->active);
}

CUresult drv_ctx_sticky(CUcontext ctx) { return (CUresult)atomic_load(&ctx->sticky); }

void drv_ctx_set_sticky(CUcontext ctx, CUresult err) {
  int expected = CUDA_SUCCESS;
  atomic_compare_exchange_strong(&ctx->sticky, &expected, (int)err);
}

CUresult drv_ctx_get(CUcontext *out) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  CUcontext ctx = drv_ctx_current();
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  *out = ctx;
  return drv_ctx_sticky(ctx);
}

void drv_ctx_release_resources(CUcontext ctx) {
  pthread_mutex_lock(&ctx->lock);
  for (size_t i = 0; i < ctx->modules.len; i++) {
    drv_module_destroy(ctx->modules.data[i]);
    drv_keep_dead(ctx->modules.data[i]);
  }
  vec_free(&ctx->modules);
  pthread_mutex_unlock(&ctx->lock);
  drv_alloc_free_context(ctx);
  atomic_store(&ctx->sticky, CUDA_SUCCESS);
  memset(ctx->limits, 0, sizeof ctx->limits);
}

/* Removes every occurrence of ctx from this thread's stack (others' stacks keep a dead
 * handle, which their next call reports as CUDA_ERROR_INVALID_CONTEXT). */
static void unbind_everywhere_here(CUcontext ctx) {
  int j = 0;
  for (int i = 0; i < ctx_depth; i++)
    if (ctx_stack[i] != ctx) ctx_stack[j++] = ctx_stack[i];
  ctx_depth = j;
}

/* ---- Primary contexts. ---- */

static CUresult check_device(CUdevice dev) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (dev < 0 || dev >= drv.device_count) return CUDA_ERROR_INVALID_DEVICE;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
  CUresult r = check_device(dev);
  if (r != CUDA_SUCCESS) return r;
  if (!pctx) return CUDA_ERROR_INVALID_VALUE;
  DrvDevice *d = &drv.devices[dev];
  pthread_mutex_lock(&drv.lock);
  if (d->primary_refs++ == 0) {
    d->primary.active = true;
    d->primary.flags = d->primary_flags;
    if (!d->primary.id) d->primary.id = atomic_fetch_add(&next_ctx_id, 1);
  }
  pthread_mutex_unlock(&drv.lock);
  *pctx = &d->primary;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuDevicePrimaryCtxRelease_v2(CUdevice dev) {
  CUresult r = check_device(dev);
  if (r != CUDA_SUCCESS) return r;
  DrvDevice *d = &drv.devices[dev];
  pthread_mutex_lock(&drv.lock);
  if (d->primary_refs == 0) {
    pthread_mutex_unlock(&drv.lock);
    return CUDA_ERROR_INVALID_CONTEXT;
  }
  bool last = --d->primary_refs == 0;
  if (last) d->primary.active = false;
  pthread_mutex_unlock(&drv.lock);
  if (last) drv_ctx_release_resources(&d->primary);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuDevicePrimaryCtxSetFlags_v2(CUdevice dev, unsigned int flags) {
  CUresult r = check_device(dev);
  if (r != CUDA_SUCCESS) return r;
  if (flags & ~(unsigned)(CU_CTX_SCHED_MASK | CU_CTX_MAP_HOST | CU_CTX_LMEM_RESIZE_TO_MAX |
                          CU_CTX_SYNC_MEMOPS))
    return CUDA_ERROR_INVALID_VALUE;
  pthread_mutex_lock(&drv.lock);
  drv.devices[dev].primary_flags = flags;
  drv.devices[dev].primary.flags = flags;
  pthread_mutex_unlock(&drv.lock);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuDevicePrimaryCtxGetState(CUdevice dev, unsigned int *flags, int *active) {
  CUresult r = check_device(dev);
  if (r != CUDA_SUCCESS) return r;
  if (!flags || !active) return CUDA_ERROR_INVALID_VALUE;
  pthread_mutex_lock(&drv.lock);
  *flags = drv.devices[dev].primary_flags;
  *active = drv.devices[dev].primary_refs > 0;
  pthread_mutex_unlock(&drv.lock);
  return CUDA_SUCCESS;
}

/* Destroys what the primary context holds, whoever retained it (cudaDeviceReset). */
CU_API CUresult CUDAAPI cuDevicePrimaryCtxReset_v2(CUdevice dev) {
  CUresult r = check_device(dev);
  if (r != CUDA_SUCCESS) return r;
  DrvDevice *d = &drv.devices[dev];
  pthread_mutex_lock(&drv.lock);
  d->primary_refs = 0;
  d->primary.active = false;
  d->primary_flags = 0;
  pthread_mutex_unlock(&drv.lock);
  drv_ctx_release_resources(&d->primary);
  return CUDA_SUCCESS;
}

/* ---- Created contexts. ---- */

static CUresult ctx_create(CUcontext *pctx, unsigned flags, CUdevice dev) {
  CUresult r = check_device(dev);
  if (r != CUDA_SUCCESS) return r;
  if (!pctx) return CUDA_ERROR_INVALID_VALUE;
  if (ctx_depth == DRV_CTX_STACK_MAX) return CUDA_ERROR_OUT_OF_MEMORY;
  struct CUctx_st *ctx = xcalloc(1, sizeof *ctx);
  ctx->magic = DRV_MAGIC_CTX;
  ctx->device = dev;
  ctx->flags = flags;
  ctx->id = atomic_fetch_add(&next_ctx_id, 1);
  pthread_mutex_init(&ctx->lock, NULL);
  ctx_stack[ctx_depth++] = ctx;
  *pctx = ctx;
  LOG(LOG_API, "cuCtxCreate: context %u on device %d", ctx->id, dev);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxCreate_v2(CUcontext *pctx, unsigned int flags, CUdevice dev) {
  return ctx_create(pctx, flags, dev);
}

CU_API CUresult CUDAAPI cuCtxCreate_v3(CUcontext *pctx, CUexecAffinityParam *paramsArray,
                                      int numParams, unsigned int flags, CUdevice dev) {
  if (numParams < 0 || (numParams > 0 && !paramsArray)) return CUDA_ERROR_INVALID_VALUE;
  if (numParams > 0) return drv_unsupported("cuCtxCreate_v3 with execution affinity");
  return ctx_create(pctx, flags, dev);
}

CU_API CUresult CUDAAPI cuCtxCreate_v4(CUcontext *pctx, CUctxCreateParams *ctxCreateParams,
                                      unsigned int flags, CUdevice dev) {
  if (ctxCreateParams &&
      (ctxCreateParams->numExecAffinityParams > 0 || ctxCreateParams->cigParams))
    return drv_unsupported("cuCtxCreate_v4 with execution affinity or CIG parameters");
  return ctx_create(pctx, flags, dev);
}

CU_API CUresult CUDAAPI cuCtxDestroy_v2(CUcontext ctx) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!ctx || ctx->magic != DRV_MAGIC_CTX) return CUDA_ERROR_INVALID_CONTEXT;
  if (ctx->is_primary) return CUDA_ERROR_INVALID_CONTEXT; /* use cuDevicePrimaryCtxRelease */
  unbind_everywhere_here(ctx);
  drv_ctx_release_resources(ctx);
  ctx->magic = DRV_MAGIC_DEAD; /* the struct stays, so stale handles are detected */
  drv_keep_dead(ctx);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxPushCurrent_v2(CUcontext ctx) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  if (ctx_depth == DRV_CTX_STACK_MAX) return CUDA_ERROR_OUT_OF_MEMORY;
  ctx_stack[ctx_depth++] = ctx;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxPopCurrent_v2(CUcontext *pctx) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (ctx_depth == 0) return CUDA_ERROR_INVALID_CONTEXT;
  CUcontext ctx = ctx_stack[--ctx_depth];
  if (!ctx) return CUDA_ERROR_INVALID_CONTEXT; /* an unbound slot (cuCtxSetCurrent(NULL)) */
  if (pctx) *pctx = ctx;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxSetCurrent(CUcontext ctx) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!ctx) {
    /* Unbinds: nothing is current, and what was pushed below stays below. */
    if (ctx_depth == 1)
      ctx_depth = 0;
    else if (ctx_depth > 1)
      ctx_stack[ctx_depth - 1] = NULL;
    return CUDA_SUCCESS;
  }
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  if (ctx_depth == 0)
    ctx_stack[ctx_depth++] = ctx;
  else
    ctx_stack[ctx_depth - 1] = ctx;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxGetCurrent(CUcontext *pctx) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!pctx) return CUDA_ERROR_INVALID_VALUE;
  *pctx = drv_ctx_current();
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxGetDevice(CUdevice *device) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!device) return CUDA_ERROR_INVALID_VALUE;
  CUcontext ctx = drv_ctx_current();
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  *device = ctx->device;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxGetFlags(unsigned int *flags) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!flags) return CUDA_ERROR_INVALID_VALUE;
  CUcontext ctx = drv_ctx_current();
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  *flags = ctx->flags;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxSetFlags(unsigned int flags) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  CUcontext ctx = drv_ctx_current();
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  ctx->flags = flags;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxGetId(CUcontext ctx, unsigned long long *ctxId) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!ctxId) return CUDA_ERROR_INVALID_VALUE;
  if (!ctx) ctx = drv_ctx_current();
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  *ctxId = ctx->id;
  return CUDA_SUCCESS;
}

/* Work runs synchronously, so there is nothing to wait for: only a fault to report. */
CU_API CUresult CUDAAPI cuCtxSynchronize(void) {
  CUcontext ctx;
  return drv_ctx_get(&ctx);
}

CU_API CUresult CUDAAPI cuCtxGetApiVersion(CUcontext ctx, unsigned int *version) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!version) return CUDA_ERROR_INVALID_VALUE;
  if (!ctx) ctx = drv_ctx_current();
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  *version = 12050; /* the API of cuCtxCreate_v4 */
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxSetLimit(CUlimit limit, size_t value) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if ((unsigned)limit >= ARRAY_LEN(ctx->limits)) return CUDA_ERROR_UNSUPPORTED_LIMIT;
  if (limit == CU_LIMIT_MALLOC_HEAP_SIZE) drv_set_heap_size(value);
  ctx->limits[limit] = value;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxGetLimit(size_t *pvalue, CUlimit limit) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!pvalue) return CUDA_ERROR_INVALID_VALUE;
  if ((unsigned)limit >= ARRAY_LEN(ctx->limits)) return CUDA_ERROR_UNSUPPORTED_LIMIT;
  size_t v = ctx->limits[limit];
  if (!v) {
    switch (limit) {
    case CU_LIMIT_STACK_SIZE: v = 1024; break;
    case CU_LIMIT_PRINTF_FIFO_SIZE: v = 1 << 20; break;
    case CU_LIMIT_MALLOC_HEAP_SIZE: v = drv_get_heap_size(); break;
    case CU_LIMIT_DEV_RUNTIME_SYNC_DEPTH: v = 2; break;
    case CU_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT: v = 2048; break;
    case CU_LIMIT_MAX_L2_FETCH_GRANULARITY: v = 32; break;
    default: v = 0; break;
    }
  }
  *pvalue = v;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxGetCacheConfig(CUfunc_cache *pconfig) {
  if (!pconfig) return CUDA_ERROR_INVALID_VALUE;
  *pconfig = CU_FUNC_CACHE_PREFER_NONE;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxSetCacheConfig(CUfunc_cache config) { return CUDA_SUCCESS; }

CU_API CUresult CUDAAPI cuCtxGetStreamPriorityRange(int *leastPriority, int *greatestPriority) {
  if (leastPriority) *leastPriority = 0;
  if (greatestPriority) *greatestPriority = -5;
  return CUDA_SUCCESS;
}

/* Peers share one address space already. */
CU_API CUresult CUDAAPI cuCtxEnablePeerAccess(CUcontext peerContext, unsigned int Flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!drv_ctx_valid(peerContext) || Flags) return CUDA_ERROR_INVALID_VALUE;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuCtxDisablePeerAccess(CUcontext peerContext) {
  if (!drv_ctx_valid(peerContext)) return CUDA_ERROR_INVALID_CONTEXT;
  return CUDA_SUCCESS;
}
