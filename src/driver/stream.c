/* driver: streams. Work runs synchronously when it is issued, so every stream is always
 * complete; streams exist to be validated, queried and synchronised (which reports the
 * context's sticky error, as a GPU's stream synchronisation would). */
#include "driver_internal.h"

CUresult drv_stream_check(CUstream s) {
  if (s == NULL || s == CU_STREAM_LEGACY || s == CU_STREAM_PER_THREAD) return CUDA_SUCCESS;
  if (s->magic != DRV_MAGIC_STREAM || !drv_ctx_valid(s->ctx)) return CUDA_ERROR_INVALID_HANDLE;
  return CUDA_SUCCESS;
}

static CUresult stream_create(CUstream *ph, unsigned flags, int priority) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!ph || (flags & ~(unsigned)CU_STREAM_NON_BLOCKING)) return CUDA_ERROR_INVALID_VALUE;
  struct CUstream_st *s = xcalloc(1, sizeof *s);
  s->magic = DRV_MAGIC_STREAM;
  s->ctx = ctx;
  s->flags = flags;
  s->priority = priority > 0 ? 0 : priority < -5 ? -5 : priority; /* clamped, as CUDA does */
  static atomic_ullong next_id = 2;
  s->id = atomic_fetch_add(&next_id, 1);
  *ph = s;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuStreamCreate(CUstream *phStream, unsigned int Flags) {
  return stream_create(phStream, Flags, 0);
}

CU_API CUresult CUDAAPI cuStreamCreateWithPriority(CUstream *phStream, unsigned int flags, int priority) {
  return stream_create(phStream, flags, priority);
}

/* The struct stays allocated with a dead magic so a stale handle is reported. */
CU_API CUresult CUDAAPI cuStreamDestroy_v2(CUstream hStream) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!hStream || hStream == CU_STREAM_LEGACY || hStream == CU_STREAM_PER_THREAD ||
      drv_stream_check(hStream) != CUDA_SUCCESS)
    return CUDA_ERROR_INVALID_HANDLE;
  hStream->magic = DRV_MAGIC_DEAD;
  drv_keep_dead(hStream);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuStreamSynchronize(CUstream hStream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  return drv_stream_check(hStream);
}
DRV_ALIAS(cuStreamSynchronize_ptsz, cuStreamSynchronize);

CU_API CUresult CUDAAPI cuStreamQuery(CUstream hStream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  return drv_stream_check(hStream);
}
DRV_ALIAS(cuStreamQuery_ptsz, cuStreamQuery);

CU_API CUresult CUDAAPI cuStreamWaitEvent(CUstream hStream, CUevent hEvent, unsigned int Flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!hEvent) return CUDA_ERROR_INVALID_HANDLE;
  return drv_stream_check(hStream);
}
DRV_ALIAS(cuStreamWaitEvent_ptsz, cuStreamWaitEvent);

CU_API CUresult CUDAAPI cuStreamGetFlags(CUstream hStream, unsigned int *flags) {
  CUresult r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!flags) return CUDA_ERROR_INVALID_VALUE;
  *flags = hStream && hStream != CU_STREAM_LEGACY && hStream != CU_STREAM_PER_THREAD ? hStream->flags : 0;
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuStreamGetFlags_ptsz, cuStreamGetFlags);

CU_API CUresult CUDAAPI cuStreamGetPriority(CUstream hStream, int *priority) {
  CUresult r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!priority) return CUDA_ERROR_INVALID_VALUE;
  *priority = hStream && hStream != CU_STREAM_LEGACY && hStream != CU_STREAM_PER_THREAD ? hStream->priority : 0;
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuStreamGetPriority_ptsz, cuStreamGetPriority);

CU_API CUresult CUDAAPI cuStreamGetCtx(CUstream hStream, CUcontext *pctx) {
  CUresult r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!pctx) return CUDA_ERROR_INVALID_VALUE;
  if (hStream && hStream != CU_STREAM_LEGACY && hStream != CU_STREAM_PER_THREAD) {
    *pctx = hStream->ctx;
    return CUDA_SUCCESS;
  }
  *pctx = drv_ctx_current();
  return *pctx ? CUDA_SUCCESS : CUDA_ERROR_INVALID_CONTEXT;
}
DRV_ALIAS(cuStreamGetCtx_ptsz, cuStreamGetCtx);

/* Host functions and callbacks run at once: everything before them is already done. */
CU_API CUresult CUDAAPI cuLaunchHostFunc(CUstream hStream, CUhostFn fn, void *userData) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!fn) return CUDA_ERROR_INVALID_VALUE;
  fn(userData);
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuLaunchHostFunc_ptsz, cuLaunchHostFunc);

CU_API CUresult CUDAAPI cuStreamAddCallback(CUstream hStream, CUstreamCallback callback, void *userData,
                                           unsigned int flags) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!callback || flags) return CUDA_ERROR_INVALID_VALUE;
  CUcontext ctx = drv_ctx_current();
  callback(hStream, ctx ? drv_ctx_sticky(ctx) : CUDA_SUCCESS, userData);
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuStreamAddCallback_ptsz, cuStreamAddCallback);

CU_API CUresult CUDAAPI cuStreamAttachMemAsync(CUstream hStream, CUdeviceptr dptr, size_t length,
                                              unsigned int flags) {
  return drv_stream_check(hStream);
}
DRV_ALIAS(cuStreamAttachMemAsync_ptsz, cuStreamAttachMemAsync);

/* Nothing is ever captured into a graph (stream capture is unsupported), which libraries
 * that check before issuing work need to hear. */
CU_API CUresult CUDAAPI cuStreamIsCapturing(CUstream hStream, CUstreamCaptureStatus *captureStatus) {
  CUresult r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!captureStatus) return CUDA_ERROR_INVALID_VALUE;
  *captureStatus = CU_STREAM_CAPTURE_STATUS_NONE;
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuStreamIsCapturing_ptsz, cuStreamIsCapturing);

static bool is_special(CUstream s) { return !s || s == CU_STREAM_LEGACY || s == CU_STREAM_PER_THREAD; }

CU_API CUresult CUDAAPI cuStreamGetId(CUstream hStream, unsigned long long *streamId) {
  CUresult r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!streamId) return CUDA_ERROR_INVALID_VALUE;
  *streamId = is_special(hStream) ? (hStream == CU_STREAM_PER_THREAD ? 1 : 0) : hStream->id;
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuStreamGetId_ptsz, cuStreamGetId);

CU_API CUresult CUDAAPI cuStreamGetDevice(CUstream hStream, CUdevice *device) {
  CUresult r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  if (!device) return CUDA_ERROR_INVALID_VALUE;
  CUcontext ctx = is_special(hStream) ? drv_ctx_current() : hStream->ctx;
  if (!drv_ctx_valid(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
  *device = ctx->device;
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuStreamGetDevice_ptsz, cuStreamGetDevice);
