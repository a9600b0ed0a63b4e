/* driver: events. Work is complete when it is issued, so recording an event takes the
 * time at once, and queries and waits always find it complete. */
#include <time.h>

#include "driver_internal.h"

struct CUevent_st {
  uint32_t magic;
  CUcontext ctx;
  unsigned flags;
  bool recorded;
  struct timespec when;
};

static bool event_valid(CUevent e) { return e && e->magic == DRV_MAGIC_EVENT && drv_ctx_valid(e->ctx); }

CU_API CUresult CUDAAPI cuEventCreate(CUevent *phEvent, unsigned int Flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!phEvent || (Flags & ~(unsigned)(CU_EVENT_BLOCKING_SYNC | CU_EVENT_DISABLE_TIMING |
                                       CU_EVENT_INTERPROCESS)))
    return CUDA_ERROR_INVALID_VALUE;
  struct CUevent_st *e = xcalloc(1, sizeof *e);
  e->magic = DRV_MAGIC_EVENT;
  e->ctx = ctx;
  e->flags = Flags;
  *phEvent = e;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuEventDestroy_v2(CUevent hEvent) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!event_valid(hEvent)) return CUDA_ERROR_INVALID_HANDLE;
  hEvent->magic = DRV_MAGIC_DEAD; /* kept allocated so stale handles are detected */
  drv_keep_dead(hEvent);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuEventRecord(CUevent hEvent, CUstream hStream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!event_valid(hEvent)) return CUDA_ERROR_INVALID_HANDLE;
  r = drv_stream_check(hStream);
  if (r != CUDA_SUCCESS) return r;
  clock_gettime(CLOCK_MONOTONIC, &hEvent->when);
  hEvent->recorded = true;
  return CUDA_SUCCESS;
}
DRV_ALIAS(cuEventRecord_ptsz, cuEventRecord);

CU_API CUresult CUDAAPI cuEventRecordWithFlags(CUevent hEvent, CUstream hStream, unsigned int flags) {
  return cuEventRecord(hEvent, hStream);
}
DRV_ALIAS(cuEventRecordWithFlags_ptsz, cuEventRecordWithFlags);

CU_API CUresult CUDAAPI cuEventQuery(CUevent hEvent) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!event_valid(hEvent)) return CUDA_ERROR_INVALID_HANDLE;
  return drv_ctx_sticky(hEvent->ctx);
}

CU_API CUresult CUDAAPI cuEventSynchronize(CUevent hEvent) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!event_valid(hEvent)) return CUDA_ERROR_INVALID_HANDLE;
  return drv_ctx_sticky(hEvent->ctx);
}

CU_API CUresult CUDAAPI cuEventElapsedTime_v2(float *pMilliseconds, CUevent hStart, CUevent hEnd) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!pMilliseconds) return CUDA_ERROR_INVALID_VALUE;
  if (!event_valid(hStart) || !event_valid(hEnd)) return CUDA_ERROR_INVALID_HANDLE;
  if (!hStart->recorded || !hEnd->recorded) return CUDA_ERROR_INVALID_HANDLE;
  if ((hStart->flags | hEnd->flags) & CU_EVENT_DISABLE_TIMING) return CUDA_ERROR_INVALID_HANDLE;
  double ms = (double)(hEnd->when.tv_sec - hStart->when.tv_sec) * 1e3 +
              (double)(hEnd->when.tv_nsec - hStart->when.tv_nsec) / 1e6;
  *pMilliseconds = (float)ms;
  return CUDA_SUCCESS;
}

